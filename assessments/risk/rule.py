"""The ШНОР rule (domain §5), twice: a plain-Python reference and a set-based SQL implementation over all schools.

Both take the same parameters (`RuleParams`, one version of `RiskRule`) and return the same verdicts, so a
property-based test can hold the SQL to the reference. A procedure is low when fail × 100 ≥ threshold × n with
integers (no float rounding at the 30 % boundary); n = 0 or an unknown fail count is never low. A row that came
with shares and no participants (contract 1.2) is low when its given share of «2» is ≥ the threshold; it has no n,
so it adds nothing to the totals the growth criterion sums.

- A: at least `count_a` low procedures in Y−1;
- B: at least `count_b` low procedures in each of Y−1 and Y−2;
- watch-list (not listed): a procedure at ≥ `watch_threshold` in Y−1 («threshold»), or the share of «2» over the
  rule's procedures (summed counts) grew two years running, Y−3 → Y−2 → Y−1 («growth»).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, F, IntegerField, Q, Sum, When
from django.db.models.lookups import GreaterThanOrEqual

from core.numbers import api_percent

from ..figures import FAIL_EXPR, FAIL_SHARE_EXPR, fail_count, fail_share_given

if TYPE_CHECKING:
    from .models import RiskRule

SortKey = Callable[[dict], tuple[int, int, int]]

SHNOR = "shnor"
WATCH = "watch"
CRITERION_A = "A"
CRITERION_B = "B"
WATCH_THRESHOLD = "threshold"
WATCH_GROWTH = "growth"


@dataclass(frozen=True)
class ProcedureKey:
    procedure: str
    subject: str  # subject code
    grade: int


@dataclass(frozen=True)
class RuleParams:
    version: int
    threshold: int = 30
    watch_threshold: int = 20
    procedures: tuple[ProcedureKey, ...] = ()
    count_a: int = 2
    count_b: int = 1

    @classmethod
    def of(cls, rule: "RiskRule") -> "RuleParams":
        return cls(
            version=rule.version,
            threshold=rule.threshold,
            watch_threshold=rule.watch_threshold,
            procedures=tuple(ProcedureKey(p["procedure"], p["subject"], int(p["grade"])) for p in rule.procedures),
            count_a=rule.count_a,
            count_b=rule.count_b,
        )

    def as_dict(self) -> dict:
        return {
            "version": self.version,
            "threshold": self.threshold,
            "procedures": [{"procedure": p.procedure, "subject": p.subject, "grade": p.grade} for p in self.procedures],
            "count_a": self.count_a,
            "count_b": self.count_b,
            "watch_threshold": self.watch_threshold,
        }


@dataclass(frozen=True)
class ResultRow:
    """What the rule reads of one result: its key and the counts behind «failed»."""

    school_id: int
    year: int
    procedure: str
    subject: str
    grade: int
    participants: int  # 0 when unknown: a row given in shares without participants
    marks_2: int | None = None
    below_min: int | None = None
    # Shares as the file gave them, read where the counts are unknown (no participants).
    share_2: Decimal | None = None
    below_min_share: Decimal | None = None
    success: Decimal | None = None


@dataclass
class Verdict:
    kind: str  # SHNOR or WATCH
    criteria: list[str]
    reasons: list[dict] = field(default_factory=list)


def at_least(fail: int | None, participants: int | None, percent: int, given: Decimal | None = None) -> bool:
    """fail / participants ≥ percent %, exactly, in integers; where the counts are unknown, the share the file gave
    (`given`, percent) ≥ percent."""
    if fail is not None and participants:
        return fail * 100 >= percent * participants
    return fail is None and given is not None and given >= percent


def share_2(fail: int | None, participants: int | None, given: Decimal | None = None) -> float | None:
    """The API's percentage (one decimal, half up) in integers: the same as api_percent(share(...)), faster. Where
    the counts are unknown, the share the file gave."""
    if fail is None or not participants:
        return api_percent(given) if fail is None else None
    return ((fail * 2000 + participants) // (2 * participants)) / 10


def reason(
    *,
    year: int,
    procedure: str | None,
    subject: str | None,
    grade: int | None,
    participants: int | None,
    fail: int | None,
    given: Decimal | None = None,
) -> dict:
    return {
        "year": year,
        "procedure": procedure,
        "subject": subject,
        "grade": grade,
        "participants": participants,
        "share_2": share_2(fail, participants, given),
    }


def _reason_sort_key(params: RuleParams) -> SortKey:
    order = {p: i for i, p in enumerate(params.procedures)}

    def key(r: dict) -> tuple[int, int, int]:
        if r["procedure"] is None:  # growth reasons: the three years, oldest first, after the procedures
            return (1, r["year"], 0)
        return (0, -r["year"], order.get(ProcedureKey(r["procedure"], r["subject"], r["grade"]), 99))

    return key


def _grew(totals: dict[int, tuple[int, int]], year: int) -> bool:
    """Share of «2» (summed counts) strictly grew Y−3 → Y−2 → Y−1; compared as fractions, in integers."""
    points = [p for k in (3, 2, 1) if (p := totals.get(year - k)) is not None and p[1] != 0]
    if len(points) < 3:
        return False
    (f3, n3), (f2, n2), (f1, n1) = points
    return f3 * n2 < f2 * n3 and f2 * n1 < f1 * n2


def _growth_reasons(totals: dict[int, tuple[int, int]], year: int) -> list[dict]:
    return [
        reason(year=y, procedure=None, subject=None, grade=None, participants=totals[y][1], fail=totals[y][0])
        for y in (year - 3, year - 2, year - 1)
    ]


def _decide(
    params: RuleParams,
    year: int,
    low: list[dict],
    watch_rows: list[dict],
    totals: dict[int, tuple[int, int]],
    sort_key: SortKey | None = None,
) -> Verdict | None:
    """One school's verdict from its low reasons (Y−1, Y−2), its ≥ watch-threshold reasons (Y−1) and its totals."""
    low1 = sum(1 for r in low if r["year"] == year - 1)
    low2 = sum(1 for r in low if r["year"] == year - 2)
    criteria = []
    if low1 >= params.count_a:
        criteria.append(CRITERION_A)
    if low1 >= params.count_b and low2 >= params.count_b:
        criteria.append(CRITERION_B)
    sort_key = sort_key or _reason_sort_key(params)
    if criteria:
        return Verdict(SHNOR, criteria, sorted(low, key=sort_key))
    watch = []
    reasons = []
    if watch_rows:
        watch.append(WATCH_THRESHOLD)
        reasons.extend(watch_rows)
    if _grew(totals, year):
        watch.append(WATCH_GROWTH)
        reasons.extend(_growth_reasons(totals, year))
    if watch:
        return Verdict(WATCH, watch, sorted(reasons, key=sort_key))
    return None


