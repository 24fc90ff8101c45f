"""The programmes' lists' filters: programmes and a programme's plan-schedule (activities)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filtersets import YearFilter

from .models import PlanItem, Program, SchoolDocument
from .selectors import overdue_q

ACTIVITY_STATUSES = [*PlanItem.Status.choices[:3], (PlanItem.OVERDUE, "Просрочено"), *PlanItem.Status.choices[3:]]


class ProgramFilterSet(django_filters.FilterSet):
    """`municipality` code; `year` inside the programme's period."""

    municipality = django_filters.CharFilter(field_name="municipality__code", help_text="код муниципалитета")
    year = YearFilter(method="filter_year", label="Год", help_text="год внутри периода программы")

    class Meta:
        model = Program
        fields = ["municipality", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(period_start__year__lte=value, period_end__year__gte=value)


class ActivityFilterSet(django_filters.FilterSet):
    """A programme's items: the municipal plan, or (`school` = code) a school's own plan among the schools the
    user sees; `status` (or the computed «overdue»); `overdue` true/false. The queryset is the programme's items the
    user may see (`plan_item_get_list`)."""

    school = django_filters.CharFilter(
        method="filter_school", label="Школа", help_text="код ОО: план школы в программе"
    )
    status = django_filters.ChoiceFilter(
        choices=ACTIVITY_STATUSES, method="filter_status", label="Статус", empty_label="любой", help_text="статус"
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", help_text="только просроченные (или нет)")

    class Meta:
        model = PlanItem
        fields = ["school", "status", "overdue"]

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("school"):
            queryset = queryset.filter(school__isnull=True)  # no school asked: the municipal plan
        return super().filter_queryset(queryset)

    def filter_school(self, queryset, name, value):
        return queryset.filter(school__code=value)

    def filter_status(self, queryset, name, value):
        if value == PlanItem.OVERDUE:
            return queryset.filter(overdue_q(timezone.localdate()))
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        today_overdue: Q = overdue_q(timezone.localdate())
        return queryset.filter(today_overdue) if value else queryset.exclude(today_overdue)


class DocumentFilterSet(django_filters.FilterSet):
    """The school documents page: `status`, `year` of the document, `school` code."""

    status = django_filters.ChoiceFilter(
        choices=SchoolDocument.Status.choices, label="Статус", empty_label="любой", help_text="статус документа"
    )
    year = YearFilter(field_name="year", label="Год", help_text="год документа")
    school = django_filters.CharFilter(field_name="school__code", label="Школа", help_text="код ОО")

    class Meta:
        model = SchoolDocument
        fields = ["status", "year", "school"]
