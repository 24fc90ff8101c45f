"""The derived figures of domain §4, in one place: pure functions over counts, and the same rules as SQL.

Aggregates over schools sum counts first and divide once; a row whose numerator is unknown adds nothing to the
numerator nor to the denominator (unknown is not zero). They also count the schools behind each numerator, so a
territory's figure carries its coverage (core.coverage): the schools with data for it out of the territory's
schools in the registry — the active ones, and a closed one only in a year it still reported.

Shares (contract 1.2, "Shares instead of counts"): a row may come with shares instead of counts. With participants
the import derives the counts, so such a row counts here as any other; without participants its counts are unknown
and it adds nothing to a sum (a municipal figure is never averaged from shares without n), while its own figures
are the shares as given. `figures_of_row` (Python) and `FAIL_SHARE_EXPR` (SQL) are the one place that gives a
row's shares whatever form it came in.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull

from core.coverage import Coverage
from core.numbers import share

from .models import Procedure

FIGURES = ("share_2", "success", "quality", "objectivity", "high")
FIGURE_LABELS = {
    "share_2": "доля «2»",
    "success": "успеваемость",
    "quality": "качество знаний",
    "objectivity": "подтвердили отметку",
    "high": "доля высоких результатов",
}


def fail_count(procedure: str, marks_2: int | None, below_min: int | None) -> int | None:
    """«2» for VPR; below the minimum for OGE/EGE/GVE, falling back to «2» where only marks are given."""
    if procedure == Procedure.VPR:
        return marks_2
    return below_min if below_min is not None else marks_2


def good_count(marks_4: int | None, marks_5: int | None, marks_4_5: int | None) -> int | None:
    if marks_4 is not None and marks_5 is not None:
        return marks_4 + marks_5
    return marks_4_5


def three_count(
    participants: int | None,
    marks_2: int | None,
    marks_3: int | None,
    marks_4: int | None,
    marks_5: int | None,
    marks_4_5: int | None,
) -> int | None:
    """«3» as given; where a table gives only «2» and «4 и 5», derived: participants − «2» − «4 и 5»."""
    if marks_3 is not None:
        return marks_3
    good = good_count(marks_4, marks_5, marks_4_5)
    if not participants or marks_2 is None or good is None:
        return None
    return participants - marks_2 - good


def fail_share_given(
    procedure: str, share_2: Decimal | None, below_min_share: Decimal | None, success: Decimal | None = None
) -> Decimal | None:
    """`fail_count` over the shares a file gave: «2» for VPR, below the minimum for OGE/EGE/GVE (else «2»), or
    100 − success where only the success rate is given."""
    if procedure != Procedure.VPR and below_min_share is not None:
        return below_min_share
    if share_2 is not None:
        return share_2
    return None if success is None else 100 - success


def given_figures(row) -> dict[str, Decimal | None]:
    """The figures of a row as its file gave them in shares (None where the file gave no share)."""
    g = lambda name: getattr(row, name, None)  # noqa: E731  # rows read from counts alone may lack the fields
    fail = fail_share_given(row.procedure, g("share_2"), g("below_min_share"), g("success"))
    success = g("success") if g("success") is not None else (None if fail is None else 100 - fail)
    return {
        "share_2": fail,
        "success": success,
        "quality": g("quality"),
        "objectivity": g("objectivity"),
        "high": g("share_high"),
    }


def high_count(procedure: str, marks_5: int | None, high_scores: int | None) -> int | None:
    if procedure == Procedure.EGE:
        return high_scores if high_scores is not None else marks_5
    return marks_5


@dataclass(frozen=True)
class Counts:
    """Summed counts with the participants that stand behind each numerator."""

    participants: int
    fail: int | None
    fail_n: int
    good: int | None
    good_n: int
    confirmed: int | None
    confirmed_n: int
    high: int | None
    high_n: int
    # Schools with any row, with a known numerator per figure, and closed schools with rows (see coverage()).
    schools: int = 0
    fail_schools: int = 0
    good_schools: int = 0
    confirmed_schools: int = 0
    high_schools: int = 0
    closed_schools: int = 0

    def coverage(self, *, active_schools: int, figure: str = "share_2") -> Coverage:
        """The schools behind `figure` out of the territory's: its `active_schools` and the closed ones that reported."""
        with_data = {
            "share_2": self.fail_schools,
            "success": self.fail_schools,
            "quality": self.good_schools,
            "objectivity": self.confirmed_schools,
            "high": self.high_schools,
        }.get(figure, self.schools)
        return Coverage(schools=with_data, of=active_schools + self.closed_schools)

    def figures(self) -> dict[str, Decimal | None]:
        return {
            "share_2": share(self.fail, self.fail_n),
            "success": share(self.fail_n - self.fail, self.fail_n) if self.fail is not None else None,
            "quality": share(self.good, self.good_n),
            "objectivity": share(self.confirmed, self.confirmed_n),
            "high": share(self.high, self.high_n),
        }


