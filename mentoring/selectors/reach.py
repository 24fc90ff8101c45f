"""Whom the support network reached in a year: the schools with methodological work or a partnership, the teachers
diagnosed or trained — what the overview, the dashboards and the indicators engine count."""

from django.db.models import Q, QuerySet

from ..models import CuratorVisit, DeficitDiagnostic, EventAttendance, MethodEvent, Partnership, PDCourse, Teacher
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


def teachers_diagnosed_in(schools, year: int) -> dict:
    """Active teachers of the schools with a deficit diagnostic dated in the year, and all active teachers."""
    teachers = Teacher.objects.filter(school_id__in=_school_ids(schools), is_active=True)
    diagnosed = teachers.filter(pk__in=diagnostics_dated_in(year).values("teacher_id"))
    return {"count": diagnosed.count(), "total": teachers.count()}


def diagnostics_dated_in(year: int) -> QuerySet:
    """A diagnostic counts in the year of its date."""
    return DeficitDiagnostic.objects.filter(date__year=year)


def courses_completed(year: int) -> QuerySet:
    """A course counts in the year it ended (or began, when no end is recorded) if it was completed."""
    return PDCourse.objects.filter(completed=True).filter(Q(end__year=year) | Q(end__isnull=True, start__year=year))


def teachers_trained_in(schools, year: int) -> dict:
    """Active teachers of the schools with a PD course completed in the year, and all active teachers."""
    teachers = Teacher.objects.filter(school_id__in=_school_ids(schools), is_active=True)
    trained = teachers.filter(pk__in=courses_completed(year).values("teacher_id"))
    return {"count": trained.count(), "total": teachers.count()}
