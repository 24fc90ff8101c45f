"""Reads of results, already scoped to the user; figures always come from assessments.figures."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from schools.models import School

from .figures import aggregate_kwargs, counts_of_aggregate, figures_of_row
from .models import Procedure, Result, Upload

FLAG_LABELS = {
    "share_2_high": "доля «2» не меньше 50 %",
    "objectivity_low": "подтвердили отметку менее 20 %",
    "no_threes": "нет ни одной «3»",
    "small_sample": "меньше 10 участников",
    "jump": "скачок доли «2» на 30 п.п. и более к прошлому году",
    "zero_after_many": "ни одной «2» после года, когда их было много",
}


def result_list(*, user, school: str = "", municipality: str = "", procedure: str = "", subject: str = "",
                grade: int | None = None, year: int | None = None) -> QuerySet[Result]:
    qs = Result.objects.filter(school__in=School.objects.visible_to(user)).select_related(
        "school", "school__municipality", "subject"
    )
    if school:
        qs = qs.filter(school__code=school)
    if municipality:
        qs = qs.filter(school__municipality__code=municipality)
    if procedure:
        qs = qs.filter(procedure=procedure.upper())
    if subject:
        qs = qs.filter(subject__code=subject)
    if grade:
        qs = qs.filter(grade=grade)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("school__code", "-year", "procedure", "subject__order", "grade")


def upload_list(*, user) -> QuerySet[Upload]:
    """A user's own uploads; heads, methodologists and regional users also see those of their municipalities."""
    from django.db.models import Q

    from schools.models import Municipality

    if not getattr(user, "is_authenticated", False):
        return Upload.objects.none()
    if user.is_superuser or user.role == "admin":
        return Upload.objects.all()
    own = Q(uploaded_by=user)
    if user.role in ("head", "methodologist", "regional"):
        own |= Q(municipality__in=Municipality.objects.visible_to(user))
    return Upload.objects.filter(own)


def result_flags(row: Result, previous: Result | None = None) -> list[str]:
    """Plausibility flags of domain §4 for one result: shown beside the figures, never blocking."""
    f = figures_of_row(row)
    flags = []
    if f["share_2"] is not None and f["share_2"] >= 50:
        flags.append("share_2_high")
    if f["objectivity"] is not None and f["objectivity"] < 20:
        flags.append("objectivity_low")
    if row.marks_3 == 0 and row.participants and row.marks_2 is not None:
        flags.append("no_threes")
    if row.participants < 10:
        flags.append("small_sample")
    if previous is not None:
        before = figures_of_row(previous)["share_2"]
        if before is not None and f["share_2"] is not None and abs(f["share_2"] - before) >= 30:
            flags.append("jump")
    return flags


def flags_with_history(rows: list[Result]) -> dict[int, list[str]]:
    """Flags per result id, comparing each row with the same school/procedure/subject/grade a year before."""
    by_key = {(r.school_id, r.procedure, r.subject_id, r.grade, r.year): r for r in rows}
    flags = {r.pk: result_flags(r, by_key.get((r.school_id, r.procedure, r.subject_id, r.grade, r.year - 1))) for r in rows}
    # Zero "2" across all of a school's procedures right after a year with many: a sign worth a look.
    fails_by_school_year: dict[tuple[int, int], list[int]] = defaultdict(list)
    for r in rows:
        share = figures_of_row(r)["share_2"]
        if share is not None:
            fails_by_school_year[(r.school_id, r.year)].append(share)
    for r in rows:
        now = fails_by_school_year.get((r.school_id, r.year))
        before = fails_by_school_year.get((r.school_id, r.year - 1))
        if now and before and all(s == 0 for s in now) and max(before) >= 30:
            flags[r.pk].append("zero_after_many")
    return flags


@dataclass
class Trend:
    label: str
    points: dict[int, dict] = field(default_factory=dict)  # year -> figures


def trend(*, schools: QuerySet, procedure: str, subject_codes: list[str], label: str, grades=None,
          up_to: int | None = None) -> Trend:
    """Figures by year over a set of schools: counts summed across schools first (one query); `up_to`: the years
    as of that year only (a page for year Y never shows later results)."""
    qs = Result.objects.filter(school__in=schools, procedure=procedure, subject__code__in=subject_codes)
    if up_to is not None:
        qs = qs.filter(year__lte=up_to)
    if grades:
        qs = qs.filter(grade__in=grades)
    rows = qs.values("year").annotate(**aggregate_kwargs()).order_by("year")
    t = Trend(label)
    for row in rows:
        counts = counts_of_aggregate(row)
        t.points[row["year"]] = {**counts.figures(), "n": counts.participants}
    return t


APPENDIX_GROUPS = [
    (Procedure.VPR, "russian", "ВПР, русский язык"),
    (Procedure.VPR, "math", "ВПР, математика"),
    (Procedure.OGE, "russian", "ОГЭ, русский язык"),
    (Procedure.OGE, "math", "ОГЭ, математика"),
    (Procedure.EGE, "russian", "ЕГЭ, русский язык"),
    (Procedure.EGE, "math_base", "ЕГЭ, математика базовая"),
    (Procedure.EGE, "math_profile", "ЕГЭ, математика профильная"),
]


def appendix_table(*, schools: QuerySet, years: list[int]) -> dict:
    """The table the programmes print: per school, «% 2» and «% высоких» per procedure and year (one query)."""
    rows = (
        Result.objects.filter(school__in=schools, year__in=years, subject__code__in={g[1] for g in APPENDIX_GROUPS})
        .values("school_id", "procedure", "subject__code", "year")
        .annotate(**aggregate_kwargs())
    )
    cells: dict[tuple, dict] = {}
    for row in rows:
        counts = counts_of_aggregate(row)
        f = counts.figures()
        cells[(row["school_id"], row["procedure"], row["subject__code"], row["year"])] = {
            "share_2": f["share_2"], "high": f["high"], "n": counts.participants,
        }
    groups = [g for g in APPENDIX_GROUPS if any((p, s) == (k[1], k[2]) for k in cells for p, s, _ in [g])]
    school_list = list(schools.order_by("short_name", "name"))
    table = [
        {
            "school": s,
            "cells": [[cells.get((s.pk, p, code, y)) for y in years] for p, code, _ in groups],
        }
        for s in school_list
    ]
    return {"groups": groups, "years": years, "rows": table}