def rule_apply(params: RuleParams, year: int, rows: Iterable[ResultRow]) -> dict[int, Verdict]:
    """The reference implementation: school id → verdict, for the schools on the list or the watch-list of `year`."""
    keys = set(params.procedures)
    low: dict[int, list[dict]] = defaultdict(list)
    watch: dict[int, list[dict]] = defaultdict(list)
    totals: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    schools = set()
    for row in rows:
        if ProcedureKey(row.procedure, row.subject, row.grade) not in keys or not year - 3 <= row.year <= year - 1:
            continue
        fail = fail_count(row.procedure, row.marks_2, row.below_min) if row.participants else None
        given = fail_share_given(row.procedure, row.share_2, row.below_min_share, row.success)
        schools.add(row.school_id)
        if fail is not None:
            totals[row.school_id][row.year][0] += fail
            totals[row.school_id][row.year][1] += row.participants
        r = reason(
            year=row.year,
            procedure=row.procedure,
            subject=row.subject,
            grade=row.grade,
            participants=row.participants or None,
            fail=fail,
            given=given,
        )
        if row.year in (year - 1, year - 2) and at_least(fail, row.participants, params.threshold, given):
            low[row.school_id].append(r)
        if row.year == year - 1 and at_least(fail, row.participants, params.watch_threshold, given):
            watch[row.school_id].append(r)
    out = {}
    for school_id in schools:
        t = {y: (v[0], v[1]) for y, v in totals[school_id].items()}
        verdict = _decide(params, year, low[school_id], watch[school_id], t)
        if verdict is not None:
            out[school_id] = verdict
    return out


