"""The indicators' lists' filters: indicators and their values (contract §3), for the API's lists and exports."""

import django_filters
from django.db.models import QuerySet

from core.filtersets import YearFilter

from .models import Indicator, IndicatorValue

SCOPE_MUNICIPALITY = "municipality"


class IndicatorFilterSet(django_filters.FilterSet):
    """`program` and `municipality` codes."""

    program = django_filters.CharFilter(field_name="program__code", label="Программа", help_text="код программы")
    municipality = django_filters.CharFilter(
        field_name="program__municipality__code", label="Муниципалитет", help_text="код муниципалитета"
    )

    class Meta:
        model = Indicator
        fields = ["program", "municipality"]


class IndicatorValueFilterSet(django_filters.FilterSet):
    """`indicator`, `program`, `municipality`, `school` codes, `year`; `scope=municipality`: the municipality's
    values only (ignored with `school`, which asks for that school's values)."""

    indicator = django_filters.CharFilter(field_name="indicator__code", label="Показатель", help_text="код показателя")
    program = django_filters.CharFilter(
        field_name="indicator__program__code", label="Программа", help_text="код программы"
    )
    year = YearFilter(field_name="year", label="Год", help_text="год")
    municipality = django_filters.CharFilter(
        field_name="indicator__program__municipality__code", label="Муниципалитет", help_text="код муниципалитета"
    )
    school = django_filters.CharFilter(
        field_name="school__code", label="Школа", help_text="код ОО: значения по этой школе"
    )
    scope = django_filters.ChoiceFilter(
        choices=[(SCOPE_MUNICIPALITY, "муниципалитет")],
        method="filter_scope",
        label="Уровень",
        help_text="только значения муниципалитета",
    )

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "program", "year", "municipality", "school", "scope"]

    def filter_scope(self, queryset: QuerySet[IndicatorValue], name: str, value: str) -> QuerySet[IndicatorValue]:
        if self.form.cleaned_data.get("school"):
            return queryset
        return queryset.filter(school__isnull=True)
