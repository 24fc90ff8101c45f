"""The support network's lists' filters, for the API and the pages alike.

Each FilterSet narrows a list its selector has already scoped (`selectors.<noun>_list(user=...)` without filters):
`municipality` and `school` are codes, `year` a year checked by `core.years`, `teacher` a teacher's №. Where a
record has two sides (a partnership's school and partner, a pair's mentor and mentee, an event's host and the
schools that attended), a code or a № matches either side. A period (curator, partnership, course, pair) is in a
year when it overlaps it; a dated record (visit, event, diagnostic) when its date falls in it.
"""

import datetime

import django_filters
from django.db.models import Q

from core.filtersets import FlagFilter, IntegerFilter, YearFilter

from .models import (
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    IndividualPlan,
    MentoringPair,
    MethodEvent,
    Partnership,
    PDCourse,
    StaffingFigures,
    Teacher,
    event_kind_names,
)

MUNICIPALITY_HELP = "код муниципалитета"
SCHOOL_HELP = "код ОО"
TEACHER_HELP = "№ педагога"


def event_kind_choices() -> list[tuple[str, str]]:
    """Every kind of the reference table (retired ones too: old events keep them), read when a filter is built."""
    return list(event_kind_names().items())


def _overlaps(year: int) -> Q:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))


def _municipality(field_name: str):
    return django_filters.CharFilter(field_name=field_name, label="Муниципалитет", help_text=MUNICIPALITY_HELP)


def _school(field_name: str = "", *, method: str = ""):
    if method:
        return django_filters.CharFilter(method=method, label="Школа", help_text=SCHOOL_HELP)
    return django_filters.CharFilter(field_name=field_name, label="Школа", help_text=SCHOOL_HELP)


def _year(*, field_name: str = "", method: str = "", help_text: str = "год"):
    if method:
        return YearFilter(method=method, label="Год", help_text=help_text)
    return YearFilter(field_name=field_name, label="Год", help_text=help_text)


def _teacher(field_name: str = "", *, method: str = ""):
    if method:
        return IntegerFilter(method=method, label="Педагог", help_text=TEACHER_HELP)
    return IntegerFilter(field_name=field_name, label="Педагог", help_text=TEACHER_HELP)


class _Overlapping:
    def filter_overlaps(self, queryset, name, value):
        return queryset.filter(_overlaps(value))


class AssignmentFilterSet(django_filters.FilterSet):
    """`municipality`, `school`; `active`: only those in force today."""

    municipality = _municipality("school__municipality__code")
    school = _school("school__code")
    active = FlagFilter(method="filter_active", label="Действующие", help_text="только действующие")

    class Meta:
        model = CuratorAssignment
        fields = ["municipality", "school", "active"]

    def filter_active(self, queryset, name, value):
        return queryset.active() if value else queryset


class VisitFilterSet(django_filters.FilterSet):
    """`municipality`, `school`, `year` of the visit's date."""

    municipality = _municipality("school__municipality__code")
    school = _school("school__code")
    year = _year(field_name="date__year", help_text="год визита")

    class Meta:
        model = CuratorVisit
        fields = ["municipality", "school", "year"]


class PartnershipFilterSet(_Overlapping, django_filters.FilterSet):
    """`municipality` and `school` on either side; `year`: partnerships whose period overlaps it."""

    municipality = django_filters.CharFilter(
        method="filter_municipality", label="Муниципалитет", help_text="код муниципалитета любой из сторон"
    )
    school = _school(method="filter_school")
    year = _year(method="filter_overlaps", help_text="действуют в этом году")

    class Meta:
        model = Partnership
        fields = ["municipality", "school", "year"]

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(Q(school__municipality__code=value) | Q(partner__municipality__code=value))

    def filter_school(self, queryset, name, value):
        return queryset.filter(Q(school__code=value) | Q(partner__code=value))


