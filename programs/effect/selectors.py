"""The school-year tables a programme's effect is computed from, read from the portal's data, and the scoped reads.

- **Measure table**: per school and year of the programme's region, the measure over the chosen procedure,
  subject and grade (or all the ШНОР rule's procedures together), with its n. The shares come from
  `assessments.figures` (counts summed first, divided once): `_school_year_counts` is the one call site, so a
  change in how results carry their shares flows in here.
- **Participants** are the programme's schools (any year); the programme starts in the earlier of its period's
  first year and its participants' first year.
- **Pool**: the region's schools that never took part in any programme (docs/effect.md §8: no spill-over).
- **Context**: `context_table(...)` (contract 1.1's columns).
- **Data version**: a digest of everything the estimate reads; a cached effect with another version is stale.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Sum, When

from assessments.figures import aggregate_kwargs, counts_of_aggregate
from assessments.models import Procedure, Result, Subject
from assessments.risk.models import RiskRule
from programs.models import Program, ProgramParticipant
from schools.models import School, SchoolStatus
from schools.selectors import CONTEXT_FIELDS
from schools.selectors import context_table as dated_context

from .models import Measure, ProgramEffect

if TYPE_CHECKING:
    import pandas as pd

ALGORITHM = "matched_did/1"  # bump when the estimate's rules change: every cached effect becomes stale
# The counts behind each share's denominator (assessments.figures.Counts): the measure's n.
MEASURE_N = {"share_2": "fail_n", "success": "fail_n", "quality": "good_n", "objectivity": "confirmed_n"}


@dataclass(frozen=True)
class EffectKey:
    """What an effect is of: the measure, and a procedure, subject and grade (blank / 0: every one of the rule's)."""

    measure: str = Measure.SHARE_2
    procedure: str = ""
    subject: str = ""
    grade: int = 0

    @property
    def rule_procedures(self) -> bool:
        return not self.procedure

    def as_filter(self) -> dict[str, Any]:
        return {"measure": self.measure, "procedure": self.procedure, "subject": self.subject, "grade": self.grade}

    @property
    def label(self) -> str:
        measure = Measure(self.measure).label
        if self.rule_procedures:
            return f"{measure}, все процедуры правила ШНОР"
        parts = [Procedure(self.procedure).label]
        if self.subject:
            parts.append(
                Subject.objects.filter(code=self.subject).values_list("name", flat=True).first() or self.subject
            )
        if self.grade:
            parts.append(f"{self.grade} класс")
        return f"{measure}, " + ", ".join(parts)


DEFAULT_KEY = EffectKey()


# --- scoped reads -------------------------------------------------------------------------------------------------


def effect_program_list(*, user) -> QuerySet[Program]:
    """The programmes whose effect the user may read: the programmes they see (outside them, 404)."""
    return Program.objects.visible_to(user).select_related("municipality__region")


def effect_cached(*, program: Program, key: EffectKey) -> ProgramEffect | None:
    return ProgramEffect.objects.filter(program=program, **key.as_filter()).first()


def effect_cached_keys(*, program_ids: list[int]) -> dict[int, list[EffectKey]]:
    """Per programme, the keys whose effects are cached (what a recompute refreshes)."""
    out: dict[int, list[EffectKey]] = {}
    rows = ProgramEffect.objects.filter(program_id__in=program_ids).values_list(
        "program_id", "measure", "procedure", "subject", "grade"
    )
    for program_id, measure, procedure, subject, grade in rows:
        out.setdefault(program_id, []).append(EffectKey(measure, procedure, subject, grade))
    return out


# --- the tables ---------------------------------------------------------------------------------------------------


def _rule_keys_q() -> tuple[Q, int]:
    """The rule's procedures as a filter over Result, and the rule's version."""
    rule = RiskRule.objects.current()
    subject_ids = dict(Subject.objects.values_list("code", "pk"))
    q = Q(pk__in=[])
    for p in rule.procedures:
        if p["subject"] in subject_ids:
            q |= Q(procedure=p["procedure"], subject_id=subject_ids[p["subject"]], grade=int(p["grade"]))
    return q, rule.version


def _results(region_id: int, key: EffectKey) -> tuple[QuerySet[Result], int | None]:
    rows = Result.objects.filter(school__municipality__region_id=region_id, participants__gt=0)
    if key.rule_procedures:
        q, version = _rule_keys_q()
        return rows.filter(q), version
    rows = rows.filter(procedure=key.procedure)
    if key.subject:
        rows = rows.filter(subject__code=key.subject)
    if key.grade:
        rows = rows.filter(grade=key.grade)
    return rows, None


def _school_year_counts(rows: QuerySet[Result]) -> list[Mapping[str, Any]]:
    """The one call site of the share computation: counts per school and year, summed in SQL (assessments.figures)."""
    mean_known = Q(mean_score__isnull=False)
    counts: Iterable[Mapping[str, Any]] = (
        rows.order_by()
        .values("school_id", "year")
        .annotate(
            **aggregate_kwargs(),
            mean_sum=Sum(F("mean_score") * F("participants")),
            mean_n=Sum(Case(When(mean_known, then=F("participants")), default=0, output_field=IntegerField())),
        )
    )
    return list(counts)


def measure_rows(rows: QuerySet[Result], measure: str) -> list[dict]:
    """`school_id`, `year`, `value`, `n` per school-year with a known value of the measure."""
    out = []
    for row in _school_year_counts(rows):
        if measure == Measure.MEAN_SCORE:
            n = row["mean_n"] or 0
            value = float(row["mean_sum"]) / n if n and row["mean_sum"] is not None else None
        else:
            counts = counts_of_aggregate(row)
            figure = counts.figures()[measure]
            value, n = (None if figure is None else float(figure)), getattr(counts, MEASURE_N[measure])
        if value is not None:
            out.append({"school_id": row["school_id"], "year": row["year"], "value": value, "n": n})
    return out


def context_table(school_ids: list[int], year: int | None = None) -> "pd.DataFrame":
    """Contract 1.1's context of the schools as a table: `school_id`, `year`, `urban_rural`, `enrolment`, the shares
    and the resource index, from the registry's dated context (schools.selectors.context_table). A school without a
    dated row is read from what School itself holds (city/village, enrolment) as of year 0, before any programme.

    With `year`: one row a school, its context as of that year, without the `year` column (one snapshot)."""
    import pandas as pd

    rows = [
        {key: (float(value) if isinstance(value, Decimal) else value) for key, value in row.items()}
        for row in dated_context(school_ids, year=year)
    ]
    dated = {int(row["school_id"]) for row in rows}
    undated = School.objects.filter(pk__in=school_ids).exclude(pk__in=dated)
    for pk, rural, enrolment in undated.values_list("pk", "is_rural", "enrolment"):
        rows.append(
            {
                "school_id": pk,
                "year": 0,
                "urban_rural": "" if rural is None else ("село" if rural else "город"),
                "enrolment": enrolment,
            }
        )
    table = pd.DataFrame(rows, columns=list(CONTEXT_FIELDS))
    table["urban_rural"] = table["urban_rural"].replace("", None)
    return table.drop(columns="year") if year is not None else table


@dataclass
class EffectTables:
    values: list[dict]
    treated: set[int]
    pool: set[int]
    first_year: int
    context: "pd.DataFrame"
    version: str


def _inputs(program: Program, key: EffectKey) -> tuple[QuerySet[Result], EffectTables]:
    """Every input but the measure's own aggregate, with the data version over all of them (fixed queries)."""
    region_id = program.municipality.region_id
    rows, rule_version = _results(region_id, key)
    region_schools = list(School.objects.filter(municipality__region_id=region_id).values_list("pk", flat=True))
    participants = list(
        ProgramParticipant.objects.filter(program__municipality__region_id=region_id)
        .order_by("program_id", "school_id", "year")
        .values_list("program_id", "school_id", "year")
    )
    own = [(s, y) for p, s, y in participants if p == program.pk]
    first_year = min([program.period_start.year, *(y for _, y in own)])
    context = context_table(region_schools)
    stamp = rows.aggregate(n=Count("pk"), changed=Max("updated_at"))
    payload = [
        ALGORITHM,
        key.as_filter(),
        rule_version,
        first_year,
        stamp["n"],
        str(stamp["changed"]),
        participants,
        context.sort_values("school_id").to_json(orient="values"),
    ]
    version = hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()
    tables = EffectTables(
        values=[],
        treated={s for s, _ in own},
        pool=set(region_schools) - {s for _, s, _ in participants},
        first_year=first_year,
        context=context,
        version=version,
    )
    return rows, tables


def effect_tables(*, program: Program, key: EffectKey) -> EffectTables:
    """Everything the estimate reads, in a fixed number of queries whatever the region's size."""
    rows, tables = _inputs(program, key)
    tables.values = measure_rows(rows, key.measure)
    return tables


def effect_data_version(*, program: Program, key: EffectKey) -> str:
    """The version a cached effect is checked against: the inputs' digest, without the measure's aggregate."""
    return _inputs(program, key)[1].version


# --- a school against its context group ---------------------------------------------------------------------------


def _weighted(rows: list[dict]) -> float | None:
    n = sum(r["n"] for r in rows if r["n"])
    return sum(r["value"] * r["n"] for r in rows if r["n"]) / n if n else None


def school_context(*, school: School, measure: str = Measure.SHARE_2) -> dict | None:
    """The school's context group (docs/effect.md §5) and its measure over the ШНОР rule's procedures in its latest
    year beside the group's median, the municipality's and the region's figures (counts summed first). None when
    the school has no group (too few context columns known) or no results of the rule's procedures.

    The group is read over the region's schools: a territory's yardstick, as the municipality's figure is."""
    import pandas as pd

    from .context import against_group, context_groups

    region_id = school.municipality.region_id
    rows, _version = _results(region_id, DEFAULT_KEY)
    year = rows.filter(school=school).aggregate(last=Max("year"))["last"]
    if year is None:
        return None
    region_schools = list(School.objects.filter(municipality__region_id=region_id).values_list("pk", flat=True))
    groups = context_groups(context_table(region_schools, year=year))
    own = groups[groups["school_id"] == school.pk]
    if own.empty or pd.isna(own["group"].iloc[0]):
        return None
    values = measure_rows(rows.filter(year=year), measure)
    table = against_group(
        pd.DataFrame(values, columns=["school_id", "year", "value", "n"]).drop(columns="year"), groups
    )
    mine = table[table["school_id"] == school.pk]
    municipal = set(School.objects.filter(municipality_id=school.municipality_id).values_list("pk", flat=True))
    row = mine.iloc[0] if not mine.empty else None

    def number(value) -> float | None:
        return None if value is None or pd.isna(value) else round(float(value), 1)

    return {
        "year": year,
        "stratum": own["stratum"].iloc[0],
        "group": int(own["group"].iloc[0]),
        "label": own["label"].iloc[0],
        "measure": measure,
        "school": None if row is None else number(row["value"]),
        "group_median": None if row is None else number(row["group_median"]),
        "group_schools": None if row is None else int(row["group_n"]),
        "difference": None if row is None else number(row["difference"]),
        "municipality": number(_weighted([v for v in values if v["school_id"] in municipal])),
        "region": number(_weighted(values)),
    }


# --- the ШНОР list against the context groups ---------------------------------------------------------------------

# How far (п. п. of the measure) a school's figure must lie from its group's median to differ from schools like it.
CONTEXT_MARGIN = 5.0
CONTEXT_GROUPS = 3  # context_groups' default: the last group is «трудные условия»
WORSE, HARD, LIKE, BETTER, NO_RESULTS, NO_CONTEXT = "worse", "hard", "like", "better", "no_results", "no_context"
CONTEXT_VERDICTS = {
    WORSE: ("хуже похожих школ", "помощь в обучении: результаты ниже, чем у школ в таких же условиях"),
    HARD: ("трудные условия", "помощь в условиях: школа в самой трудной группе и не хуже похожих школ"),
    LIKE: ("как похожие школы", "результаты на уровне школ в таких же условиях"),
    BETTER: ("лучше похожих школ", "результаты лучше, чем у школ в таких же условиях"),
    NO_RESULTS: ("нет результатов", "нет результатов процедур правила ШНОР за год"),
    NO_CONTEXT: ("нет данных о контексте", "нужны хотя бы два показателя социального контекста (контракт 1.1)"),
}
CONTEXT_ORDER = (WORSE, HARD, LIKE, BETTER, NO_RESULTS, NO_CONTEXT)


@dataclass(frozen=True)
class ListedContext:
    """A listed school beside its context group: the measure in the results year, the group's median and n."""

    school: School
    verdict: str
    label: str | None = None  # the group's label, «город: трудные условия»
    hard: bool = False
    value: float | None = None
    group_median: float | None = None
    group_schools: int | None = None
    difference: float | None = None

    @property
    def verdict_label(self) -> str:
        return CONTEXT_VERDICTS[self.verdict][0]

    @property
    def need(self) -> str:
        return CONTEXT_VERDICTS[self.verdict][1]

    @property
    def gap(self) -> float | None:
        return None if self.difference is None else abs(self.difference)


def context_verdict(*, difference: float | None, hard: bool | None) -> str:
    """The class of a listed school: `hard` None — the school has no context group; `difference` in п. п. (school −
    the group's median, rounded as shown) or None without results. Worse than similar schools wins over hard
    conditions: that school needs help in teaching whatever its conditions."""
    if hard is None:
        return NO_CONTEXT
    if difference is not None and difference >= CONTEXT_MARGIN:
        return WORSE
    if hard:
        return HARD
    if difference is None:
        return NO_RESULTS
    return BETTER if difference <= -CONTEXT_MARGIN else LIKE


def _listed_against_groups(listed: list[School], *, region_id: int, year: int, measure: str) -> list[ListedContext]:
    """Every listed school against its region-wide context group in `year` (results and context of that year):
    the groups and the medians are computed once for the region, whatever the number of schools."""
    import pandas as pd

    from .context import against_group, context_groups

    if not listed:
        return []
    rows, _version = _results(region_id, DEFAULT_KEY)
    region_schools = list(School.objects.filter(municipality__region_id=region_id).values_list("pk", flat=True))
    groups = context_groups(context_table(region_schools, year=year), groups=CONTEXT_GROUPS)
    values = pd.DataFrame(measure_rows(rows.filter(year=year), measure), columns=["school_id", "year", "value", "n"])
    table = against_group(values.drop(columns="year"), groups).set_index("school_id")
    group_of = groups.set_index("school_id")

    def number(value) -> float | None:
        return None if value is None or pd.isna(value) else round(float(value), 1)

    out = []
    for school in listed:
        group = group_of["group"].get(school.pk)
        if group is None or pd.isna(group):
            out.append(ListedContext(school=school, verdict=NO_CONTEXT))
            continue
        hard = int(group) == CONTEXT_GROUPS
        row = table.loc[school.pk] if school.pk in table.index else None
        difference = None if row is None else number(row["difference"])
        out.append(
            ListedContext(
                school=school,
                verdict=context_verdict(difference=difference, hard=hard),
                label=group_of["label"].get(school.pk),
                hard=hard,
                value=None if row is None else number(row["value"]),
                group_median=None if row is None else number(row["group_median"]),
                group_schools=None if row is None or pd.isna(row["group_n"]) else int(row["group_n"]),
                difference=difference,
            )
        )
    order = {verdict: i for i, verdict in enumerate(CONTEXT_ORDER)}
    out.sort(key=lambda r: (order[r.verdict], -(r.difference or 0), r.school.display_name))
    return out


def listed_schools(*, user, year: int, municipality_ids: list[int]) -> list[School]:
    """The schools of the ШНОР list of `year` in the municipalities, within the user's scope (official first)."""
    from schools.selectors import listed_statuses

    statuses = listed_statuses(kind=SchoolStatus.Kind.SHNOR, year=year).values("school_id")
    return list(
        School.objects.visible_to(user)
        .filter(municipality_id__in=municipality_ids, pk__in=statuses)
        .select_related("municipality")
        .order_by("pk")
    )


def listed_context(*, user, municipality, year: int, measure: str = Measure.SHARE_2) -> list[ListedContext]:
    """The ШНОР list of `year` in the municipality (the user's scope) against the context groups: each school's
    measure over the rule's procedures in year − 1 (the latest results the list reads) beside its group's median."""
    listed = listed_schools(user=user, year=year, municipality_ids=[municipality.pk])
    return _listed_against_groups(listed, region_id=municipality.region_id, year=year - 1, measure=measure)


def listed_worse_counts(*, user, municipalities, year: int) -> dict[int, int]:
    """Per municipality (id), how many of its ШНОР schools of `year` do worse than schools like them (as
    `listed_context` classes them); region-wide groups computed once per region, not per municipality."""
    municipalities = list(municipalities)
    listed = listed_schools(user=user, year=year, municipality_ids=[m.pk for m in municipalities])
    counts = {m.pk: 0 for m in municipalities}
    for region_id in sorted({m.region_id for m in municipalities}):
        schools = [s for s in listed if s.municipality.region_id == region_id]
        for row in _listed_against_groups(schools, region_id=region_id, year=year - 1, measure=Measure.SHARE_2):
            if row.verdict == WORSE:
                counts[row.school.municipality_id] += 1
    return counts
