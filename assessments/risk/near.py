"""«В шаге от списка»: the distance to next year's ШНОР list (assessments/risk/distance.py) read from the portal.

`near_list` answers, for the list of `year`, which schools of a scope are one procedure away from entering or
leaving the list of `year + 1` by this year's results (the rule reads Y and Y − 1 for the list of Y + 1); each
comes with the procedure whose flip takes the fewest pupils. One query for the rows whatever the scope's size.
`school_distance` is one school's distance by its latest results.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q, QuerySet

from schools.models import Municipality, School

from ..models import Result
from .distance import ProcedureDistance, SchoolDistance, distance_to_list
from .formatting import subject_names
from .models import RiskRule
from .rule import ResultRow, RuleParams

IN, OUT = "in", "out"


def _rule_q(params: RuleParams) -> Q:
    q = Q(pk__in=[])
    for p in params.procedures:
        q |= Q(procedure=p.procedure, subject__code=p.subject, grade=p.grade)
    return q


def _rows(results: QuerySet[Result], params: RuleParams, year: int) -> tuple[list[ResultRow], dict[int, School]]:
    """The rule's rows of `year` and `year − 1` with the schools they belong to (one query)."""
    rows, schools = [], {}
    query = (
        results.filter(_rule_q(params), year__in=(year - 1, year))
        .select_related("school", "subject")
        .only(
            "year",
            "procedure",
            "grade",
            "participants",
            "marks_2",
            "below_min",
            "share_2",
            "below_min_share",
            "success",
            "subject__code",
            "school__code",
            "school__name",
            "school__short_name",
            "school__municipality_id",
        )
        .order_by()
    )
    for r in query:
        schools[r.school_id] = r.school
        rows.append(
            ResultRow(
                school_id=r.school_id,
                year=r.year,
                procedure=r.procedure,
                subject=r.subject.code,
                grade=r.grade,
                participants=r.participants or 0,  # unknown n: the rule reads the shares the file gave
                marks_2=r.marks_2,
                below_min=r.below_min,
                share_2=r.share_2,
                below_min_share=r.below_min_share,
                success=r.success,
            )
        )
    return rows, schools


def flip(distance: SchoolDistance) -> ProcedureDistance | None:
    """The procedure whose flip takes the school across: the fewest pupils among those that move it that way."""
    if not distance.one_step:
        return None
    movable = [p for p in distance.procedures if p.pupils_to_flip is not None and p.low == distance.one_step_from_list]
    return min(movable, key=lambda p: p.pupils_to_flip or 0) if movable else None


@dataclass
class Near:
    school: School
    direction: str  # IN: one step from entering the list of list_year; OUT: one step from leaving it
    procedure: ProcedureDistance
    list_year: int

    @property
    def subject_name(self) -> str:
        return subject_names().get(self.procedure.subject, self.procedure.subject)

    def as_dict(self) -> dict:
        p = self.procedure
        return {
            "school": self.school.code,
            "direction": self.direction,
            "procedure": p.procedure,
            "subject": p.subject,
            "grade": p.grade,
            "share_2": p.share_2,
            "threshold": p.threshold,
            "pupils_to_flip": p.pupils_to_flip,
        }


def near_of(distances: Iterable[SchoolDistance], schools: dict[int, School]) -> list[Near]:
    out = []
    for d in distances:
        p = flip(d)
        if p is not None:
            out.append(Near(schools[d.school_id], OUT if d.one_step_from_list else IN, p, d.list_year))
    return sorted(out, key=lambda n: (n.direction, n.procedure.pupils_to_flip or 0, n.school.code))


def near_list(
    *,
    user: Any,
    year: int,
    municipality: Municipality | None = None,
    rule: RiskRule | None = None,
    schools: QuerySet[School] | None = None,
) -> list[Near]:
    """The schools of the user's scope (one municipality, or all of it) one step from the list of `year + 1`.

    `schools`: a school queryset to use instead of the user's scope (the command's full scope), as risk_list takes."""
    params = RuleParams.of(rule or RiskRule.objects.current())
    results = Result.objects.visible_to(user) if schools is None else Result.objects.filter(school__in=schools)
    if municipality is not None:
        results = results.filter(school__municipality=municipality)
    rows, by_id = _rows(results, params, year)
    return near_of(distance_to_list(params, year, rows).values(), by_id)


def school_distance(*, school: School, year: int | None = None) -> SchoolDistance | None:
    """The school's distance to the list that its latest results (or those of `year`) feed; None without them."""
    params = RuleParams.of(RiskRule.objects.current())
    results = Result.objects.filter(school=school)
    if year is None:
        year = results.filter(_rule_q(params)).aggregate(last=Max("year"))["last"]
        if year is None:
            return None
    rows, _ = _rows(results, params, year)
    return distance_to_list(params, year, rows).get(school.pk)


def distance_payload(distance: SchoolDistance | None) -> dict | None:
    """A school's distance for the API: the verdict, the pupils, and every procedure of the year."""
    if distance is None:
        return None
    p = flip(distance)
    return {
        "year": distance.year,
        "list_year": distance.list_year,
        "listed": distance.listed,
        "direction": None if p is None else (OUT if distance.one_step_from_list else IN),
        "pupils_to_list": distance.pupils_to_list,
        "pupils_to_leave": distance.pupils_to_leave,
        "procedures": [
            {
                "procedure": q.procedure,
                "subject": q.subject,
                "grade": q.grade,
                "participants": q.participants,
                "share_2": q.share_2,
                "threshold": q.threshold,
                "low": q.low,
                "pupils_to_flip": q.pupils_to_flip,
            }
            for q in distance.procedures
        ],
    }