def counts_of_row(row) -> Counts:
    """Counts for one result (a model instance or anything with the same attributes). Unknown n: no counts."""
    n = row.participants or 0
    fail = fail_count(row.procedure, row.marks_2, row.below_min)
    good = good_count(row.marks_4, row.marks_5, row.marks_4_5)
    high = high_count(row.procedure, row.marks_5, row.high_scores)
    if row.participants is None:
        fail = good = high = None
    return Counts(
        participants=n,
        fail=fail,
        fail_n=n if fail is not None else 0,
        good=good,
        good_n=n if good is not None else 0,
        confirmed=row.confirmed if row.participants is not None else None,
        confirmed_n=n if row.confirmed is not None else 0,
        high=high,
        high_n=n if high is not None else 0,
        schools=1,
        fail_schools=int(fail is not None),
        good_schools=int(good is not None),
        confirmed_schools=int(row.confirmed is not None),
        high_schools=int(high is not None),
    )


def figures_of_row(row) -> dict[str, Decimal | None]:
    """A row's figures whatever form it came in: from its counts where they are known, else the shares as given."""
    figures = counts_of_row(row).figures()
    if any(v is None for v in figures.values()):
        given = given_figures(row)
        figures = {k: v if v is not None else given[k] for k, v in figures.items()}
    return figures


# The same rules as database expressions, for set-based aggregates over many schools.
FAIL_EXPR = Case(
    When(procedure=Procedure.VPR, then=F("marks_2")),
    default=Coalesce(F("below_min"), F("marks_2")),
    output_field=IntegerField(),
)
GOOD_EXPR = Coalesce(F("marks_4") + F("marks_5"), F("marks_4_5"), output_field=IntegerField())
FAIL_SHARE_EXPR = Case(
    When(procedure=Procedure.VPR, then=Coalesce(F("share_2"), Value(100) - F("success"))),
    default=Coalesce(F("below_min_share"), F("share_2"), Value(100) - F("success")),
    output_field=DecimalField(max_digits=6, decimal_places=2),
)
"""`fail_share_given` in SQL: the share of «2» (below the minimum) a file gave, for rows whose counts are unknown."""
HIGH_EXPR = Case(
    When(procedure=Procedure.EGE, then=Coalesce(F("high_scores"), F("marks_5"))),
    default=F("marks_5"),
    output_field=IntegerField(),
)


def _n_where_known(expr) -> Sum:
    """Participants of the rows whose numerator is known: the denominator that matches the numerator."""
    return Sum(Case(When(IsNull(expr, False), then=F("participants")), default=0, output_field=IntegerField()))


def _schools_where_known(expr) -> Count:
    """Distinct schools with a row whose numerator is known: the coverage of that figure."""
    return Count(Case(When(IsNull(expr, False), then=F("school_id")), default=None), distinct=True)


def aggregate_kwargs(prefix: str = "sum_") -> dict:
    """Annotations that sum the counts behind every figure; use with .values(...).annotate(**aggregate_kwargs())."""

    return {
        f"{prefix}participants": Sum("participants"),
        f"{prefix}fail": Sum(FAIL_EXPR),
        f"{prefix}fail_n": _n_where_known(FAIL_EXPR),
        f"{prefix}good": Sum(GOOD_EXPR),
        f"{prefix}good_n": _n_where_known(GOOD_EXPR),
        f"{prefix}confirmed": Sum("confirmed"),
        f"{prefix}confirmed_n": _n_where_known(F("confirmed")),
        f"{prefix}high": Sum(HIGH_EXPR),
        f"{prefix}high_n": _n_where_known(HIGH_EXPR),
        f"{prefix}schools": Count("school_id", distinct=True),
        f"{prefix}fail_schools": _schools_where_known(FAIL_EXPR),
        f"{prefix}good_schools": _schools_where_known(GOOD_EXPR),
        f"{prefix}confirmed_schools": _schools_where_known(F("confirmed")),
        f"{prefix}high_schools": _schools_where_known(HIGH_EXPR),
        f"{prefix}closed_schools": Count("school_id", distinct=True, filter=Q(school__is_active=False)),
    }


def counts_of_aggregate(row: Mapping[str, Any], prefix: str = "sum_") -> Counts:
    g = lambda k: row.get(f"{prefix}{k}")  # noqa: E731
    return Counts(
        participants=g("participants") or 0,
        fail=g("fail"),
        fail_n=g("fail_n") or 0,
        good=g("good"),
        good_n=g("good_n") or 0,
        confirmed=g("confirmed"),
        confirmed_n=g("confirmed_n") or 0,
        high=g("high"),
        high_n=g("high_n") or 0,
        schools=g("schools") or 0,
        fail_schools=g("fail_schools") or 0,
        good_schools=g("good_schools") or 0,
        confirmed_schools=g("confirmed_schools") or 0,
        high_schools=g("high_schools") or 0,
        closed_schools=g("closed_schools") or 0,
    )
