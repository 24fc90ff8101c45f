"""Reads of results, already scoped to the user; figures always come from assessments.figures."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from core.coverage import chart_coverage
from schools.models import School

from .figures import FIGURES, aggregate_kwargs, counts_of_aggregate, figures_of_row, three_count
from .models import COUNT_FIELDS, SHARE_FIELDS, Procedure, Result, TerritoryResult, Upload

FLAG_FIELDS = ("school_id", "procedure", "subject_id", "grade", "year", *COUNT_FIELDS, *SHARE_FIELDS)

FLAG_LABELS = {
    "share_2_high": "доля «2» не меньше 50 %",
    "objectivity_low": "подтвердили отметку менее 20 %",
    "no_threes": "нет ни одной «3»",
    "small_sample": "меньше 10 участников",
    "jump": "скачок доли «2» на 30 п.п. и более к прошлому году",
    "quality_jump": "скачок качества знаний на 30 п.п. и более к прошлому году",
    "zero_after_many": "ни одной «2» после года, когда их было много",
    "zero_everywhere": "ни одной «2» ни в одной процедуре школы за год",
}
# A jump is measured against the school's own latest earlier year of the same procedure, subject and grade, at
# most this many years back (the VPR were not held in 2020; a gap of one year still compares).
JUMP_POINTS = 30
HISTORY_YEARS = 2
# «Many» twos the year before, and how many of a school's results of a year must all be zero to say «none anywhere».
MANY_TWOS_SHARE = 30
ZERO_EVERYWHERE_MIN_RESULTS = 2


def result_list(
    *,
    user,
    school: str = "",
    municipality: str = "",
    procedure: str = "",
    subject: str = "",
    grade: int | None = None,
    year: int | None = None,
) -> QuerySet[Result]:
    qs = Result.objects.visible_to(user).select_related("school", "school__municipality", "subject")
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
    return Upload.objects.visible_to(user)


def result_flags(row: Result, previous: Result | None = None) -> list[str]:
    """Plausibility flags of domain §4 for one result, against its own previous year: shown, never blocking.
    The «2» / «4 и 5» form counts too: its «3» is derived (assessments.figures.three_count)."""
    f = figures_of_row(row)
    flags = []
    if f["share_2"] is not None and f["share_2"] >= 50:
        flags.append("share_2_high")
    if f["objectivity"] is not None and f["objectivity"] < 20:
        flags.append("objectivity_low")
    threes = three_count(row.participants, row.marks_2, row.marks_3, row.marks_4, row.marks_5, row.marks_4_5)
    if threes == 0 and row.participants:
        flags.append("no_threes")
    if row.participants is not None and row.participants < 10:
        flags.append("small_sample")
    if previous is not None:
        before = figures_of_row(previous)
        for figure, flag in (("share_2", "jump"), ("quality", "quality_jump")):
            was, now = before[figure], f[figure]
            if was is not None and now is not None and abs(now - was) >= JUMP_POINTS:
                flags.append(flag)
    return flags


def flags_with_history(rows: list[Result]) -> dict[int, list[str]]:
    """Flags per result id, each row compared with the school's own history in the database (not only with the
    rows at hand, which may be one page or one year): one query for all the rows' schools."""
    rows = list(rows)
    if not rows:
        return {}
    years = {r.year for r in rows}
    history = list(
        Result.objects.filter(
            school_id__in={r.school_id for r in rows},
            year__gte=min(years) - HISTORY_YEARS,
            year__lte=max(years),
        ).only(*FLAG_FIELDS)
    )
    by_key: dict[tuple, dict[int, Result]] = defaultdict(dict)
    shares: dict[tuple[int, int], list] = defaultdict(list)  # (school, year) -> share of «2» of each result
    for r in history:
        by_key[(r.school_id, r.procedure, r.subject_id, r.grade)][r.year] = r
        share = figures_of_row(r)["share_2"]
        if share is not None:
            shares[(r.school_id, r.year)].append(share)
    flags = {}
    for r in rows:
        own = by_key.get((r.school_id, r.procedure, r.subject_id, r.grade), {})
        previous = next((own[y] for y in range(r.year - 1, r.year - HISTORY_YEARS - 1, -1) if y in own), None)
        flags[r.pk] = result_flags(r, previous)
        now = shares.get((r.school_id, r.year), [])
        if len(now) < ZERO_EVERYWHERE_MIN_RESULTS or any(s != 0 for s in now):
            continue
        before_year = next(
            (y for y in range(r.year - 1, r.year - HISTORY_YEARS - 1, -1) if shares.get((r.school_id, y))), None
        )
        if before_year is not None and max(shares[(r.school_id, before_year)]) >= MANY_TWOS_SHARE:
            flags[r.pk].append("zero_after_many")
        else:
            flags[r.pk].append("zero_everywhere")
    return flags


