"""The recompute: every computed indicator's values, one computation per (measure, settings, year, population) for
all the municipalities that need it, replaced per (indicator, year) in one transaction (see the engine's doc for
«No data», «Whose schools» and the status rule)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from assessments.models import Result
from programs.models import ProgramParticipant
from schools.models import School, SchoolStatus

from ..models import Indicator, IndicatorFact, IndicatorValue
from .measures.base import Fraction, Measure, school_rows
from .populations import POPULATION_KEY, Population, indicator_population
from .registry import MEASURES, definition_of
from .rules import indicator_status, indicator_value
from .writer import _EMPTY, _js, _values_write

Kind = SchoolStatus.Kind

EMPTY_DENOMINATOR = "нет данных за {year} год: знаменатель пуст ({denominator} — 0)"
EMPTY_SET = "нет данных за {year} год: набор, по которому считается показатель, пуст"


def _as_list(value) -> list:
    return [] if value in (None, "", []) else value if isinstance(value, list) else [value]


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


def no_data_text(measure: Measure, params: dict, year: int) -> str:
    """Why a value of the year is unknown, in Russian (kept in the value's details, shown beside «нет данных»)."""
    kind = dict(Kind.choices).get(params.get("kind", ""), params.get("kind", ""))
    return measure.no_data.format(year=year, previous=year - 1, kind=kind)


def _decimal(v):
    return None if v is None else Decimal(v)


# Sent on commit after a recompute replaced values: municipality_ids (None: every municipality).
indicator_values_changed = Signal()


def indicator_values_recompute(
    *, year: int | None = None, municipality=None, indicators=None, progress: Callable[[int], None] | None = None
) -> dict:
    """Recompute the computed indicators' values (None: every year with targets or data) and replace the values of
    each affected (indicator, year) in one transaction. Returns {"indicators", "years", "values"}."""
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
    named: dict[int, set[int]] = defaultdict(set)
    for program_id, y in (
        ProgramParticipant.objects.filter(program__in={i.program_id for i in inds})
        .order_by()
        .values_list("program_id", "year")
        .distinct()
    ):
        named[program_id].add(y)
    groups: dict[tuple, list] = defaultdict(list)
    for ind in inds:
        measure = MEASURES[ind.measure]
        params = measure.params_with_defaults(ind.params)
        key_params = tuple(sorted((k, repr(v)) for k, v in params.items()))
        for y in years_of[ind.pk]:
            pop = (
                indicator_population(ind, y, named_years=named[ind.program_id])
                if measure.population_applies(params)
                else None
            )
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
            passes.append(
                (key, y, batch_members, Population("participants", y, tuple(sorted(programs.values())), tracks=tracks))
            )
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
        available = measure.available(year=y, municipality_ids=mids, params=call_params) if measure.available else None
        pop_rows: dict[int, list[int]] = defaultdict(list)
        if pop is not None:
            set_kind = params[measure.population_key]
            pop_qs = pop.schools(set_kind, mids, params.get("list", "official_first"))
            for pk, (m, _code) in school_rows(pop_qs).items():
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
                population = {
                    "kind": ind_pop.kind,
                    "year": ind_pop.year,
                    "fallback": ind_pop.fallback,
                    "label": (pop if pop.kind == "participants" else ind_pop).label(params[measure.population_key]),
                    "schools": pop_rows.get(m, []),
                }
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


def _value_rows(
    ind,
    measure: Measure,
    params: dict,
    year: int,
    f: Fraction,
    codes: dict,
    now,
    fact=None,
    *,
    population: dict | None = None,
) -> list[tuple]:
    """Tuples (ROW_COLUMNS), not model instances: a national recompute writes over a hundred thousand of them.

    The municipality's row carries the year's recorded fact, if any: beside a computed value, or — when the
    computation has no data — as the value itself (source «recorded»), judged against the target like any value.
    `population`: whose schools the value is taken over ({kind, year, label, fallback, schools: [codes]})."""
    target = ind.target_for(year)
    mode = params.get("mode", "pp")
    value = indicator_value(
        f.numerator, f.denominator, ind.unit, previous=f.previous if measure.change else None, mode=mode
    )
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
        details["previous"] = {
            "year": year - 1,
            "numerator": f.previous[0],
            "denominator": f.previous[1],
            "numerator_schools": {codes[s]: c for s, c in f.prev_num_by_school.items()},
            "denominator_schools": {codes[s]: c for s, c in f.prev_den_by_school.items()},
        }
    out: list[tuple] = [
        (
            ind.pk,
            year,
            None,
            value,
            _decimal(f.numerator),
            _decimal(f.denominator),
            target,
            indicator_status(value, target, ind.comparator),
            _js({codes[s]: c for s, c in sorted(f.num_by_school.items(), key=lambda x: codes[x[0]])}),
            _js({codes[s]: c for s, c in sorted(f.den_by_school.items(), key=lambda x: codes[x[0]])}),
            _js(details),
            _js(definition_of(ind, measure)),
            now,
            source,
            getattr(fact, "pk", None),
        )
    ]
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
            out.append(
                (
                    ind.pk,
                    year,
                    school_id,
                    v,
                    num,
                    den,
                    target,
                    indicator_status(v, target, ind.comparator),
                    _EMPTY,
                    _EMPTY,
                    school_details,
                    school_definition,
                    now,
                    "computed",
                    None,
                )
            )
    return out