def rule_apply_sql(
    params: RuleParams, year: int, *, municipality_ids: Iterable[int] | None = None
) -> dict[int, Verdict]:
    """The same rule over every school at once: two aggregate queries, whatever the number of schools.

    The first sums, per school, the counts behind the criteria (low procedures per year, totals per year); the
    second fetches only the procedures that are reasons (low, or over the watch threshold). Python then only puts
    each school's few rows into its verdict.
    """
    from ..models import Result, Subject

    if not params.procedures:
        return {}
    subject_ids = dict(
        Subject.objects.filter(code__in={p.subject for p in params.procedures}).values_list("code", "pk")
    )
    keys = Q(pk__in=[])
    for p in params.procedures:
        if p.subject in subject_ids:
            keys |= Q(procedure=p.procedure, subject_id=subject_ids[p.subject], grade=p.grade)
    rows = Result.objects.filter(keys, year__gte=year - 3, year__lte=year - 1)
    if municipality_ids is not None:
        rows = rows.filter(school__municipality_id__in=list(municipality_ids))
    rows = rows.annotate(fail=FAIL_EXPR, given=FAIL_SHARE_EXPR)
    known = Q(fail__isnull=False, participants__gt=0)
    shares_only = Q(fail__isnull=True, given__isnull=False)  # no counts: the share the file gave
    low = (known & GreaterThanOrEqual(F("fail") * 100, F("participants") * params.threshold)) | (
        shares_only & Q(given__gte=params.threshold)
    )
    over_watch = (known & GreaterThanOrEqual(F("fail") * 100, F("participants") * params.watch_threshold)) | (
        shares_only & Q(given__gte=params.watch_threshold)
    )

    def count(condition: Q) -> Sum:
        return Sum(Case(When(condition, then=1), default=0, output_field=IntegerField()))

    def total(y: int, value: F) -> Sum:
        return Sum(Case(When(Q(year=y) & Q(fail__isnull=False), then=value), default=0, output_field=IntegerField()))

    aggregates = (
        rows.order_by()
        .values("school_id")
        .annotate(
            low1=count(low & Q(year=year - 1)),
            low2=count(low & Q(year=year - 2)),
            watch1=count(over_watch & Q(year=year - 1)),
            **{f"f{k}": total(year - k, F("fail")) for k in (1, 2, 3)},
            **{f"n{k}": total(year - k, F("participants")) for k in (1, 2, 3)},
        )
    )
    interesting: dict[int, dict[int, tuple[int, int]]] = {}
    for aggregate in aggregates:
        a: Mapping[str, Any] = aggregate  # the plugin's row type has only the annotations named, not the ** ones
        totals = {year - k: (a[f"f{k}"] or 0, a[f"n{k}"] or 0) for k in (1, 2, 3)}
        listed = a["low1"] >= params.count_a or (a["low1"] >= params.count_b and a["low2"] >= params.count_b)
        if listed or a["watch1"] or _grew(totals, year):
            interesting[a["school_id"]] = totals
    if not interesting:
        return {}
    reason_rows = (
        rows.filter((low & Q(year__in=(year - 1, year - 2))) | (over_watch & Q(year=year - 1)))
        .order_by()
        .values_list("school_id", "year", "procedure", "subject__code", "grade", "participants", "fail", "given")
    )
    low_by: dict[int, list[dict]] = defaultdict(list)
    watch_by: dict[int, list[dict]] = defaultdict(list)
    for school_id, y, procedure, subject, grade, n, fail, given in reason_rows:
        if school_id not in interesting:
            continue
        r = reason(year=y, procedure=procedure, subject=subject, grade=grade, participants=n, fail=fail, given=given)
        if at_least(fail, n, params.threshold, given):
            low_by[school_id].append(r)
        if y == year - 1 and at_least(fail, n, params.watch_threshold, given):
            watch_by[school_id].append(r)
    out = {}
    sort_key = _reason_sort_key(params)
    for school_id, totals in interesting.items():
        verdict = _decide(params, year, low_by[school_id], watch_by[school_id], totals, sort_key)
        if verdict is not None:
            out[school_id] = verdict
    return out
