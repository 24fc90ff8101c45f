"""Scoped reads of the ШНОР lists: the year's lists as people and the API see them, the sources of the indicators,
a school's history, the rule in force."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.db.models.expressions import Combinable

from schools.models import Municipality, School, SchoolStatus
from schools.selectors import listed_statuses, status_years_text

from .formatting import CRITERIA_TEXT
from .models import RiskRule, RiskRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from schools.models import User
from .rule import RuleParams

Kind, Source, Level = SchoolStatus.Kind, SchoolStatus.Source, SchoolStatus.Level


# ---------------------------------------------------------------------------------------------------------------------
# The rule's versions


def rule_current() -> RiskRule:
    return RiskRule.objects.current()


def shnor_statuses(year: int | Combinable) -> QuerySet[SchoolStatus]:
    """The ШНОР statuses of a year (a number or an expression, for subqueries): the official list where one is
    imported for that year in the school's municipality, else the computed one (`schools.selectors.listed_statuses`)."""
    return listed_statuses(kind=Kind.SHNOR, year=year)


def shnor_school_ids(*, year: int, municipality_ids: Iterable[int] | None = None) -> QuerySet[SchoolStatus, int]:
    """The schools on the ШНОР list of `year` (see `shnor_statuses`). A values queryset of school ids: iterate it
    or use it in `__in=`.
    """
    statuses = shnor_statuses(year)
    if municipality_ids is not None:
        statuses = statuses.filter(school__municipality_id__in=list(municipality_ids))
    return statuses.values_list("school_id", flat=True).distinct()


def shnor_list_sources(
    *, year: int, municipality_ids: Iterable[int] | None = None, mode: str = "official_first"
) -> dict[int, str]:
    """The municipalities that have a ШНОР list of `year`, each with its source: "official" (imported) or
    "computed". A computed list exists where it lists schools, or where a recompute of that year ran and the
    municipality has results of the rule's procedures in Y−1 (the year criterion A reads): then an empty list is
    a real «none». Without either, the year has no list at all — a share over it is unknown, not 0 %.
    `mode`: "official_first" (official where imported, else computed), "official" or "computed"."""
    from ..models import Result

    ids = None if municipality_ids is None else list(municipality_ids)

    def municipalities(qs: QuerySet[Any], field_name: str) -> set[int]:
        if ids is not None:
            qs = qs.filter(**{f"{field_name}__in": ids})
        return set(qs.order_by().values_list(field_name, flat=True).distinct())

    out: dict[int, str] = {}
    if mode in ("official_first", "official"):
        official = SchoolStatus.objects.filter(year=year, kind=Kind.SHNOR, source=Source.OFFICIAL)
        out.update(dict.fromkeys(municipalities(official, "school__municipality_id"), Source.OFFICIAL.value))
    if mode in ("official_first", "computed"):
        computed = municipalities(
            SchoolStatus.objects.filter(year=year, kind=Kind.SHNOR, source=Source.COMPUTED), "school__municipality_id"
        )
        runs = set(RiskRun.objects.filter(year=year).order_by().values_list("municipality_id", flat=True).distinct())
        if runs:
            rule = RuleParams.of(rule_current())
            keys = Q(pk__in=[])
            for p in rule.procedures:
                keys |= Q(procedure=p.procedure, subject__code=p.subject, grade=p.grade)
            # Data: participants, or (a row given in shares without n) a share the rule reads.
            readable = (
                Q(participants__gt=0)
                | Q(share_2__isnull=False)
                | Q(success__isnull=False)
                | Q(below_min_share__isnull=False)
            )
            with_data = Result.objects.filter(keys, readable, year=year - 1)
            if None not in runs:
                with_data = with_data.filter(school__municipality_id__in=runs)
            computed |= municipalities(with_data, "school__municipality_id")
        for m in computed:
            out.setdefault(m, Source.COMPUTED.value)
    return out


@dataclass
class Entry:
    school: School
    criteria: list[str] = field(default_factory=list)
    reasons: list[dict] = field(default_factory=list)
    level: str = ""  # the official list's level, where the school is on it
    official: bool = False
    computed: bool = False
    history: str = ""

    @property
    def level_label(self) -> str:
        return Level(self.level).label if self.level else ""

    @property
    def criteria_text(self) -> list[str]:
        return [CRITERIA_TEXT.get(c, c) for c in self.criteria]

    @property
    def criteria_count(self) -> int:
        return len(self.criteria)

    @property
    def worst_share_2(self) -> float | None:
        """The highest share of «2» among the reasons: how far the school is below the threshold at worst."""
        shares = [r["share_2"] for r in self.reasons if r.get("share_2") is not None]
        return max(shares) if shares else None


@dataclass
class RiskList:
    year: int
    rule: RiskRule
    run: RiskRun | None
    schools: list[Entry]  # computed ШНОР list
    watch_list: list[Entry]
    official: list[Entry]
    only_computed: list[Entry]
    only_official: list[Entry]

    @property
    def has_official(self) -> bool:
        return bool(self.official)


