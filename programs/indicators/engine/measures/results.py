"""Measures over assessment results: a figure's share, its change from Y−1 to Y, the positive dynamics of a set."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Max, Q, When
from django.db.models.lookups import IsNull

from assessments.figures import FAIL_EXPR, aggregate_kwargs, counts_of_aggregate, counts_of_row
from assessments.models import Result, TerritoryLevel, TerritoryResult
from assessments.risk.rule import RuleParams
from assessments.risk.selectors import rule_current
from core.numbers import round1, share

from ..populations import school_set, set_of
from .base import Fraction, school_rows

RUS_MATH = ("russian", "math", "math_base", "math_profile")

NO_RESULTS = "нет результатов за {year} год по процедурам показателя"
NO_RESULTS_BOTH = "нет результатов за {year} и {previous} годы по процедурам показателя у ОО набора"


def _result_filter(params) -> Q:
    q = Q()
    if params.get("procedures"):
        q &= Q(procedure__in=params["procedures"])
    if params.get("subjects"):
        q &= Q(subject__code__in=params["subjects"])
    if params.get("grade"):
        grades = params["grade"] if isinstance(params["grade"], list) else [params["grade"]]
        q &= Q(grade__in=[int(g) for g in grades])
    return q


FIGURE_SIDES = {
    # figure: (numerator from Counts, denominator from Counts)
    "share_2": (lambda c: c.fail, lambda c: c.fail_n),
    "success": (lambda c: None if c.fail is None else c.fail_n - c.fail, lambda c: c.fail_n),
    "quality": (lambda c: c.good, lambda c: c.good_n),
    "objectivity": (lambda c: c.confirmed, lambda c: c.confirmed_n),
    "high": (lambda c: c.high, lambda c: c.high_n),
}
FIGURE_CHOICES = {
    "share_2": "доля «2» (ниже минимума)",
    "success": "успеваемость (справились)",
    "quality": "качество знаний",
    "objectivity": "подтвердили отметку",
    "high": "доля высоких результатов",
}


def _results(year_or_years, municipality_ids, params, schools_qs=None):
    years = year_or_years if isinstance(year_or_years, (list, tuple)) else [year_or_years]
    qs = Result.objects.filter(year__in=years).filter(_result_filter(params))
    if municipality_ids is not None:
        qs = qs.filter(school__municipality_id__in=municipality_ids)
    if schools_qs is not None:
        qs = qs.filter(school__in=schools_qs.values("pk"))
    return qs.order_by()


def _with_coverage(out: dict[int, Fraction], population_qs) -> dict[int, Fraction]:
    """Put each municipality's coverage in its details: schools behind the denominator / the population's schools
    (with any that reported though no longer in it). One query, over all the municipalities at once."""
    members: dict[int, set[int]] = defaultdict(set)
    for pk, (m, _code) in school_rows(population_qs).items():
        members[m].add(pk)
    for m in members:  # a municipality with no data at all still has its population: 0 of M
        out.setdefault(m, Fraction())
    for m, f in out.items():
        with_data = set(f.den_by_school)
        f.details["coverage"] = {"schools": len(with_data), "of": len(members[m] | with_data)}
    return out


def _per_school_counts(qs, *, by_year: bool = False):
    keys = ["school_id", "school__municipality_id", *(["year"] if by_year else [])]
    return qs.values(*keys).annotate(**aggregate_kwargs())


def m_result_share(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Σ figure numerator / Σ participants behind it, over results filtered by procedure, subject and grade."""
    figure = params.get("figure", "share_2")
    num_of, den_of = FIGURE_SIDES[figure]
    schools_qs = None if params.get("schools", "all") == "all" else set_of(params, year, municipality_ids)
    qs = _results(year, municipality_ids, params, schools_qs)
    out: dict[int, Fraction] = defaultdict(Fraction)
    population = school_set("all", year, municipality_ids) if schools_qs is None else schools_qs
    if params.get("per") == "pupil" and figure == "share_2":
        fail_known_n = Case(
            When(IsNull(FAIL_EXPR, False), then=F("participants")), default=None, output_field=IntegerField()
        )
        rows = qs.values("school_id", "school__municipality_id", "procedure", "grade").annotate(
            fail=Max(FAIL_EXPR), n=Max(fail_known_n)
        )
        for r in rows:
            out[r["school__municipality_id"]].add(r["school_id"], r["fail"], r["n"])
        return _with_coverage(out, population)
    for r in _per_school_counts(qs):
        c = counts_of_aggregate(r)
        den = den_of(c)
        out[r["school__municipality_id"]].add(r["school_id"], num_of(c) if den else None, den or None)
    out = _with_coverage(out, population)
    if schools_qs is None:
        _territory_fallback(out, year, params, num_of, den_of)
    return out


