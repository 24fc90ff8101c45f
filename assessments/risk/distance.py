"""A school's distance to next year's ШНОР list (issue 18): pure functions over the rule's own rows and parameters.

For each of the rule's procedures a school wrote in year Y:

- its share of «2» (below the minimum for OGE/EGE, as `figures.fail_count` reads it) against the threshold;
- how many pupils' results would have flipped the procedure's verdict, the number of participants held fixed.
  The rule says low when fail × 100 ≥ threshold × n («≥», `rule.at_least`), so the least failing count that is low
  is m = ⌈threshold × n / 100⌉: a low procedure stops being low after fail − m + 1 pupils fewer, a procedure that
  is not low becomes low after m − fail pupils more. At exactly 30 % (3 of 10) one pupil fewer clears it; at 2 of
  10 one pupil more makes it low.

And for the school: whether it is on the list of Y + 1 (the rule over Y and Y − 1, `rule.rule_apply`), and whether
a single procedure of Y, flipped, would change that — «в шаге от списка» (not listed; one more low procedure
would list it) or «в шаге от выхода» (listed; one procedure fewer would take it off). The second verdict is the
rule itself run on the school's rows with that one procedure's count moved across the threshold, so the criteria
A and B are read from `rule.py` and nowhere restated here. Year Y − 1 is history: only this year's procedures move.
A procedure with no participants or an unknown fail count has no distance (None) and cannot flip.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..figures import fail_count
from .rule import SHNOR, ProcedureKey, ResultRow, RuleParams, at_least, rule_apply, share_2


@dataclass(frozen=True)
class ProcedureDistance:
    procedure: str
    subject: str
    grade: int
    participants: int
    fail: int | None
    share_2: float | None  # percent, one decimal (the API's figure)
    threshold: int
    low: bool
    pupils_to_flip: int | None  # pupils whose result would change the verdict; None when it cannot change


@dataclass(frozen=True)
class SchoolDistance:
    school_id: int
    year: int  # the results' year
    list_year: int  # the list those results feed: year + 1
    listed: bool  # on the computed list of list_year
    procedures: tuple[ProcedureDistance, ...]
    one_step_to_list: bool  # not listed; one more low procedure this year would list it
    one_step_from_list: bool  # listed; one low procedure fewer this year would take it off
    pupils_to_list: int | None  # the fewest pupils whose results would list it (one procedure), when one step away
    pupils_to_leave: int | None  # the fewest pupils whose results would take it off, when one step away

    @property
    def one_step(self) -> bool:
        return self.one_step_to_list or self.one_step_from_list


def least_low_fail(participants: int, threshold: int) -> int:
    """The smallest fail count that the rule calls low out of `participants`: ⌈threshold × n / 100⌉, in integers."""
    return (threshold * participants + 99) // 100


def pupils_to_flip(fail: int | None, participants: int, threshold: int) -> int | None:
    """How many pupils' results would move this procedure across the threshold (participants fixed)."""
    if fail is None or participants <= 0:
        return None
    least = least_low_fail(participants, threshold)
    if at_least(fail, participants, threshold):
        return fail - least + 1 if least > 0 else None  # a 0 % threshold calls everything low
    return least - fail if least <= participants else None


def _flipped(row: ResultRow, params: RuleParams) -> ResultRow:
    """The row with its fail count moved just across the threshold; both count fields set so fail_count reads it."""
    fail = fail_count(row.procedure, row.marks_2, row.below_min)
    least = least_low_fail(row.participants, params.threshold)
    moved = least - 1 if at_least(fail, row.participants, params.threshold) else least
    return replace(row, marks_2=moved, below_min=moved)


def distance_to_list(params: RuleParams, year: int, rows: Iterable[ResultRow]) -> dict[int, SchoolDistance]:
    """School id → its distance, for every school with a rule's procedure in `year` (rows of year − 1 are read too)."""
    keys = {p: i for i, p in enumerate(params.procedures)}
    by_school: dict[int, list[ResultRow]] = defaultdict(list)
    for row in rows:
        if ProcedureKey(row.procedure, row.subject, row.grade) in keys and row.year in (year, year - 1):
            by_school[row.school_id].append(row)
    list_year = year + 1
    listed = {
        s
        for s, v in rule_apply(params, list_year, (r for rs in by_school.values() for r in rs)).items()
        if v.kind == SHNOR
    }

    procedures: dict[int, list[tuple[ProcedureDistance, ResultRow]]] = {}
    candidates: dict[int, ResultRow] = {}  # per school, the one procedure whose flip is tried: the fewest pupils
    for school_id, school_rows in by_school.items():
        current = sorted(
            (r for r in school_rows if r.year == year),
            key=lambda r: keys[ProcedureKey(r.procedure, r.subject, r.grade)],
        )
        if not current:
            continue
        items = []
        for r in current:
            fail = fail_count(r.procedure, r.marks_2, r.below_min)
            low = at_least(fail, r.participants, params.threshold)
            item = ProcedureDistance(
                procedure=r.procedure,
                subject=r.subject,
                grade=r.grade,
                participants=r.participants,
                fail=fail,
                share_2=share_2(fail, r.participants),
                threshold=params.threshold,
                low=low,
                pupils_to_flip=pupils_to_flip(fail, r.participants, params.threshold),
            )
            items.append((item, r))
        procedures[school_id] = items
        # Listed schools can only leave by a low procedure clearing, others only join by one becoming low; every
        # such flip moves the count of low procedures by one, so the verdict is the same whichever is tried.
        movable = [
            (item.pupils_to_flip, i, r)
            for i, (item, r) in enumerate(items)
            if item.pupils_to_flip is not None and item.low == (school_id in listed)
        ]
        if movable:
            candidates[school_id] = min(movable)[2]

    flipped_rows: list[ResultRow] = []
    for school_id, candidate in candidates.items():
        flipped_rows.extend(_flipped(r, params) if r is candidate else r for r in by_school[school_id])
    flipped_listed = {s for s, v in rule_apply(params, list_year, flipped_rows).items() if v.kind == SHNOR}

    out = {}
    for school_id, items in procedures.items():
        is_listed = school_id in listed
        changes = school_id in candidates and (school_id in flipped_listed) != is_listed
        pupils = (
            min(item.pupils_to_flip for item, _ in items if item.pupils_to_flip is not None and item.low == is_listed)
            if changes
            else None
        )
        out[school_id] = SchoolDistance(
            school_id=school_id,
            year=year,
            list_year=list_year,
            listed=is_listed,
            procedures=tuple(item for item, _ in items),
            one_step_to_list=changes and not is_listed,
            one_step_from_list=changes and is_listed,
            pupils_to_list=pupils if not is_listed else None,
            pupils_to_leave=pupils if is_listed else None,
        )
    return out
