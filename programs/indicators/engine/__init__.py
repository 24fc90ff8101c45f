"""The indicators engine (domain §7): one registry of measures, pure functions over counts, set-based recompute.

A measure answers, for one year, for every municipality at once, a `Fraction` per municipality: the numerator and
the denominator (counts summed over schools before dividing), and per school the counts behind them. Each measure
runs one GROUP BY query per year over all the municipalities asked for (plus one for the school set it is taken
over), never one query per school or per municipality.

Rules that are decisions, written once here:
- **Value**: a share is numerator / denominator × 100, exact (`core.numbers.share`); a change (`quality_change`) is
  the share of Y minus the share of Y−1 in percentage points, or with `{"mode": "relative"}` that difference in per
  cent of the share of Y−1; a count is the numerator.
- **Status**: the value *rounded half up to one decimal* (as every page, PDF and the API show it) is compared with
  the target: 79.95 shows as «80,0 %» and meets «≥ 80». No value, or no target for the year → `no_data`.
- **No data** is never 0 and never `met`: the value is None (status `no_data`, and `details["no_data"]` says why)
  when what the measure is taken over does not exist for the municipality and year —
  a list share: no list of that year (ШНОР: neither an official list nor a computed one, see
  `assessments.risk.services.shnor_list_sources`; other lists: no school of the region on them);
  a results measure: no results of the year (and of Y−1 for a change) for its procedures;
  a support measure: no records of its kind dated in the year anywhere in the municipality (visits and events,
  partnerships, diagnostics, completed courses, school documents) — the portal cannot tell «none» from «not
  entered»; and for every measure an empty denominator. A list that exists and is empty is a real 0 and says so.
- **ШНОР of Y**: `{"list": "official_first"}` (default; the contract's rule — official list where one is imported
  for the municipality and year, else the computed one), `"official"` or `"computed"`.
  **Target schools of Y**: ШНОР of Y (by that rule) or ШНСУ of Y (any source).
- **Whose schools** (contract §3): a measure over a set of schools («target», «shnor») is taken over the indicator's
  population: `participants` (default) — the programme's participants of Y when the programme names participants
  in any year (none named for Y: no data), else the list of Y; `list_of_year` — the list of Y; `list_of_base_year` —
  the list of the indicator's baseline year (else the programme's first year). `Population` is the one owner of
  that rule; `indicator_population` resolves it for an indicator and a year.
- **Per subject / per pupil** (`below_min_share`): `{"per": "subject"}` (default) sums over subjects, a pupil counts
  once per subject written; `{"per": "pupil"}` counts, per school, procedure and grade, the largest number of
  participants of any one subject as the pupils and the largest number of failures of any one subject as the
  pupils who failed at least one (the portal keeps aggregates, so this is the lower bound, and says so).
- A row whose failures are unknown adds to neither side (assessments.figures).
- **Coverage** (core.coverage): a measure over results says, in `details["coverage"]`, how many schools of its
  population (the school set, by default all active ОО; a closed one counts when it still reported) stand behind
  the denominator — `{"schools": N, "of": M}`; shown beside the value and given by the API.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Max, Q, When
from django.db.models.lookups import IsNull
from django.dispatch import Signal
from django.utils import timezone

from assessments.figures import FAIL_EXPR, aggregate_kwargs, counts_of_aggregate
from assessments.models import Procedure, Result
from core.numbers import round1, share
from schools.models import School, SchoolStatus

from .rules import indicator_status, indicator_value
from .writer import _EMPTY, ROW_COLUMNS, _js, _values_write  # noqa: F401  (ROW_COLUMNS: the engine's API)

Kind, Source = SchoolStatus.Kind, SchoolStatus.Source

RUS_MATH = ("russian", "math", "math_base", "math_profile")

LIST_CHOICES = {
    "official_first": "официальный список, где он загружен, иначе расчёт портала",
    "official": "только официальный список",
    "computed": "только расчёт портала",
}
SCHOOLS_CHOICES = {
    "target": "ШНОР и ШНСУ года",
    "shnor": "ШНОР года",
    "all": "все ОО муниципалитета",
}


# Pure functions: engine/rules.py (indicator_value, indicator_status)


# ---------------------------------------------------------------------------------------------------------------------
# What a measure returns


@dataclass
class Fraction:
    """Counts of one municipality and year; per school (by id) the counts behind each side."""

    numerator: int | None = None
    denominator: int | None = None
    num_by_school: dict[int, int] = field(default_factory=dict)
    den_by_school: dict[int, int] = field(default_factory=dict)
    # For changes: the same of Y−1.
    previous: tuple | None = None
    prev_num_by_school: dict[int, int] = field(default_factory=dict)
    prev_den_by_school: dict[int, int] = field(default_factory=dict)
    details: dict = field(default_factory=dict)

    def add(self, school_id: int, num, den) -> None:
        """Sum one school's counts in; unknown (None) adds nothing to its side."""
        if den is not None:
            self.denominator = (self.denominator or 0) + den
            self.den_by_school[school_id] = self.den_by_school.get(school_id, 0) + den
        if num is not None:
            self.numerator = (self.numerator or 0) + num
            if num:
                self.num_by_school[school_id] = self.num_by_school.get(school_id, 0) + num