def result_rows(rows: Iterable[Result], *, only_year: int | None = None) -> list[dict]:
    """Rows for the pages and PDFs: the result, its figures, its «3» (derived where the table gives only «2» and
    «4 и 5») and its flags' Russian labels. `only_year` keeps that year's rows (the others serve as history)."""
    rows = list(rows)
    flags = flags_with_history(rows)
    return [
        {
            "r": r,
            "f": figures_of_row(r),
            "flags": [FLAG_LABELS[code] for code in flags[r.pk]],
            "three": three_count(r.participants, r.marks_2, r.marks_3, r.marks_4, r.marks_5, r.marks_4_5),
        }
        for r in rows
        if only_year is None or r.year == only_year
    ]


@dataclass
class Trend:
    label: str
    points: dict[int, dict] = field(default_factory=dict)  # year -> figures, "n" and "coverage" (figure -> Coverage)

    def series(self, figure: str = "share_2") -> dict[int, object]:
        return {y: p[figure] for y, p in self.points.items()}

    def coverage(self, figure: str = "share_2") -> dict[int, tuple[int, int]]:
        """Year -> (schools, of) behind `figure`: what line_chart takes to mark incomplete years."""
        return chart_coverage({y: p["coverage"][figure] for y, p in self.points.items()})


def trend(
    *,
    schools: QuerySet,
    procedure: str,
    subject_codes: list[str],
    label: str,
    grades=None,
    territory: QuerySet | None = None,
    up_to: int | None = None,
) -> Trend:
    """Figures by year over a set of schools: counts summed across schools first (one query, and one to count the
    territory's schools for each point's coverage). `territory`: the schools the coverage is counted against, when
    `schools` is only the part of them the user sees; `up_to`: the years as of that year only (a page for year Y
    never shows later results)."""
    qs = Result.objects.filter(school__in=schools, procedure=procedure, subject__code__in=subject_codes)
    if up_to is not None:
        qs = qs.filter(year__lte=up_to)
    if grades:
        qs = qs.filter(grade__in=grades)
    rows = list(qs.values("year").annotate(**aggregate_kwargs()).order_by("year"))
    t = Trend(label)
    active = (schools if territory is None else territory).filter(is_active=True).count() if rows else 0
    for row in rows:
        counts = counts_of_aggregate(row)
        t.points[row["year"]] = {
            **counts.figures(),
            "n": counts.participants,
            "coverage": {f: counts.coverage(active_schools=active, figure=f) for f in FIGURES},
        }
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


def appendix_table(*, schools: QuerySet, years: list[int], territory: QuerySet | None = None) -> dict:
    """The table the programmes print: per school, «% 2» and «% высоких» per procedure and year (one query), and the
    territory's total per procedure and year with its coverage (one more, and one to count the territory's schools)."""
    subjects = {g[1] for g in APPENDIX_GROUPS}
    base = Result.objects.filter(school__in=schools, year__in=years, subject__code__in=subjects)
    rows = base.values("school_id", "procedure", "subject__code", "year").annotate(**aggregate_kwargs())
    cells: dict[tuple, dict] = {}
    for row in rows:
        counts = counts_of_aggregate(row)
        f = counts.figures()
        cells[(row["school_id"], row["procedure"], row["subject__code"], row["year"])] = {
            "share_2": f["share_2"],
            "high": f["high"],
            "n": counts.participants,
        }
    groups = [g for g in APPENDIX_GROUPS if any((p, s) == (k[1], k[2]) for k in cells for p, s, _ in [g])]
    sums = {}
    if cells:
        active = (schools if territory is None else territory).filter(is_active=True).count()
        for total in base.values("procedure", "subject__code", "year").annotate(**aggregate_kwargs()):
            counts = counts_of_aggregate(total)
            f = counts.figures()
            sums[(total["procedure"], total["subject__code"], total["year"])] = {
                "share_2": f["share_2"],
                "high": f["high"],
                "n": counts.participants,
                "coverage": counts.coverage(active_schools=active),
            }
    school_list = list(schools.order_by("short_name", "name"))
    table = [
        {
            "school": s,
            "cells": [[cells.get((s.pk, p, code, y)) for y in years] for p, code, _ in groups],
        }
        for s in school_list
    ]
    totals = [[sums.get((p, code, y)) for y in years] for p, code, _ in groups]
    return {"groups": groups, "years": years, "rows": table, "totals": totals}


