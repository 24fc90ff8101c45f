"""The schools list's filters, for the API and the schools page alike."""

import django_filters
from django.db.models import Prefetch, Q

from core.filtersets import YearFilter

from .kinds import list_kind_choices
from .models import School, SchoolStatus
from .selectors import listed_statuses


class SchoolFilterSet(django_filters.FilterSet):
    """`municipality` code, `status` (a list kind; with `year`, that year's list), `year` (statuses as of that
    year, no later list), `q` (name, code, aliases, settlement)."""

    municipality = django_filters.CharFilter(
        field_name="municipality__code", label="Муниципалитет", help_text="код муниципалитета"
    )
    status = django_filters.ChoiceFilter(
        choices=list_kind_choices,  # the list kinds in use (reference data), read per request
        method="filter_status",
        label="Статус",
        empty_label="любой",
        help_text=(
            "в списке этого вида (с year — в списке этого года): код вида из справочника «Виды списков» — "
            "shnor, shnsu, 500plus, nonobjective, watch, low_ior, post_project, regional_project и добавленные"
        ),
    )
    year = YearFilter(method="filter_year", label="Год", help_text="год списков: статусы на этот год")
    q = django_filters.CharFilter(method="filter_q", label="Поиск", help_text="поиск по названию, коду, синонимам")

    class Meta:
        model = School
        fields = ["municipality", "status", "year", "q"]

    def filter_q(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        return queryset.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(code__icontains=q)
            | Q(aliases__icontains=q)
            | Q(settlement__icontains=q)
        )

    def filter_status(self, queryset, name, value: str):
        statuses = listed_statuses(kind=value, year=self.form.cleaned_data.get("year") or None)
        return queryset.filter(pk__in=statuses.values("school_id"))

    def filter_year(self, queryset, name, value):
        # The statuses each school shows are those as of the year: the scoped list's prefetch is replaced.
        statuses = SchoolStatus.objects.order_by("-year", "kind").filter(year__lte=value)
        return queryset.prefetch_related(None).prefetch_related(Prefetch("statuses", queryset=statuses))