TERRITORY_NOTE = "по итоговой строке муниципалитета из файла источника: строк ОО за год нет"


def _territory_fallback(out: dict[int, Fraction], year, params, num_of, den_of) -> None:
    """Municipalities with no school rows for the measure take the figure from their own whole-municipality rows
    (contract 1.2, «Уровень» = муниципалитет), marked as such: counts summed over those rows. A row without
    participants has a share but no n, so it cannot be summed (never averaged): then the value stays unknown."""
    missing = [m for m, f in out.items() if not f.denominator]
    if not missing:
        return
    rows = TerritoryResult.objects.filter(
        level=TerritoryLevel.MUNICIPALITY, municipality_id__in=missing, year=year
    ).filter(_result_filter(params))
    by_municipality: dict[int, list] = defaultdict(list)
    for row in rows:
        if row.municipality_id is not None:
            by_municipality[row.municipality_id].append(counts_of_row(row))
    for m, counts in by_municipality.items():
        dens = [den_of(c) for c in counts]
        if not all(dens):
            continue
        f = out[m]
        f.numerator = sum(num_of(c) or 0 for c in counts)
        f.denominator = sum(dens)
        f.details["source"] = "territory"
        f.details["note"] = TERRITORY_NOTE


def m_result_change(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """A figure of Y against Y−1 over the same schools (with data in both years unless `cohort` is "all")."""
    figure = params.get("figure", "quality")
    num_of, den_of = FIGURE_SIDES[figure]
    schools_qs = None if params.get("schools", "target") == "all" else set_of(params, year, municipality_ids)
    qs = _results([year - 1, year], municipality_ids, params, schools_qs)
    per: dict[int, dict[int, tuple]] = defaultdict(dict)
    muni: dict[int, int] = {}
    for r in _per_school_counts(qs, by_year=True):
        c = counts_of_aggregate(r)
        if den_of(c):
            per[r["school_id"]][r["year"]] = (num_of(c), den_of(c))
            muni[r["school_id"]] = r["school__municipality_id"]
    both = params.get("cohort", "both_years") == "both_years"
    out: dict[int, Fraction] = defaultdict(Fraction)
    prev: dict[int, list] = defaultdict(lambda: [None, None])
    for school_id, years in per.items():
        if both and (year not in years or year - 1 not in years):
            continue
        m = muni[school_id]
        f = out[m]
        if year in years:
            f.add(school_id, *years[year])
        if year - 1 in years:
            n0, d0 = years[year - 1]  # a known denominator has a known numerator (figures' *_n)
            p = prev[m]
            p[0], p[1] = (p[0] or 0) + n0, (p[1] or 0) + d0
            if n0:
                f.prev_num_by_school[school_id] = n0
            f.prev_den_by_school[school_id] = d0
    for m, f in out.items():
        f.previous = tuple(prev[m])
    return _with_coverage(out, school_set("all", year, municipality_ids) if schools_qs is None else schools_qs)


def _rule_procedures_q() -> Q:
    q = Q(pk__in=[])
    for p in RuleParams.of(rule_current()).procedures:
        q |= Q(procedure=p.procedure, subject__code=p.subject, grade=p.grade)
    return q


def m_positive_dynamics(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Target schools whose share of «2» over the rule's procedures fell from Y−1 to Y / those with both years."""
    schools_qs = set_of(params, year, municipality_ids)
    targets = school_rows(schools_qs)
    qs = (
        Result.objects.filter(year__in=[year - 1, year], school__in=schools_qs.values("pk"))
        .filter(_rule_procedures_q())
        .order_by()
    )
    shares: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for r in qs.values("school_id", "year").annotate(**aggregate_kwargs()):
        c = counts_of_aggregate(r)
        s = share(c.fail, c.fail_n)
        if s is not None:
            shares[r["school_id"]][r["year"]] = s
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (m, code) in targets.items():
        f = out[m]
        by_year = shares.get(pk, {})
        if year in by_year and year - 1 in by_year:
            f.add(pk, 1 if by_year[year] < by_year[year - 1] else 0, 1)
            f.details.setdefault("share_2", {})[code] = [float(round1(by_year[year - 1])), float(round1(by_year[year]))]
        else:
            f.details.setdefault("no_data", []).append(code)
    return _with_coverage(out, schools_qs)
