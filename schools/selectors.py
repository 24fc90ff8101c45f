from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from .kinds import list_kind_label, list_kind_names
from .models import Municipality, School, SchoolContext, SchoolStatus


def listed_statuses(*, kind: str, year=None) -> QuerySet:
    """A list kind's statuses as the portal reads the list: in each municipality and year the official list where one
    is imported, else the computed one. `year`: a number, an expression (for subqueries) or None for every year.
    The one place of the official-first rule."""
    official_there = SchoolStatus.objects.filter(
        year=OuterRef("year"),
        kind=kind,
        source=SchoolStatus.Source.OFFICIAL,
        school__municipality_id=OuterRef("school__municipality_id"),
    )
    statuses = SchoolStatus.objects.filter(kind=kind)
    if year is not None:
        statuses = statuses.filter(year=year)
    return statuses.filter(
        Q(source=SchoolStatus.Source.OFFICIAL) | ~Q(source=SchoolStatus.Source.OFFICIAL) & ~Exists(official_there)
    )


def school_list(*, user, municipality: str = "", q: str = "", status: str = "", year: int | None = None) -> QuerySet:
    """Schools in the user's scope, filtered as the list page and the API filter them; with a `year`, each school's
    statuses are those as of that year (no later list)."""
    qs = School.objects.visible_to(user).select_related("municipality", "municipality__region", "parent")
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(code__icontains=q)
            | Q(aliases__icontains=q)
            | Q(settlement__icontains=q)
        )
    if status:
        qs = qs.filter(pk__in=listed_statuses(kind=status, year=year or None).values("school_id"))
    statuses = SchoolStatus.objects.order_by("-year", "kind")
    if year:
        statuses = statuses.filter(year__lte=year)
    return qs.prefetch_related(Prefetch("statuses", queryset=statuses))


def municipality_list(*, user) -> QuerySet:
    return (
        Municipality.objects.visible_to(user)
        .select_related("region")
        .annotate(school_count=Count("schools", distinct=True))
        .order_by("region__name", "name")
    )


def status_years_text(years: list[int]) -> str:
    """The seeds' wording of a school's history: «В списках 2019, 2021, 2022 г.»; «Только в списке 2022 г.»."""
    years = sorted(set(years))
    if not years:
        return "В списках не было"
    if len(years) == 1:
        return f"В списке {years[0]} г."
    return "В списках " + ", ".join(str(y) for y in years) + " г."


def _history_of(rows: list[SchoolStatus]) -> dict:
    """One kind's statuses (by year, then source) → years, text, the row shown for each year (official first)."""
    by_year: dict[int, SchoolStatus] = {}
    for status in rows:
        current = by_year.get(status.year)
        if current is None or status.source == SchoolStatus.Source.OFFICIAL:
            by_year[status.year] = status
    years = sorted(by_year)
    return {"years": years, "text": status_years_text(years), "rows": [by_year[y] for y in years]}


def school_status_history(*, school: School, kind: str = SchoolStatus.Kind.SHNOR, up_to: int | None = None) -> dict:
    """Years on a list with their levels and sources; the official list wins over the computed one for a year.
    `up_to`: the history as of that year (a page or report for year Y never shows later lists)."""
    statuses = school.statuses.filter(kind=kind)
    if up_to is not None:
        statuses = statuses.filter(year__lte=up_to)
    return _history_of(list(statuses.order_by("year", "source")))


def school_status_histories(*, school: School, up_to: int | None = None) -> list[dict]:
    """Every list kind the school has been on (the reference data's order, then kinds no longer held there), each as
    `school_status_history` gives it plus `code` and `kind` (the name): one query for all kinds."""
    statuses = school.statuses.all()
    if up_to is not None:
        statuses = statuses.filter(year__lte=up_to)
    by_kind: dict[str, list[SchoolStatus]] = {}
    for status in statuses.order_by("year", "source"):
        by_kind.setdefault(status.kind, []).append(status)
    order = {code: i for i, code in enumerate(list_kind_names())}
    return [
        {"code": code, "kind": list_kind_label(code), **_history_of(rows)}
        for code, rows in sorted(by_kind.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    ]


CONTEXT_FIELDS = ("school_id", "year", *SchoolContext.VALUE_FIELDS)


def context_table(schools: QuerySet | Iterable[int], year: int | None = None) -> list[dict]:
    """The schools' social context by year (contract 1.1), for the context groups and the programme effect
    (programs.effect): rows `{school_id, year, urban_rural, enrolment, low_income_share, sen_share,
    non_native_share, resource_index}` ordered by school and year; shares and the index as Decimal, unknown None.

    `schools`: a queryset (already the caller's scope) or ids. With `year`, each school's row for that year or,
    when it has none, its latest earlier one (context changes slowly; a school without any row up to `year` has
    none). One query."""
    if isinstance(schools, QuerySet):
        rows = SchoolContext.objects.filter(school__in=schools)
    else:
        rows = SchoolContext.objects.filter(school_id__in=list(schools))
    if year is None:
        return list(rows.order_by("school_id", "year").values(*CONTEXT_FIELDS))
    latest: dict[int, dict] = {}
    for row in rows.filter(year__lte=year).order_by("school_id", "year").values(*CONTEXT_FIELDS):
        latest[row["school_id"]] = row
    return [latest[s] for s in sorted(latest)]
