"""Whom the support network reached in a year: the schools with methodological work or a partnership, the teachers
diagnosed or trained — what the overview, the dashboards and the indicators engine count."""

from django.db.models import Count, Q, QuerySet

from ..models import (
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    MethodEvent,
    Partnership,
    PDCourse,
    StaffingFigures,
    Teacher,
)
from .common import overlaps


def _school_ids(schools) -> QuerySet | list:
    return schools.values("pk") if isinstance(schools, QuerySet) else list(schools)


def schools_supported_in(schools, year: int) -> set[int]:
    """Schools with a curator visit, or an event attended (with participants) or hosted, in the year."""
    ids = _school_ids(schools)
    visited = (
        CuratorVisit.objects.filter(school_id__in=ids, date__year=year).order_by().values_list("school_id", flat=True)
    )
    attended = (
        EventAttendance.objects.filter(school_id__in=ids, participants__gt=0, event__date__year=year)
        .order_by()
        .values_list("school_id", flat=True)
    )
    hosted = (
        MethodEvent.objects.filter(host_school_id__in=ids, date__year=year)
        .order_by()
        .values_list("host_school_id", flat=True)
    )
    return set(visited.union(attended, hosted))


def schools_with_partnership_in(schools, year: int) -> set[int]:
    """Schools on either side of a partnership whose period overlaps the year."""
    ids = _school_ids(schools)
    active = Partnership.objects.filter(overlaps(year))
    active = active.order_by()
    as_school = active.filter(school_id__in=ids).values_list("school_id", flat=True)
    as_partner = active.filter(partner_id__in=ids).values_list("partner_id", flat=True)
    return set(as_school.union(as_partner))


def teachers_of_year(schools, year: int) -> QuerySet:
    """The teachers of the schools employed in the year (`mentoring.models.employed_in_q`)."""
    return Teacher.objects.filter(school_id__in=_school_ids(schools)).employed_in(year)


def teacher_denominators(schools, year: int) -> dict[int, int]:
    """The one rule of a teacher share's denominator, per school: the teachers of the year where the school keeps
    names (any teacher employed in the year), else the `teachers_total` of the school's staffing figures of the year
    (the figures of a municipality as a whole are no school's). Schools with neither are left out."""
    ids = _school_ids(schools)
    named = dict(
        teachers_of_year(ids, year).order_by().values("school_id").annotate(c=Count("pk")).values_list("school_id", "c")
    )
    figures = StaffingFigures.objects.filter(school_id__in=ids, year=year).exclude(school_id__in=list(named))
    return {**dict(figures.values_list("school_id", "teachers_total")), **named}


def _teachers_reached(schools, year: int, hits: QuerySet) -> dict:
    denominators = teacher_denominators(schools, year)
    count = teachers_of_year(list(denominators), year).filter(pk__in=hits).count()
    return {"count": count, "total": sum(denominators.values())}


def teachers_diagnosed_in(schools, year: int) -> dict:
    """Teachers of the year with a deficit diagnostic dated in it, and the year's denominator
    (`teacher_denominators`)."""
    return _teachers_reached(schools, year, diagnostics_dated_in(year).values("teacher_id"))


def diagnostics_dated_in(year: int) -> QuerySet:
    """A diagnostic counts in the year of its date."""
    return DeficitDiagnostic.objects.filter(date__year=year)


def courses_completed(year: int) -> QuerySet:
    """A course counts in the year it ended (or began, when no end is recorded) if it was completed."""
    return PDCourse.objects.filter(completed=True).filter(Q(end__year=year) | Q(end__isnull=True, start__year=year))


def teachers_trained_in(schools, year: int) -> dict:
    """Teachers of the year with a PD course completed in it, and the year's denominator (`teacher_denominators`)."""
    return _teachers_reached(schools, year, courses_completed(year).values("teacher_id"))
