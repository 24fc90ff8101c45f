"""The results lists' filters (the rows, the territories' figures), for the API and the pages alike."""

import django_filters

from core.filtersets import IntegerFilter, YearFilter

from .models import Result, TerritoryLevel, TerritoryResult

PROCEDURE_HELP = "код процедуры: VPR (ВПР), OGE (ОГЭ), EGE (ЕГЭ), GVE (ГВЭ)"


class _ResultFilters:
    def filter_procedure(self, queryset, name, value):
        return queryset.filter(procedure=value.upper())

    def filter_grade(self, queryset, name, value):
        return queryset.filter(grade=value) if value else queryset


class ResultFilterSet(_ResultFilters, django_filters.FilterSet):
    """`school` and `municipality` codes, `procedure` (any case), `subject` code, `grade`, `year`."""

    school = django_filters.CharFilter(field_name="school__code", label="Код ОО", help_text="код ОО")
    municipality = django_filters.CharFilter(
        field_name="school__municipality__code", label="Муниципалитет", help_text="код муниципалитета"
    )
    procedure = django_filters.CharFilter(method="filter_procedure", label="Процедура", help_text=PROCEDURE_HELP)
    subject = django_filters.CharFilter(
        field_name="subject__code", label="Предмет", help_text="код предмета: russian, math, …"
    )
    grade = IntegerFilter(method="filter_grade", label="Класс", help_text="класс")
    year = YearFilter(field_name="year", label="Год", help_text="год")

    class Meta:
        model = Result
        fields = ["school", "municipality", "procedure", "subject", "grade", "year"]


class ResultSummaryFilterSet(_ResultFilters, django_filters.FilterSet):
    """The territories' figures: `level` (municipalities, the default, or regions) picks which territories are
    summed — the view reads it from the form before the rows are built, so it is not a row filter; `municipality`,
    `procedure`, `subject`, `grade` (none: all grades together), `year` narrow the results summed."""

    level = django_filters.ChoiceFilter(
        choices=[("municipality", "муниципалитеты"), ("region", "регионы")],
        method="filter_level",
        label="Территории",
        help_text="территории: муниципалитеты (по умолчанию) или регионы",
    )
    municipality = django_filters.CharFilter(
        field_name="school__municipality__code", label="Муниципалитет", help_text="код муниципалитета"
    )
    procedure = django_filters.CharFilter(method="filter_procedure", label="Процедура", help_text=PROCEDURE_HELP)
    subject = django_filters.CharFilter(
        field_name="subject__code", label="Предмет", help_text="код предмета: russian, math, …"
    )
    grade = IntegerFilter(method="filter_grade", label="Класс", help_text="класс (пусто — все классы вместе)")
    year = YearFilter(field_name="year", label="Год", help_text="год")

    class Meta:
        model = Result
        fields = ["level", "municipality", "procedure", "subject", "grade", "year"]

    def filter_level(self, queryset, name, value):
        return queryset


class TerritoryResultFilterSet(_ResultFilters, django_filters.FilterSet):
    """The whole-territory rows as their sources gave them: `level` (municipality, region), `municipality` and
    `region` codes, `procedure`, `subject`, `grade`, `year`."""

    level = django_filters.ChoiceFilter(
        choices=TerritoryLevel.choices, label="Уровень", help_text="municipality или region"
    )
    municipality = django_filters.CharFilter(
        field_name="municipality__code", label="Муниципалитет", help_text="код муниципалитета"
    )
    region = django_filters.CharFilter(field_name="region__code", label="Регион", help_text="код региона")
    procedure = django_filters.CharFilter(method="filter_procedure", label="Процедура", help_text=PROCEDURE_HELP)
    subject = django_filters.CharFilter(
        field_name="subject__code", label="Предмет", help_text="код предмета: russian, math, …"
    )
    grade = IntegerFilter(method="filter_grade", label="Класс", help_text="класс")
    year = YearFilter(field_name="year", label="Год", help_text="год")

    class Meta:
        model = TerritoryResult
        fields = ["level", "municipality", "region", "procedure", "subject", "grade", "year"]
