from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from .models import Municipality, School, SchoolStatus


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


def school_status_history(*, school: School, kind: str = SchoolStatus.Kind.SHNOR, up_to: int | None = None) -> dict:
    """Years on a list with their levels and sources; the official list wins over the computed one for a year.
    `up_to`: the history as of that year (a page or report for year Y never shows later lists)."""
    statuses = school.statuses.filter(kind=kind)
    if up_to is not None:
        statuses = statuses.filter(year__lte=up_to)
    rows = list(statuses.order_by("year", "source"))
    by_year: dict[int, SchoolStatus] = {}
    for status in rows:
        current = by_year.get(status.year)
        if current is None or status.source == SchoolStatus.Source.OFFICIAL:
            by_year[status.year] = status
    years = sorted(by_year)
    return {"years": years, "text": status_years_text(years), "rows": [by_year[y] for y in years]}