def territory_result_list(*, user, level: str = "municipality") -> QuerySet[Result]:
    """The results of the territories whose every school the user sees: the municipalities (or, with
    `level="region"`, the regions). A part of a territory summed is not its figure."""
    return Result.objects.filter(school__municipality__in=_whole_municipalities(user, level))


def _whole_municipalities(user, level: str):
    from schools.models import Municipality

    visible = School.objects.visible_to(user)
    hidden = School.objects.exclude(pk__in=visible.values("pk"))
    whole = Municipality.objects.visible_to(user).exclude(pk__in=hidden.values("municipality_id"))
    if level == "region":
        whole = whole.exclude(region_id__in=hidden.values("municipality__region_id"))
    return whole


def territory_figure_list(
    *, user, level: str = "municipality", results: QuerySet[Result] | None = None, grade: int | None = None
) -> list[dict]:
    """Each territory's figures per procedure, subject and year, summed from its schools' rows (all grades, or the
    `grade` the rows were narrowed to), each with its coverage against the territory's schools (core.coverage).
    `results` are `territory_result_list`'s, narrowed by the API's filters (`ResultSummaryFilterSet`). Set-based:
    one GROUP BY over the results, one count of the territories' schools."""
    from django.db.models import Count, Q

    whole = _whole_municipalities(user, level)
    if level == "region":
        key, code_of, name_of = (
            "school__municipality__region_id",
            "school__municipality__region__code",
            "school__municipality__region__name",
        )
    else:
        key, code_of, name_of = "school__municipality_id", "school__municipality__code", "school__municipality__name"
    qs = (results if results is not None else territory_result_list(user=user, level=level)).filter(
        school__municipality__in=whole
    )
    rows = list(
        qs.values(key, code_of, name_of, "procedure", "subject__code", "subject__order", "year")
        .annotate(**aggregate_kwargs())
        .order_by(code_of, "procedure", "subject__order", "year")
    )
    schools = (
        School.objects.filter(municipality__in=whole)
        if level != "region"
        else School.objects.filter(municipality__region_id__in=whole.values("region_id"))
    )
    group = "municipality_id" if level != "region" else "municipality__region_id"
    active = dict(schools.values_list(group).annotate(n=Count("pk", filter=Q(is_active=True))).order_by())
    out = []
    for row in rows:
        counts = counts_of_aggregate(row)
        coverage = {f: counts.coverage(active_schools=active.get(row[key], 0), figure=f) for f in FIGURES}
        out.append(
            {
                "level": "region" if level == "region" else "municipality",
                "territory": row[code_of],
                "territory_name": row[name_of],
                "procedure": row["procedure"],
                "subject": row["subject__code"],
                "grade": grade,
                "year": row["year"],
                "participants": counts.participants,
                **counts.figures(),
                "coverage": coverage["share_2"],
                "figure_coverage": coverage,
            }
        )
    return out


def territory_row_list(*, user) -> QuerySet[TerritoryResult]:
    """The whole-territory rows (contract 1.2, «Уровень») the user may read, as their sources gave them."""
    return TerritoryResult.objects.visible_to(user).select_related("municipality", "region", "subject")


def territory_comparison(*, rows: Iterable[TerritoryResult], schools: QuerySet) -> list[dict]:
    """Each territory row beside the portal's own sum over `schools` (the territory's schools the caller may read)
    for the same procedure, subject, grade and year, with the difference in percentage points and the row's
    data-quality warnings. One GROUP BY over the schools' results, whatever the number of rows."""
    rows = list(rows)
    if not rows:
        return []
    years = {r.year for r in rows}
    sums = {
        (s["procedure"], s["subject_id"], s["grade"], s["year"]): s
        for s in Result.objects.filter(school__in=schools, year__in=years)
        .values("procedure", "subject_id", "grade", "year")
        .annotate(**aggregate_kwargs())
        .order_by()
    }
    active = schools.filter(is_active=True).count()
    out = []
    for r in rows:
        given = figures_of_row(r)
        aggregate = sums.get((r.procedure, r.subject_id, r.grade, r.year))
        counts = counts_of_aggregate(aggregate) if aggregate else None
        portal = counts.figures() if counts else dict.fromkeys(FIGURES)
        difference = {f: _minus(given[f], portal[f]) for f in FIGURES}
        out.append(
            {
                "row": r,
                "given": given,
                "portal": portal,
                "portal_n": counts.participants if counts else None,
                "coverage": counts.coverage(active_schools=active) if counts else None,
                "difference": difference,
                "warnings": r.warnings,
            }
        )
    return out


def _minus(a, b):
    return None if a is None or b is None else a - b