@dataclass(frozen=True)
class Param:
    label: str
    choices: dict | None = None  # value → label; None: free (int / list)
    default: object = None


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str  # percent | count | pp
    compute: Callable[..., dict[int, Fraction]]
    per_school: bool
    formula: str  # how, in Russian, shown beside every value
    numerator_label: str = "числитель"
    denominator_label: str = "знаменатель"
    params: dict[str, Param] = field(default_factory=dict)
    change: bool = False  # value = f(Y) − f(Y−1)
    # (year, municipality_ids, params) → {municipality id: note} of the municipalities that have data for the year;
    # None: the counts alone tell (an empty denominator). Elsewhere the value is None with `no_data` as the reason.
    available: Callable[..., dict[int, str]] | None = None
    no_data: str = "нет данных за {year} год"

    @property
    def population_key(self) -> str | None:
        """The setting that picks the school set a population applies to («schools», or «host» of events)."""
        return next((k for k in ("schools", "host") if k in self.params), None)

    def population_applies(self, params: dict) -> bool:
        key = self.population_key
        return key is not None and params.get(key) not in (None, "", "all", "any")

    def params_with_defaults(self, params: dict | None) -> dict:
        out = {k: p.default for k, p in self.params.items() if p.default is not None}
        out.update({k: v for k, v in (params or {}).items() if v not in (None, "", [])})
        return out


# ---------------------------------------------------------------------------------------------------------------------
# School sets


def _shnor_ids(year: int, municipality_ids, mode: str):
    if mode == "official_first":
        from assessments.risk.selectors import shnor_school_ids

        return shnor_school_ids(year=year, municipality_ids=municipality_ids)
    qs = SchoolStatus.objects.filter(year=year, kind=Kind.SHNOR, source=Source.OFFICIAL if mode == "official" else Source.COMPUTED)
    if municipality_ids is not None:
        qs = qs.filter(school__municipality_id__in=municipality_ids)
    return qs.values_list("school_id", flat=True)


def school_set(kind: str, year: int, municipality_ids, *, list_mode: str = "official_first"):
    """A School queryset: all active schools and branches, ШНОР of the year, or target schools (ШНОР or ШНСУ)."""
    qs = School.objects.all()
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    if kind == "all":
        return qs.filter(is_active=True)
    shnor = Q(pk__in=_shnor_ids(year, municipality_ids, list_mode))
    if kind == "shnor":
        return qs.filter(shnor)
    shnsu = SchoolStatus.objects.filter(year=year, kind=Kind.SHNSU).values("school_id")
    return qs.filter(shnor | Q(pk__in=shnsu))


POPULATION_KEY = "_population"  # where a recompute passes the population to a measure, beside its params
SET_LABELS = {"target": "ШНОР и ШНСУ", "shnor": "ШНОР"}


@dataclass(frozen=True)
class Population:
    """Whose schools a measure over a school set is taken over (contract §3 «Whose schools»).

    `participants`: the participants of `year` of `program_ids` (at most one programme per municipality); the lists:
    the set kind asked for by the measure («target», «shnor») on the list of `year`."""

    kind: str  # participants | list_of_year | list_of_base_year
    year: int
    program_ids: tuple = ()
    fallback: bool = False  # participants were asked for but the programme names none
    tracks: tuple = ()  # participants of these track numbers only (empty: all)

    def schools(self, set_kind: str, municipality_ids, list_mode: str):
        if self.kind != "participants":
            return school_set(set_kind, self.year, municipality_ids, list_mode=list_mode)
        from programs.models import ProgramParticipant

        participants = ProgramParticipant.objects.filter(program_id__in=self.program_ids, year=self.year)
        if self.tracks:
            participants = participants.filter(track__number__in=self.tracks)
        qs = School.objects.filter(pk__in=participants.values("school_id"))
        if municipality_ids is not None:
            qs = qs.filter(municipality_id__in=municipality_ids)
        return qs

    def label(self, set_kind: str) -> str:
        """«участники программы 2023 г.», «ШНОР и ШНСУ 2024 г.», «ШНОР базового 2022 г.»."""
        if self.kind == "participants":
            numbers = ", ".join(map(str, self.tracks))
            tracks = f", трек{'и' if len(self.tracks) > 1 else ''} {numbers}" if self.tracks else ""
            return f"участники программы {self.year} г.{tracks}"
        base = " базового" if self.kind == "list_of_base_year" else ""
        note = " (программа не называет участников)" if self.fallback else ""
        return f"{SET_LABELS.get(set_kind, set_kind)}{base} {self.year} г.{note}"


def _set_of(params: dict, year: int, municipality_ids, *, key: str = "schools", default: str = "target"):
    """The school set a measure is taken over: all schools, or the population's (by default the list of Y)."""
    kind = params.get(key, default)
    if kind == "all":
        return school_set("all", year, municipality_ids)
    population = params.get(POPULATION_KEY) or Population("list_of_year", year)
    return population.schools(kind, municipality_ids, params.get("list", "official_first"))


def indicator_population(indicator, year: int, *, named_years=None) -> Population:
    """The population of an indicator in a year (see the module doc). `named_years`: the years the programme names
    participants for (read when not given)."""
    choice = getattr(indicator, "population", "") or "participants"
    if choice == "list_of_base_year":
        return Population("list_of_base_year", indicator.baseline_year or indicator.program.period_start.year)
    if choice == "participants":
        if named_years is None:
            named_years = set(indicator.program.participants.values_list("year", flat=True))
        if named_years:
            return Population("participants", year, (indicator.program_id,))
        return Population("list_of_year", year, fallback=True)
    return Population("list_of_year", year)


def municipality_population(municipality_id: int, year: int) -> tuple[Population, list[int]]:
    """Whose schools a municipality's support is measured against in a year (dashboard, programme report): the
    participants of Y of its programmes where they name any, else ШНОР and ШНСУ of Y. The population and its schools."""
    from programs.models import ProgramParticipant

    ids = list(ProgramParticipant.objects.filter(program__municipality_id=municipality_id, year=year).order_by()
               .values_list("school_id", flat=True).distinct())
    if ids:
        return Population("participants", year), ids
    targets = school_set("target", year, [municipality_id]).values_list("pk", flat=True)
    return Population("list_of_year", year), list(targets)


def _as_list(value) -> list:
    return [] if value in (None, "", []) else value if isinstance(value, list) else [value]


