"""Years: the one range check, the years a page offers and the year it opens on.

- A year is a whole number from YEAR_MIN to YEAR_MAX (the tables' constraints); anything else is no year.
- The years a page offers (`year_choices`) are the years with data in the user's scope — results, list statuses,
  programme periods — as one run from the oldest to the newest, newest first, never later than next calendar year
  and at most YEARS_SHOWN of them. Every page's year select takes them from here, so they are the same everywhere.
- A page opens (`year_default`) on the latest year whose data is complete enough to read: results for at least
  COMPLETE_SHARE of the territory's schools. Without such a year: the latest year with a ШНОР list, else the latest
  year with any results, else the calendar year. When a later year has some results, the page says how few
  (`YearChoice.note`), so an empty-looking page is never mistaken for the municipality's total.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Min
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from schools.models import School

YEAR_MIN, YEAR_MAX = 2000, 2100
COMPLETE_SHARE = 0.5
YEARS_SHOWN = 12

SHOWN_COMPLETE = "Показан {year} г. — последний год с полными данными; за {later} г. данные есть по {n} из {total} ОО"
CHOSEN_INCOMPLETE = "За {year} г. данные есть по {n} из {total} ОО; последний год с полными данными — {complete} г."


def year_parse(value: object) -> int | None:
    """The year in a query, form or argument, or None when there is none or it is out of range."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def year_valid(year: object) -> bool:
    return year_parse(year) is not None


def _last_year() -> int:
    return min(timezone.localdate().year + 1, YEAR_MAX)


def year_coverage(*, schools: "QuerySet[School]") -> dict[int, int]:
    """Year → how many of these schools have results that year (one query)."""
    from assessments.models import Result

    rows = Result.objects.filter(school__in=schools, year__gte=YEAR_MIN, year__lte=_last_year()).values("year")
    return {r["year"]: r["n"] for r in rows.annotate(n=Count("school_id", distinct=True)).order_by()}


def _data_years(schools: "QuerySet[School]") -> set[int]:
    """The years with results or list statuses of these schools (one query)."""
    from assessments.models import Result
    from schools.models import SchoolStatus

    bounds = {"school__in": schools, "year__gte": YEAR_MIN, "year__lte": _last_year()}
    results = Result.objects.filter(**bounds).values_list("year", flat=True).order_by()
    lists = SchoolStatus.objects.filter(**bounds).values_list("year", flat=True).order_by()
    return set(results.union(lists))


def _shnor_years(schools: "QuerySet[School]") -> set[int]:
    from schools.models import SchoolStatus

    return set(
        SchoolStatus.objects.filter(
            school__in=schools, kind=SchoolStatus.Kind.SHNOR, year__gte=YEAR_MIN, year__lte=_last_year()
        )
        .values_list("year", flat=True)
        .distinct()
        .order_by()
    )


def _programme_years(schools: "QuerySet[School]") -> set[int]:
    from programs.models import Program

    span = Program.objects.filter(municipality__in=schools.values("municipality_id")).aggregate(
        first=Min("period_start"), last=Max("period_end")
    )
    if span["first"] is None:
        return set()
    return set(range(max(span["first"].year, YEAR_MIN), min(span["last"].year, _last_year()) + 1))


def year_choices(*, schools: "QuerySet[School]", include: Iterable[int] = ()) -> list[int]:
    """The years to offer for these schools (the user's scope), newest first; `include` adds the page's own year."""
    years = _data_years(schools) | _programme_years(schools)
    if not years:
        years = {timezone.localdate().year}
    newest = max(years)
    oldest = max(min(years), newest - YEARS_SHOWN + 1)
    shown = set(range(oldest, newest + 1)) | {y for y in include if year_valid(y)}
    return sorted(shown, reverse=True)


@dataclass(frozen=True)
class YearChoice:
    year: int
    years: list[int] = field(default_factory=list)
    note: str = ""
    chosen: bool = False  # the user asked for this year (else it is the default)

    def context(self) -> dict[str, Any]:
        return {"year": self.year, "years": self.years, "year_note": self.note}


def _complete_years(coverage: dict[int, int], total: int) -> list[int]:
    return sorted(y for y, n in coverage.items() if total and n >= total * COMPLETE_SHARE)


def year_default(*, schools: "QuerySet[School]") -> YearChoice:
    """The year a page about these schools (its territory) opens on, and what it should say about later years."""
    coverage = year_coverage(schools=schools)
    total = schools.count()
    complete = _complete_years(coverage, total)
    if complete:
        year = complete[-1]
    else:
        lists = _shnor_years(schools)
        year = max(lists) if lists else max(coverage) if coverage else timezone.localdate().year
    later = max((y for y in coverage if y > year), default=None)
    note = ""
    if later is not None and complete:
        note = SHOWN_COMPLETE.format(year=year, later=later, n=coverage[later], total=total)
    return YearChoice(year=year, note=note)


def year_select(
    *,
    value: object,
    user: "AbstractBaseUser | AnonymousUser | None" = None,
    schools: "QuerySet[School] | None" = None,
    territory: "QuerySet[School] | None" = None,
) -> YearChoice:
    """The page's year: the requested `value` when it is a year, else the default for `territory` (the schools the
    page shows; `schools` when not given); options from `schools` (the user's scope when not given)."""
    from schools.models import School

    if schools is None:
        schools = School.objects.visible_to(user)
    territory = schools if territory is None else territory
    requested = year_parse(value)
    if requested is None:
        default = year_default(schools=territory)
        return YearChoice(
            year=default.year, years=year_choices(schools=schools, include=[default.year]), note=default.note
        )
    note = ""
    coverage = year_coverage(schools=territory)
    total = territory.count()
    complete = _complete_years(coverage, total)
    if complete and complete[-1] < requested:  # a later year than the complete ones: say how little it has
        note = CHOSEN_INCOMPLETE.format(
            year=requested, n=coverage.get(requested, 0), total=total, complete=complete[-1]
        )
    return YearChoice(year=requested, years=year_choices(schools=schools, include=[requested]), note=note, chosen=True)
