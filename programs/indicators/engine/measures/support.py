"""Measures over the support network (mentoring): schools reached by methodological work or a partnership, teachers
diagnosed or trained, methodological events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Count

from mentoring.models import CuratorVisit, DeficitDiagnostic, EventAttendance, MethodEvent, Partnership
from mentoring.selectors.common import overlaps
from mentoring.selectors.reach import (
    courses_completed,
    schools_supported_in,
    schools_with_partnership_in,
    teachers_reached_by_school,
)

from ..populations import set_of
from .base import Fraction, municipalities_of, noted, school_rows

NO_SUPPORT = "за {year} год в портале нет визитов кураторов и методических мероприятий муниципалитета"
NO_PARTNERSHIPS = "за {year} год в портале нет партнёрств ОО муниципалитета"
NO_DIAGNOSTICS = "за {year} год в портале нет диагностик профессиональных дефицитов педагогов муниципалитета"
NO_COURSES = "за {year} год в портале нет завершённых курсов ПК педагогов муниципалитета"
TEACHERS_OF_YEAR = (
    "все педагоги этих ОО, работавшие в Y (без даты начала работы — во всех годах до даты окончания); у ОО, где "
    "педагоги поимённо не ведутся, — «учителей всего» из сводных кадровых данных ОО за Y"
)
NO_EVENTS = "за {year} год в портале нет методических мероприятий муниципалитета"


def _schools_with(year, municipality_ids, params, hit: Callable) -> dict[int, Fraction]:
    schools_qs = set_of(params, year, municipality_ids)
    rows = school_rows(schools_qs)
    hits = hit(schools_qs, year) if rows else set()
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (m, _code) in rows.items():
        out[m].add(pk, 1 if pk in hits else 0, 1)
    return out


def m_method_work(*, year, municipality_ids, params) -> dict[int, Fraction]:
    return _schools_with(year, municipality_ids, params, schools_supported_in)


def m_partnership(*, year, municipality_ids, params) -> dict[int, Fraction]:
    return _schools_with(year, municipality_ids, params, schools_with_partnership_in)


def _teachers_share(year, municipality_ids, params, hits_qs) -> dict[int, Fraction]:
    """Per school of the set: the teachers of year Y (employed on some day of Y) it reached over its denominator of
    Y — its teachers of Y where it keeps names, else the teachers' total of its staffing figures of Y
    (`mentoring.selectors.reach.teacher_denominators`). A teacher entered today does not count in an earlier year
    unless the start of their employment is unknown."""
    schools_qs = set_of(params, year, municipality_ids)
    rows = school_rows(schools_qs)
    reached = teachers_reached_by_school(list(rows), year, hits_qs) if rows else {}
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (hit, total) in reached.items():
        out[rows[pk][0]].add(pk, hit, total)
    return out


def _completed_courses(year: int, params: dict):
    qs = courses_completed(year)  # the one definition of «completed in Y»
    if params.get("min_hours"):
        qs = qs.filter(hours__gte=int(params["min_hours"]))
    if params.get("forms"):
        qs = qs.filter(form__in=params["forms"])
    return qs.values("teacher_id")


def m_teachers_diagnosed(*, year, municipality_ids, params) -> dict[int, Fraction]:
    return _teachers_share(
        year, municipality_ids, params, DeficitDiagnostic.objects.filter(date__year=year).values("teacher_id")
    )


def m_teachers_pd(*, year, municipality_ids, params) -> dict[int, Fraction]:
    return _teachers_share(year, municipality_ids, params, _completed_courses(year, params))


def m_teachers_pd_count(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Teachers (of the school set) with a completed course in Y meeting the hours and form filters: a count."""
    out = _teachers_share(year, municipality_ids, params, _completed_courses(year, params))
    for f in out.values():
        f.denominator, f.den_by_school = None, {}
    return out


def m_events_count(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Methodological events of the municipality in Y (kinds filter; `host`: any, or hosted by a school set)."""
    qs = MethodEvent.objects.filter(date__year=year)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    if params.get("kinds"):
        qs = qs.filter(kind__in=params["kinds"])
    if params.get("host", "any") != "any":
        qs = qs.filter(host_school__in=set_of(params, year, municipality_ids, key="host").values("pk"))
    out: dict[int, Fraction] = defaultdict(Fraction)
    for r in qs.order_by().values("municipality_id", "host_school_id").annotate(c=Count("pk")):
        f = out[r["municipality_id"]]
        f.numerator = (f.numerator or 0) + r["c"]
        if r["host_school_id"]:
            f.num_by_school[r["host_school_id"]] = f.num_by_school.get(r["host_school_id"], 0) + r["c"]
    return out


def a_support(*, year, municipality_ids, params) -> dict[int, str]:
    """Curator visits, or methodological events held or attended, in the year."""
    ids = municipalities_of(CuratorVisit.objects.filter(date__year=year), "school__municipality_id", municipality_ids)
    ids |= municipalities_of(MethodEvent.objects.filter(date__year=year), "municipality_id", municipality_ids)
    ids |= municipalities_of(
        EventAttendance.objects.filter(event__date__year=year), "school__municipality_id", municipality_ids
    )
    return noted(ids)


def a_partnerships(*, year, municipality_ids, params) -> dict[int, str]:
    active = Partnership.objects.filter(overlaps(year))
    return noted(
        municipalities_of(active, "school__municipality_id", municipality_ids)
        | municipalities_of(active, "partner__municipality_id", municipality_ids)
    )


def a_diagnostics(*, year, municipality_ids, params) -> dict[int, str]:
    return noted(
        municipalities_of(
            DeficitDiagnostic.objects.filter(date__year=year), "teacher__school__municipality_id", municipality_ids
        )
    )


def a_courses(*, year, municipality_ids, params) -> dict[int, str]:
    return noted(municipalities_of(courses_completed(year), "teacher__school__municipality_id", municipality_ids))