def _school_rows(qs) -> dict[int, tuple[int, str]]:
    return {pk: (m, code) for pk, m, code in qs.order_by().values_list("pk", "municipality_id", "code")}


def _mids(municipality_ids):
    return None if municipality_ids is None else list(municipality_ids)


# ---------------------------------------------------------------------------------------------------------------------
# Measures over schools and statuses


def m_status_share(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Schools on a year's list / all schools and branches of the municipality (each counts once)."""
    kind = params.get("kind", "shnor")
    all_schools = _school_rows(school_set("all", year, municipality_ids))
    if kind == "shnor":
        listed_qs = school_set("shnor", year, municipality_ids, list_mode=params.get("list", "official_first"))
    else:
        listed_qs = School.objects.filter(pk__in=SchoolStatus.objects.filter(year=year, kind=kind).values("school_id"))
        if municipality_ids is not None:
            listed_qs = listed_qs.filter(municipality_id__in=municipality_ids)
    listed = _school_rows(listed_qs)
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (m, _code) in {**all_schools, **listed}.items():  # a listed school counts even if closed since
        out[m].add(pk, 1 if pk in listed else 0, 1)
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Measures over results


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
FIGURE_CHOICES = {"share_2": "доля «2» (ниже минимума)", "success": "успеваемость (справились)",
                  "quality": "качество знаний", "objectivity": "подтвердили отметку",
                  "high": "доля высоких результатов"}


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
    for pk, (m, _code) in _school_rows(population_qs).items():
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
    schools_qs = None if params.get("schools", "all") == "all" else _set_of(params, year, municipality_ids)
    qs = _results(year, municipality_ids, params, schools_qs)
    out: dict[int, Fraction] = defaultdict(Fraction)
    population = school_set("all", year, municipality_ids) if schools_qs is None else schools_qs
    if params.get("per") == "pupil" and figure == "share_2":
        fail_known_n = Case(When(IsNull(FAIL_EXPR, False), then=F("participants")), default=None,
                            output_field=IntegerField())
        rows = qs.values("school_id", "school__municipality_id", "procedure", "grade").annotate(
            fail=Max(FAIL_EXPR), n=Max(fail_known_n))
        for r in rows:
            out[r["school__municipality_id"]].add(r["school_id"], r["fail"], r["n"])
        return _with_coverage(out, population)
    for r in _per_school_counts(qs):
        c = counts_of_aggregate(r)
        den = den_of(c)
        out[r["school__municipality_id"]].add(r["school_id"], num_of(c) if den else None, den or None)
    return _with_coverage(out, population)


def m_result_change(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """A figure of Y against Y−1 over the same schools (with data in both years unless `cohort` is "all")."""
    figure = params.get("figure", "quality")
    num_of, den_of = FIGURE_SIDES[figure]
    schools_qs = None if params.get("schools", "target") == "all" else _set_of(params, year, municipality_ids)
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
    from assessments.risk.rule import RuleParams
    from assessments.risk.selectors import rule_current

    q = Q(pk__in=[])
    for p in RuleParams.of(rule_current()).procedures:
        q |= Q(procedure=p.procedure, subject__code=p.subject, grade=p.grade)
    return q


def m_positive_dynamics(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Target schools whose share of «2» over the rule's procedures fell from Y−1 to Y / those with both years."""
    schools_qs = _set_of(params, year, municipality_ids)
    targets = _school_rows(schools_qs)
    qs = Result.objects.filter(year__in=[year - 1, year], school__in=schools_qs.values("pk")).filter(
        _rule_procedures_q()).order_by()
    shares: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for r in qs.values("school_id", "year").annotate(**aggregate_kwargs()):
        c = counts_of_aggregate(r)
        s = share(c.fail, c.fail_n)
        if s is not None:
            shares[r["school_id"]][r["year"]] = s
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (m, code) in targets.items():
        f = out[m]
        s = shares.get(pk, {})
        if year in s and year - 1 in s:
            f.add(pk, 1 if s[year] < s[year - 1] else 0, 1)
            f.details.setdefault("share_2", {})[code] = [float(round1(s[year - 1])), float(round1(s[year]))]
        else:
            f.details.setdefault("no_data", []).append(code)
    return _with_coverage(out, schools_qs)


# ---------------------------------------------------------------------------------------------------------------------
# Measures over the support network (mentoring)


def _schools_with(year, municipality_ids, params, hit: Callable) -> dict[int, Fraction]:
    schools_qs = _set_of(params, year, municipality_ids)
    rows = _school_rows(schools_qs)
    hits = hit(schools_qs, year) if rows else set()
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (m, _code) in rows.items():
        out[m].add(pk, 1 if pk in hits else 0, 1)
    return out


def m_method_work(*, year, municipality_ids, params) -> dict[int, Fraction]:
    from mentoring.selectors import schools_supported_in

    return _schools_with(year, municipality_ids, params, schools_supported_in)


def m_partnership(*, year, municipality_ids, params) -> dict[int, Fraction]:
    from mentoring.selectors import schools_with_partnership_in

    return _schools_with(year, municipality_ids, params, schools_with_partnership_in)


def _teachers_share(year, municipality_ids, params, hits_qs) -> dict[int, Fraction]:
    from mentoring.models import Teacher

    schools_qs = _set_of(params, year, municipality_ids)
    rows = (
        Teacher.objects.filter(school__in=schools_qs.values("pk"), is_active=True).order_by()
        .values("school_id", "school__municipality_id")
        .annotate(total=Count("pk"), hit=Count("pk", filter=Q(pk__in=hits_qs)))
    )
    out: dict[int, Fraction] = defaultdict(Fraction)
    for r in rows:
        out[r["school__municipality_id"]].add(r["school_id"], r["hit"], r["total"])
    return out


def _completed_courses(year: int, params: dict):
    from mentoring.selectors import _completed_courses as completed  # the one definition of «completed in Y»

    qs = completed(year)
    if params.get("min_hours"):
        qs = qs.filter(hours__gte=int(params["min_hours"]))
    if params.get("forms"):
        qs = qs.filter(form__in=params["forms"])
    return qs.values("teacher_id")


def m_teachers_diagnosed(*, year, municipality_ids, params) -> dict[int, Fraction]:
    from mentoring.models import DeficitDiagnostic

    return _teachers_share(year, municipality_ids, params,
                           DeficitDiagnostic.objects.filter(date__year=year).values("teacher_id"))


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
    from mentoring.models import MethodEvent

    qs = MethodEvent.objects.filter(date__year=year)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    if params.get("kinds"):
        qs = qs.filter(kind__in=params["kinds"])
    if params.get("host", "any") != "any":
        qs = qs.filter(host_school__in=_set_of(params, year, municipality_ids, key="host").values("pk"))
    out: dict[int, Fraction] = defaultdict(Fraction)
    for r in qs.order_by().values("municipality_id", "host_school_id").annotate(c=Count("pk")):
        f = out[r["municipality_id"]]
        f.numerator = (f.numerator or 0) + r["c"]
        if r["host_school_id"]:
            f.num_by_school[r["host_school_id"]] = f.num_by_school.get(r["host_school_id"], 0) + r["c"]
    return out


def m_documents_share(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Schools of a set with a school document of the kinds approved or published for Y / the set (or all ОО)."""
    from programs.models import SchoolDocument

    kinds = params.get("kinds") or [SchoolDocument.Kind.QUALITY_PROGRAM]
    schools_qs = _set_of(params, year, municipality_ids)
    members = _school_rows(schools_qs)
    base = members if params.get("of", "set") == "set" else {**_school_rows(school_set("all", year, municipality_ids)), **members}
    with_doc = set(
        SchoolDocument.objects.filter(
            year=year, kind__in=kinds, status__in=[SchoolDocument.Status.APPROVED, SchoolDocument.Status.PUBLISHED],
            school__in=schools_qs.values("pk"),
        ).order_by().values_list("school_id", flat=True).distinct()
    )
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (m, _code) in base.items():
        out[m].add(pk, 1 if pk in with_doc else 0, 1)
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Which municipalities have data for a year (see «No data» in the module doc)


def _municipalities_of(qs, field_name: str, municipality_ids) -> set[int]:
    if municipality_ids is not None:
        qs = qs.filter(**{f"{field_name}__in": list(municipality_ids)})
    return set(qs.order_by().values_list(field_name, flat=True).distinct())


def _noted(ids, note: str = "") -> dict[int, str]:
    return dict.fromkeys(ids, note)


def a_list(*, year, municipality_ids, params) -> dict[int, str]:
    """Municipalities with the year's list: ШНОР by the list rule (note: "official" or "computed"), the watch-list
    where the computed list exists, any other list where a school of their region is on it."""
    from assessments.risk.selectors import shnor_list_sources

    kind = params.get("kind", "shnor")
    if kind == Kind.SHNOR:
        return shnor_list_sources(year=year, municipality_ids=_mids(municipality_ids),
                                  mode=params.get("list", "official_first"))
    if kind == Kind.WATCH:
        return shnor_list_sources(year=year, municipality_ids=_mids(municipality_ids), mode="computed")
    # The other lists (ШНСУ, «500+», необъективность) are loaded for a region: where one of its schools is on the
    # year's list, the list of that year exists and a municipality with none on it has a real 0.
    from schools.models import Municipality

    regions = SchoolStatus.objects.filter(year=year, kind=kind).values("school__municipality__region_id")
    return _noted(_municipalities_of(Municipality.objects.filter(region_id__in=regions), "pk", municipality_ids))


def a_support(*, year, municipality_ids, params) -> dict[int, str]:
    """Curator visits, or methodological events held or attended, in the year."""
    from mentoring.models import CuratorVisit, EventAttendance, MethodEvent

    ids = _municipalities_of(CuratorVisit.objects.filter(date__year=year), "school__municipality_id", municipality_ids)
    ids |= _municipalities_of(MethodEvent.objects.filter(date__year=year), "municipality_id", municipality_ids)
    ids |= _municipalities_of(EventAttendance.objects.filter(event__date__year=year), "school__municipality_id",
                              municipality_ids)
    return _noted(ids)


def a_partnerships(*, year, municipality_ids, params) -> dict[int, str]:
    from mentoring.models import Partnership
    from mentoring.selectors import _overlaps

    active = Partnership.objects.filter(_overlaps(year))
    return _noted(_municipalities_of(active, "school__municipality_id", municipality_ids)
                  | _municipalities_of(active, "partner__municipality_id", municipality_ids))


def a_diagnostics(*, year, municipality_ids, params) -> dict[int, str]:
    from mentoring.models import DeficitDiagnostic

    return _noted(_municipalities_of(DeficitDiagnostic.objects.filter(date__year=year),
                                     "teacher__school__municipality_id", municipality_ids))


def a_courses(*, year, municipality_ids, params) -> dict[int, str]:
    from mentoring.selectors import _completed_courses as completed

    return _noted(_municipalities_of(completed(year), "teacher__school__municipality_id", municipality_ids))


def a_documents(*, year, municipality_ids, params) -> dict[int, str]:
    """School documents of the kinds for the year, in any status (a draft shows the portal is used for them)."""
    from programs.models import SchoolDocument

    kinds = params.get("kinds") or [SchoolDocument.Kind.QUALITY_PROGRAM]
    return _noted(_municipalities_of(SchoolDocument.objects.filter(year=year, kind__in=kinds),
                                     "school__municipality_id", municipality_ids))


NO_LIST = "за {year} год нет списка ШНОР — ни официального, ни рассчитанного порталом"
NO_RESULTS = "нет результатов за {year} год по процедурам показателя"
NO_RESULTS_BOTH = "нет результатов за {year} и {previous} годы по процедурам показателя у ОО набора"
NO_SUPPORT = "за {year} год в портале нет визитов кураторов и методических мероприятий муниципалитета"
NO_PARTNERSHIPS = "за {year} год в портале нет партнёрств ОО муниципалитета"
NO_DIAGNOSTICS = "за {year} год в портале нет диагностик профессиональных дефицитов педагогов муниципалитета"
NO_COURSES = "за {year} год в портале нет завершённых курсов ПК педагогов муниципалитета"
NO_DOCUMENTS = "за {year} год в портале нет школьных документов этого вида"
NO_EVENTS = "за {year} год в портале нет методических мероприятий муниципалитета"
EMPTY_DENOMINATOR = "нет данных за {year} год: знаменатель пуст ({denominator} — 0)"
EMPTY_SET = "нет данных за {year} год: набор, по которому считается показатель, пуст"


# ---------------------------------------------------------------------------------------------------------------------
# The registry

P_LIST = Param("Какой список ШНОР", LIST_CHOICES, "official_first")
P_SCHOOLS_TARGET = Param("Какие ОО", SCHOOLS_CHOICES, "target")
P_SCHOOLS_ALL = Param("Какие ОО", SCHOOLS_CHOICES, "all")
P_GRADE = Param("Класс (пусто — все)")
P_PROCEDURES = Param("Процедуры (пусто — все)", {p.value: p.label for p in Procedure})
P_SUBJECTS = Param("Предметы, коды (пусто — все)")
P_TRACKS = Param("Треки программы, номера (пусто — все участники)")

MEASURES: dict[str, Measure] = {
    "shnor_share": Measure(
        "Доля ШНОР среди всех ОО", "percent", lambda **kw: m_status_share(**{**kw, "params": {**kw["params"], "kind": "shnor"}}),
        per_school=False,
        formula="ШНОР года (официальный список, где он загружен, иначе расчёт портала) / все ОО и филиалы "
                "муниципалитета",
        numerator_label="ОО в списке ШНОР", denominator_label="всего ОО и филиалов",
        params={"list": P_LIST}, available=a_list, no_data=NO_LIST,
    ),
    "below_min_share": Measure(
        "Доля результатов ниже минимума (ВПР, ОГЭ, ЕГЭ; русский язык и математика)", "percent",
        lambda **kw: m_result_share(**{**kw, "params": {"procedures": ["VPR", "OGE", "EGE"], "subjects": list(RUS_MATH),
                                                        **kw["params"], "figure": "share_2"}}),
        per_school=True,
        formula="Σ «2» или ниже минимума / Σ участников: ВПР (все классы), ОГЭ и ЕГЭ по русскому языку и "
                "математике (все уровни), год Y",
        numerator_label="«2» / ниже минимума", denominator_label="участников",
        params={"per": Param("Считать", {"subject": "по предметам (участник — каждый предмет)",
                                         "pupil": "по обучающимся (оценка снизу по агрегатам)"}, "subject")},
        no_data=NO_RESULTS,
    ),
    "vpr_coped_share": Measure(
        "Доля справившихся с ВПР", "percent",
        lambda **kw: m_result_share(**{**kw, "params": {**kw["params"], "procedures": ["VPR"], "figure": "success"}}),
        per_school=True,
        formula="Σ (участники − «2») / Σ участников, ВПР, все предметы, год Y (или один класс)",
        numerator_label="справились (без «2»)", denominator_label="участников ВПР",
        params={"grade": P_GRADE}, no_data=NO_RESULTS,
    ),
    "quality_change": Measure(
        "Изменение качества знаний (ВПР, русский язык и математика)", "pp",
        lambda **kw: m_result_change(**{**kw, "params": {"procedures": ["VPR"], "subjects": ["russian", "math"],
                                                         "schools": "target", **kw["params"], "figure": "quality"}}),
        per_school=True, change=True,
        formula="качество знаний (Σ «4» и «5» / Σ участников) в Y − в Y−1, ВПР по русскому языку и математике "
                "ОО совокупности (участники программы года Y, где она их называет, иначе ШНОР и ШНСУ года Y), "
                "имеющих результаты в оба года",
        numerator_label="«4» и «5» в Y", denominator_label="участников в Y",
        params={"mode": Param("Изменение", {"pp": "в процентных пунктах", "relative": "относительное, %"}, "pp"),
                "schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS,
                "cohort": Param("ОО", {"both_years": "с результатами в оба года", "all": "все"}, "both_years")},
        no_data=NO_RESULTS_BOTH,
    ),
    "positive_dynamics_share": Measure(
        "Доля ШНОР и ШНСУ с положительной динамикой", "percent", m_positive_dynamics, per_school=False,
        formula="ОО совокупности (участники программы года Y, где она их называет, иначе ШНОР и ШНСУ года Y), "
                "у которых доля «2» по процедурам правила ШНОР снизилась с Y−1 к Y / ОО совокупности с результатами "
                "в оба года",
        numerator_label="ОО с положительной динамикой", denominator_label="ОО с результатами в оба года",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS}, no_data=NO_RESULTS_BOTH,
    ),
    "method_work_share": Measure(
        "Доля ОО, охваченных методической работой", "percent", m_method_work, per_school=False,
        formula="ОО с визитом куратора или методическим мероприятием (проведённым на их базе или посещённым) в Y / "
                "ОО набора (по умолчанию участники программы года Y, где она их называет, иначе ШНОР и ШНСУ года Y)",
        numerator_label="ОО с методической работой", denominator_label="ОО",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS},
        available=a_support, no_data=NO_SUPPORT,
    ),
    "partnership_share": Measure(
        "Доля ОО в сетевом взаимодействии и партнёрстве", "percent", m_partnership, per_school=False,
        formula="ОО с партнёрством, действующим в Y (период пересекает год) / ОО набора "
                "(по умолчанию участники программы года Y, где она их называет, иначе ШНОР и ШНСУ)",
        numerator_label="ОО с партнёрством", denominator_label="ОО",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS},
        available=a_partnerships, no_data=NO_PARTNERSHIPS,
    ),
    "teachers_diagnosed_share": Measure(
        "Доля педагогов, прошедших диагностику профессиональных дефицитов", "percent", m_teachers_diagnosed,
        per_school=True,
        formula="работающие педагоги ОО набора с диагностикой дефицитов в Y / все их работающие педагоги",
        numerator_label="педагогов с диагностикой", denominator_label="педагогов",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS}, available=a_diagnostics,
        no_data=NO_DIAGNOSTICS,
    ),
    "teachers_pd_share": Measure(
        "Доля педагогов, прошедших курсы повышения квалификации", "percent", m_teachers_pd, per_school=True,
        formula="работающие педагоги ОО набора (по умолчанию участники программы года Y, где она их называет, иначе "
                "ШНОР года Y) с курсами ПК, завершёнными в Y / все их работающие педагоги",
        numerator_label="педагогов с курсами ПК", denominator_label="педагогов",
        params={"schools": Param("Какие ОО", SCHOOLS_CHOICES, "shnor"), "list": P_LIST, "tracks": P_TRACKS,
                "min_hours": Param("Не менее часов"), "forms": Param("Формы обучения")},
        available=a_courses, no_data=NO_COURSES,
    ),
    # Generic measures for indicators defined anew.
    "status_share": Measure(
        "Доля ОО в годовом списке (ШНОР, ШНСУ, зона риска, «500+», необъективность)", "percent", m_status_share,
        per_school=False, formula="ОО в списке года Y / все ОО и филиалы муниципалитета",
        numerator_label="ОО в списке", denominator_label="всего ОО",
        params={"kind": Param("Список", dict(Kind.choices), "shnor"), "list": P_LIST},
        available=a_list, no_data="за {year} год нет списка «{kind}»",
    ),
    "result_share": Measure(
        "Доля участников по показателю результатов", "percent", m_result_share, per_school=True,
        formula="Σ числителя показателя / Σ участников, по выбранным процедурам, предметам и классам, год Y",
        numerator_label="числитель показателя", denominator_label="участников",
        params={"figure": Param("Показатель", FIGURE_CHOICES, "share_2"), "procedures": P_PROCEDURES,
                "subjects": P_SUBJECTS, "grade": P_GRADE, "schools": P_SCHOOLS_ALL, "list": P_LIST,
                "tracks": P_TRACKS},
        no_data=NO_RESULTS,
    ),
    "events_count": Measure(
        "Число методических мероприятий", "count", m_events_count, per_school=False,
        formula="методические мероприятия муниципалитета в Y (выбранных видов; при необходимости — на базе ОО набора)",
        numerator_label="мероприятий",
        params={"kinds": Param("Виды мероприятий (пусто — все)"),
                "host": Param("На базе", {"any": "любой", **SCHOOLS_CHOICES}, "any"), "list": P_LIST,
                "tracks": P_TRACKS},
        no_data=NO_EVENTS,
    ),
    "teachers_pd_count": Measure(
        "Число педагогов, завершивших курсы ПК", "count", m_teachers_pd_count, per_school=False,
        formula="работающие педагоги ОО набора с курсами ПК, завершёнными в Y (не менее N часов, выбранных форм)",
        numerator_label="педагогов",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS, "min_hours": Param("Не менее часов"),
                "forms": Param("Формы обучения")},
        available=a_courses, no_data=NO_COURSES,
    ),
    "documents_share": Measure(
        "Доля ОО с согласованной школьной программой", "percent", m_documents_share, per_school=False,
        formula="ОО набора с документом выбранного вида, согласованным или опубликованным за Y / ОО набора (или все ОО)",
        numerator_label="ОО с документом", denominator_label="ОО",
        params={"schools": P_SCHOOLS_TARGET, "list": P_LIST, "tracks": P_TRACKS, "kinds": Param("Виды документов"),
                "of": Param("Знаменатель", {"set": "ОО набора", "all": "все ОО муниципалитета"}, "set")},
        available=a_documents, no_data=NO_DOCUMENTS,
    ),
}


def measure_choices() -> list[tuple[str, str]]:
    return [(k, m.label) for k, m in MEASURES.items()]


# ---------------------------------------------------------------------------------------------------------------------
# The preset library: the contract's stable codes (domain §7)


PRESETS: dict[str, dict] = {
    "shnor_share": dict(name="Доля школ, демонстрирующих низкие образовательные результаты", unit="percent",
                        direction="lower", comparator="le", measure="shnor_share"),
    "below_min_share": dict(
        name="Доля обучающихся, получивших по ВПР, ОГЭ, ЕГЭ по обязательным предметам результат ниже минимума",
        unit="percent", direction="lower", comparator="le", measure="below_min_share"),
    "vpr_coped_share": dict(name="Доля обучающихся, справившихся с ВПР", unit="percent", direction="higher",
                            comparator="ge", measure="vpr_coped_share"),
    "quality_change": dict(name="Изменение качества знаний в ШНОР и ШНСУ", unit="pp", direction="higher",
                           comparator="ge", measure="quality_change", params={"mode": "pp"}),
    "positive_dynamics_share": dict(
        name="Доля ШНОР и ШНСУ, показывающих положительную динамику результатов", unit="percent",
        direction="higher", comparator="ge", measure="positive_dynamics_share"),
    "method_work_share": dict(name="Доля ШНОР и ШНСУ, охваченных методической работой", unit="percent",
                              direction="higher", comparator="ge", measure="method_work_share"),
    "partnership_share": dict(name="Доля ШНОР и ШНСУ, вовлечённых в сетевое взаимодействие и партнёрство",
                              unit="percent", direction="higher", comparator="ge", measure="partnership_share"),
    "teachers_diagnosed_share": dict(
        name="Доля педагогов ШНОР и ШНСУ, прошедших диагностику профессиональных дефицитов", unit="percent",
        direction="higher", comparator="ge", measure="teachers_diagnosed_share"),
    "teachers_pd_share": dict(name="Доля педагогов ШНОР, прошедших курсы повышения квалификации", unit="percent",
                              direction="higher", comparator="ge", measure="teachers_pd_share"),
}


# ---------------------------------------------------------------------------------------------------------------------
# Recompute


def _candidate_years(indicators, facts) -> dict[int, list[int]]:
    """Per indicator: the programme's years, its target and baseline years, its recorded facts' years, and the years
    the portal has data for."""
    data_years = set(Result.objects.order_by().values_list("year", flat=True).distinct())
    data_years |= set(SchoolStatus.objects.order_by().values_list("year", flat=True).distinct())
    out = {}
    for ind in indicators:
        years = set(ind.program.years) | set(ind.target_years)
        if ind.baseline_year:
            years.add(ind.baseline_year)
        years |= {y for (i, y) in facts if i == ind.pk}
        if data_years and years:
            lo, hi = min(years | data_years), max(years)
            years |= {y for y in data_years if lo <= y <= hi}
        out[ind.pk] = sorted(years)
    return out


def definition_of(indicator, measure: Measure | None) -> dict:
    return {
        "measure": indicator.measure, "params": indicator.params, "targets": indicator.targets,
        "comparator": indicator.comparator, "unit": indicator.unit, "direction": indicator.direction,
        "population": getattr(indicator, "population", "") or "participants",
        "formula": measure.formula if measure else "",
    }


def no_data_text(measure: Measure, params: dict, year: int) -> str:
    """Why a value of the year is unknown, in Russian (kept in the value's details, shown beside «нет данных»)."""
    kind = dict(Kind.choices).get(params.get("kind", ""), params.get("kind", ""))
    return measure.no_data.format(year=year, previous=year - 1, kind=kind)


def _decimal(v):
    return None if v is None else Decimal(v)


# Sent on commit after a recompute replaced values: municipality_ids (None: every municipality).
indicator_values_changed = Signal()


def indicator_values_recompute(*, year: int | None = None, municipality=None, indicators=None,
                               progress: Callable[[int], None] | None = None) -> dict:
    """Recompute the computed indicators' values (None: every year with targets or data) and replace the values of
    each affected (indicator, year) in one transaction. Returns {"indicators", "years", "values"}."""
    from ..models import Indicator, IndicatorFact, IndicatorValue

    qs = Indicator.objects.filter(method=Indicator.Method.COMPUTED).select_related("program")
    if indicators is not None:
        qs = qs.filter(pk__in=[getattr(i, "pk", i) for i in indicators])
    if municipality is not None:
        qs = qs.filter(program__municipality=municipality)
    inds = [i for i in qs if i.measure in MEASURES]
    if not inds:
        return {"indicators": 0, "years": [], "values": 0}
    fact_qs = IndicatorFact.objects.filter(indicator__in=qs.values("pk"))
    if year is not None:
        fact_qs = fact_qs.filter(year=year)
    facts = {(f.indicator_id, f.year): f for f in fact_qs}
    years_of = {i.pk: [year] for i in inds} if year is not None else _candidate_years(inds, facts)
    everywhere = municipality is None and indicators is None

    # One computation per (measure, params, year, population) for all the municipalities that need it; the
    # participants of several programmes of one municipality are taken in separate passes.
    from programs.models import ProgramParticipant

    named: dict[int, set[int]] = defaultdict(set)
    for program_id, y in (ProgramParticipant.objects.filter(program__in={i.program_id for i in inds}).order_by()
                          .values_list("program_id", "year").distinct()):
        named[program_id].add(y)
    groups: dict[tuple, list] = defaultdict(list)
    for ind in inds:
        measure = MEASURES[ind.measure]
        params = measure.params_with_defaults(ind.params)
        key_params = tuple(sorted((k, repr(v)) for k, v in params.items()))
        for y in years_of[ind.pk]:
            pop = indicator_population(ind, y, named_years=named[ind.program_id]) \
                if measure.population_applies(params) else None
            groups[(ind.measure, key_params, y, pop and (pop.kind, pop.year))].append((ind, params, pop))
    passes = []
    ordered = sorted(groups.items(), key=lambda g: (g[0][0], g[0][2], g[0][1], str(g[0][3])))
    for (key, _kp, y, pop_key), members in ordered:
        if pop_key is None or pop_key[0] != "participants":
            passes.append((key, y, members, pop_key and Population(*pop_key)))
            continue
        batches: list[tuple[dict, list]] = []  # ({municipality: programme}, members)
        for member in members:
            m, program_id = member[0].program.municipality_id, member[0].program_id
            batch = next((b for b in batches if b[0].get(m, program_id) == program_id), None)
            if batch is None:
                batches.append(batch := ({}, []))
            batch[0][m] = program_id
            batch[1].append(member)
        for programs, batch_members in batches:
            tracks = tuple(sorted(int(t) for t in _as_list(batch_members[0][1].get("tracks"))))
            passes.append((key, y, batch_members, Population("participants", y, tuple(sorted(programs.values())),
                                                             tracks=tracks)))
    now = timezone.now()
    rows: list[tuple] = []
    school_ids: set[int] = set()
    results: list[tuple] = []
    for n, (key, y, members, pop) in enumerate(passes):
        measure = MEASURES[key]
        params = members[0][1]
        mids = None if everywhere else sorted({ind.program.municipality_id for ind, *_ in members})
        call_params = params if pop is None else {**params, POPULATION_KEY: pop}
        fractions = measure.compute(year=y, municipality_ids=mids, params=call_params)
        available = (measure.available(year=y, municipality_ids=mids, params=call_params)
                     if measure.available else None)
        pop_rows: dict[int, list[int]] = defaultdict(list)
        if pop is not None:
            set_kind = params[measure.population_key]
            pop_qs = pop.schools(set_kind, mids, params.get("list", "official_first"))
            for pk, (m, _code) in _school_rows(pop_qs).items():
                pop_rows[m].append(pk)
                school_ids.add(pk)
        for ind, _, ind_pop in members:
            m = ind.program.municipality_id
            if available is not None and m not in available:
                # Nothing to take the measure over: the counts (an empty list's zeros) would read as a real 0.
                f = Fraction(details={"no_data": no_data_text(measure, params, y)})
            else:
                f = fractions.get(m) or Fraction()
                if available and available[m]:
                    f.details["list"] = available[m]
            population = None
            if ind_pop is not None:
                population = {"kind": ind_pop.kind, "year": ind_pop.year, "fallback": ind_pop.fallback,
                              "label": (pop if pop.kind == "participants" else ind_pop).label(
                                  params[measure.population_key]),
                              "schools": pop_rows.get(m, [])}
            results.append((ind, measure, params, y, f, population))
            school_ids |= f.den_by_school.keys() | f.num_by_school.keys() | f.prev_den_by_school.keys()
        if progress:
            progress(5 + 75 * (n + 1) // len(passes))
    schools = School.objects.all() if len(school_ids) > 5000 else School.objects.filter(pk__in=school_ids)
    codes = dict(schools.values_list("pk", "code")) if school_ids else {}
    for ind, measure, params, y, f, population in results:
        if population is not None:
            population["schools"] = sorted(codes[s] for s in population["schools"])
        rows.extend(_value_rows(ind, measure, params, y, f, codes, now, facts.get((ind.pk, y)), population=population))
    with transaction.atomic():
        affected = IndicatorValue.objects.filter(indicator__in=qs.values("pk"))
        if year is not None:
            affected = affected.filter(year=year)
        affected._raw_delete(affected.db)
        _values_write(rows)
        changed = None if everywhere else sorted({i.program.municipality_id for i in inds})
        transaction.on_commit(lambda: indicator_values_changed.send(sender=IndicatorValue, municipality_ids=changed))
    if progress:
        progress(100)
    return {"indicators": len(inds), "years": sorted({y for ys in years_of.values() for y in ys}), "values": len(rows)}


# The writer (ROW_COLUMNS, COPY/bulk insert of the rows): engine/writer.py


def _value_rows(ind, measure: Measure, params: dict, year: int, f: Fraction, codes: dict, now,
                fact=None, *, population: dict | None = None) -> list[tuple]:
    """Tuples (ROW_COLUMNS), not model instances: a national recompute writes over a hundred thousand of them.

    The municipality's row carries the year's recorded fact, if any: beside a computed value, or — when the
    computation has no data — as the value itself (source «recorded»), judged against the target like any value.
    `population`: whose schools the value is taken over ({kind, year, label, fallback, schools: [codes]})."""
    target = ind.target_for(year)
    mode = params.get("mode", "pp")
    value = indicator_value(f.numerator, f.denominator, ind.unit, previous=f.previous if measure.change else None,
                            mode=mode)
    details = dict(f.details)
    if population is not None:
        details["population"] = population
    if value is None and "no_data" not in details:
        if measure.available is None:
            details["no_data"] = no_data_text(measure, params, year)
        elif measure.unit == "count":
            details["no_data"] = EMPTY_SET.format(year=year)
        else:
            details["no_data"] = EMPTY_DENOMINATOR.format(year=year, denominator=measure.denominator_label)
    source = "computed"
    if value is None and fact is not None:
        value, source = fact.value, "recorded"
    if measure.change and f.previous is not None:
        details["previous"] = {"year": year - 1, "numerator": f.previous[0], "denominator": f.previous[1],
                               "numerator_schools": {codes[s]: c for s, c in f.prev_num_by_school.items()},
                               "denominator_schools": {codes[s]: c for s, c in f.prev_den_by_school.items()}}
    out = [(
        ind.pk, year, None, value, _decimal(f.numerator), _decimal(f.denominator), target,
        indicator_status(value, target, ind.comparator),
        _js({codes[s]: c for s, c in sorted(f.num_by_school.items(), key=lambda x: codes[x[0]])}),
        _js({codes[s]: c for s, c in sorted(f.den_by_school.items(), key=lambda x: codes[x[0]])}),
        _js(details), _js(definition_of(ind, measure)), now, source, getattr(fact, "pk", None),
    )]
    if measure.per_school:
        school_definition = _js({"measure": ind.measure})
        for school_id, den in f.den_by_school.items():
            num = f.num_by_school.get(school_id, 0)
            prev = None
            school_details = _EMPTY
            if measure.change:
                if school_id not in f.prev_den_by_school:
                    continue
                prev = (f.prev_num_by_school.get(school_id, 0), f.prev_den_by_school[school_id])
                school_details = _js({"previous": {"numerator": prev[0], "denominator": prev[1]}})
            v = indicator_value(num, den, ind.unit, previous=prev, mode=mode)
            out.append((ind.pk, year, school_id, v, num, den, target, indicator_status(v, target, ind.comparator),
                        _EMPTY, _EMPTY, school_details, school_definition, now, "computed", None))
    return out
