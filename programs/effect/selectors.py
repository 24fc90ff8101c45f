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
from schools.models import School
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
