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


def teachers_reached_by_school(schools, year: int, hits=None) -> dict[int, tuple[int, int]]:
    """The one rule of a teacher share, per school: (teachers of the year reached, denominator). The denominator is
    the school's teachers employed in the year where it keeps names (any such teacher), else the `teachers_total` of
    its staffing figures of the year, whose unnamed teachers reach nothing (the figures of a municipality as a whole
    are no school's). Schools with neither are left out. `hits`: teacher ids (a values queryset). Two queries."""
    ids = _school_ids(schools)
    counts = {"total": Count("pk"), **({"hit": Count("pk", filter=Q(pk__in=hits))} if hits is not None else {})}
    rows = teachers_of_year(ids, year).order_by().values("school_id").annotate(**counts)
    out = {r["school_id"]: (r.get("hit", 0), r["total"]) for r in rows}
    figures = StaffingFigures.objects.filter(school_id__in=ids, year=year).exclude(school_id__in=list(out))
    out.update({pk: (0, total) for pk, total in figures.order_by().values_list("school_id", "teachers_total")})
    return out


def teacher_denominators(schools, year: int) -> dict[int, int]:
    """Per school, the denominator of its teacher shares in the year (`teachers_reached_by_school`)."""
    return {pk: total for pk, (_hit, total) in teachers_reached_by_school(schools, year).items()}


def _teachers_reached(schools, year: int, hits: QuerySet) -> dict:
    reached = teachers_reached_by_school(schools, year, hits).values()
    return {"count": sum(h for h, _t in reached), "total": sum(t for _h, t in reached)}


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