class EventFilterSet(django_filters.FilterSet):
    """`municipality` of the event, `school` hosting or attending, `year` of the date, `kind`."""

    municipality = _municipality("municipality__code")
    school = _school(method="filter_school")
    year = _year(field_name="date__year", help_text="год мероприятия")
    kind = django_filters.ChoiceFilter(
        choices=event_kind_choices, label="Вид", empty_label="любой", help_text="код вида мероприятия"
    )

    class Meta:
        model = MethodEvent
        fields = ["municipality", "school", "year", "kind"]

    def filter_school(self, queryset, name, value):
        attended = EventAttendance.objects.filter(school__code=value).values("event_id")
        return queryset.filter(Q(host_school__code=value) | Q(pk__in=attended))


class TeacherFilterSet(django_filters.FilterSet):
    """`municipality`, `school`; `active`: working (true) or not (false)."""

    municipality = _municipality("school__municipality__code")
    school = _school("school__code")
    active = FlagFilter(field_name="is_active", label="Работает", help_text="только работающие (или нет)")

    class Meta:
        model = Teacher
        fields = ["municipality", "school", "active"]


class TeacherSummaryFilterSet(django_filters.FilterSet):
    """The per-school aggregates (rows are schools): `municipality`, `school`; `year` is the year diagnostics and
    courses are counted in, which `selectors.teacher_summary` builds the rows for — read from the form, not a row
    filter. No Meta model: the view's model is Teacher, and DRF's backend checks a FilterSet's model against it."""

    year = _year(method="filter_counted_in", help_text="год диагностик и курсов (по умолчанию — год страниц)")
    school = _school("code")
    municipality = _municipality("municipality__code")

    def filter_counted_in(self, queryset, name, value):
        return queryset


class CourseFilterSet(_Overlapping, django_filters.FilterSet):
    """`municipality`, `school` of the teacher; `year` the course's period overlaps; `teacher`."""

    municipality = _municipality("teacher__school__municipality__code")
    school = _school("teacher__school__code")
    year = _year(method="filter_overlaps", help_text="курсы, идущие в этом году")
    teacher = _teacher("teacher_id")

    class Meta:
        model = PDCourse
        fields = ["municipality", "school", "year", "teacher"]


class DiagnosticFilterSet(django_filters.FilterSet):
    """`municipality`, `school` of the teacher; `year` of the date; `teacher`."""

    municipality = _municipality("teacher__school__municipality__code")
    school = _school("teacher__school__code")
    year = _year(field_name="date__year", help_text="год диагностики")
    teacher = _teacher("teacher_id")

    class Meta:
        model = DeficitDiagnostic
        fields = ["municipality", "school", "year", "teacher"]


class PlanFilterSet(django_filters.FilterSet):
    """`school` of the teacher, the plan's `year`, `teacher`."""

    school = _school("teacher__school__code")
    year = _year(field_name="year", help_text="год ИОМ")
    teacher = _teacher("teacher_id")

    class Meta:
        model = IndividualPlan
        fields = ["school", "year", "teacher"]


class PairFilterSet(_Overlapping, django_filters.FilterSet):
    """`school` and `teacher` on either side (mentor or mentee); `year` the pair's period overlaps."""

    school = _school(method="filter_school")
    year = _year(method="filter_overlaps", help_text="пары, действующие в этом году")
    teacher = _teacher(method="filter_teacher")

    class Meta:
        model = MentoringPair
        fields = ["school", "year", "teacher"]

    def filter_school(self, queryset, name, value):
        return queryset.filter(Q(mentor__school__code=value) | Q(mentee__school__code=value))

    def filter_teacher(self, queryset, name, value):
        return queryset.filter(Q(mentor_id=value) | Q(mentee_id=value))


class StaffingFilterSet(django_filters.FilterSet):
    """`municipality`, `school` (the municipality's figures as a whole have none), `year`."""

    municipality = _municipality("municipality__code")
    school = _school("school__code")
    year = _year(field_name="year", help_text="год сводных данных")

    class Meta:
        model = StaffingFigures
        fields = ["municipality", "school", "year"]