def _sort_key(entry: Entry) -> tuple[int, str, str]:
    return (entry.school.municipality_id, entry.school.short_name or entry.school.name, entry.school.code)


def risk_list(
    *,
    user: "User | AnonymousUser | None",
    year: int,
    municipality: Municipality | None = None,
    schools: QuerySet[School] | None = None,
    history: bool = False,
) -> RiskList:
    """The year's lists in the user's scope (one municipality, or all of the scope): a fixed number of queries.

    `schools`: a school queryset to use instead of the user's scope (the command's full scope).
    """
    scope = schools if schools is not None else School.objects.visible_to(user)
    if municipality is not None:
        scope = scope.filter(municipality=municipality)
    rows = (
        SchoolStatus.objects.filter(year=year, school__in=scope)
        .filter(
            Q(source=Source.COMPUTED, kind__in=(Kind.SHNOR, Kind.WATCH)) | Q(source=Source.OFFICIAL, kind=Kind.SHNOR)
        )
        .select_related("school")
        .only(
            "kind",
            "source",
            "level",
            "reasons",
            "rule_version",
            "school__code",
            "school__name",
            "school__short_name",
            "school__municipality_id",
            "school__parent_id",
            "school__type",
        )
    )
    computed: dict[int, Entry] = {}
    watch: dict[int, Entry] = {}
    official: dict[int, Entry] = {}
    versions = set()
    for st in rows:
        if st.source == Source.OFFICIAL:
            official[st.school_id] = Entry(st.school, level=st.level, official=True)
            continue
        reasons = st.reasons if isinstance(st.reasons, dict) else {"criteria": [], "items": st.reasons or []}
        entry = Entry(st.school, criteria=reasons.get("criteria", []), reasons=reasons.get("items", []), computed=True)
        (computed if st.kind == Kind.SHNOR else watch)[st.school_id] = entry
        versions.add(st.rule_version)
    for school_id, entry in computed.items():
        if school_id in official:
            entry.level, entry.official = official[school_id].level, True
            official[school_id].computed = True
    runs = RiskRun.objects.filter(year=year)  # narrowed right below: to the municipality, or to the user's scope
    if municipality is not None:
        runs = runs.filter(Q(municipality__isnull=True) | Q(municipality=municipality))
    elif schools is None:
        runs = RiskRun.objects.visible_to(user).filter(year=year)
    run = runs.order_by("-computed_at", "-pk").first()
    rule = None
    if run is not None:
        rule = RiskRule.objects.filter(version=run.rule_version).first()
    rule = rule or rule_current()
    result = RiskList(
        year=year,
        rule=rule,
        run=run,
        schools=sorted(computed.values(), key=_sort_key),
        watch_list=sorted(watch.values(), key=_sort_key),
        official=sorted(official.values(), key=_sort_key),
        only_computed=sorted((e for s, e in computed.items() if s not in official), key=_sort_key),
        only_official=sorted((e for s, e in official.items() if s not in computed), key=_sort_key),
    )
    if history:
        entries = {id(e): e for e in (*result.schools, *result.watch_list, *result.official)}.values()
        texts = history_texts(school_ids={e.school.pk for e in entries}, up_to=year)
        for e in entries:
            e.history = texts.get(e.school.pk, status_years_text([]))
    return result


def history_texts(*, school_ids: Iterable[int], up_to: int | None = None) -> dict[int, str]:
    """«В списках 2019, 2021, 2022 г.» for many schools in one query (any source counts, as on the school card);
    `up_to`: as of that year (the lists of year Y never print a later year)."""
    years: dict[int, set[int]] = defaultdict(set)
    statuses = SchoolStatus.objects.filter(school_id__in=list(school_ids), kind=Kind.SHNOR)
    if up_to is not None:
        statuses = statuses.filter(year__lte=up_to)
    for school_id, year in statuses.values_list("school_id", "year"):
        years[school_id].add(year)
    return {s: status_years_text(list(y)) for s, y in years.items()}


def school_risk_history(*, school: School) -> list[dict]:
    """A school's ШНОР and watch-list years for the school card: per year the sources, level, criteria, reasons."""
    by_year: dict[int, dict] = {}
    for st in school.statuses.filter(kind__in=(Kind.SHNOR, Kind.WATCH)).order_by("-year", "source"):
        item = by_year.setdefault(st.year, {"year": st.year, "rows": []})
        reasons = st.reasons if isinstance(st.reasons, dict) else {"criteria": [], "items": st.reasons or []}
        item["rows"].append(
            {
                "status": st,
                "criteria": [CRITERIA_TEXT.get(c, c) for c in reasons.get("criteria", [])],
                "reasons": reasons.get("items", []),
            }
        )
    return list(by_year.values())
