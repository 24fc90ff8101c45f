"""Reads of programmes, plans, documents and risk profiles, each starting from the user's scope."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from core.numbers import share
from core.years import year_valid
from schools.models import School

from .deadlines import _month_end, is_due_soon
from .models import (
    DocumentRemark,
    DocumentVersion,
    Notification,
    PlanItem,
    Program,
    ProgramParticipant,
    RiskFactor,
    RiskProfile,
    RiskProfileEntry,
    SchoolDocument,
)


def overdue_q(today: datetime.date) -> Q:
    """The SQL form of deadlines.is_overdue: not started and a due date within the period has passed, or not done
    and the last one has passed (items saved before due dates were kept: open with a fixed end that has passed)."""
    return (
        Q(status=PlanItem.Status.PLANNED, deadline_due_first__lt=today)
        | Q(status__in=PlanItem.OPEN_STATUSES, deadline_due_last__lt=today)
        | Q(
            deadline_occurrences__isnull=True,
            status__in=PlanItem.OPEN_STATUSES,
            deadline_kind__in=PlanItem.FINITE_KINDS,
            deadline_end__lt=today,
        )
    )


# --- Programmes ----------------------------------------------------------------------------------------------------


def program_list(*, user, municipality: str = "", year: int | None = None) -> QuerySet[Program]:
    qs = Program.objects.visible_to(user).select_related("municipality")
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    if year:
        if not year_valid(year):  # no programme runs then, and a date lookup needs a real year (not 99999)
            return qs.none()
        qs = qs.filter(period_start__year__lte=year, period_end__year__gte=year)
    return qs


def program_detail_list(*, user, **filters) -> QuerySet[Program]:
    """Programmes with what the card and the API show: tracks and participants, read in a fixed number of queries."""
    return program_list(user=user, **filters).prefetch_related(
        "tracks",
        Prefetch(
            "participants",
            queryset=ProgramParticipant.objects.select_related("school", "track").order_by(
                "year", "track__number", "school__short_name"
            ),
        ),
    )


@dataclass
class Completion:
    """Counts of a set of items; percent = done / (all − cancelled)."""

    title: str = ""
    total: int = 0
    done: int = 0
    cancelled: int = 0
    in_progress: int = 0
    overdue: int = 0

    @property
    def counted(self) -> int:
        return self.total - self.cancelled

    @property
    def percent(self):
        return share(self.done, self.counted)

    def add(self, other: "Completion") -> None:
        for name in ("total", "done", "cancelled", "in_progress", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ProgramCompletion:
    overall: Completion = field(default_factory=Completion)
    by_block: list[Completion] = field(default_factory=list)
    by_track: list[Completion] = field(default_factory=list)


def plan_items_as_of(year: int) -> Q:
    """Plan items as of `year`: due in it or before, or running in it (a period, a recurrence or «постоянно» within
    a programme that has started by then); an item due only later is not there yet."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Q(deadline_start__lte=last)
        | Q(deadline_start__isnull=True, deadline_end__lte=last)
        | Q(
            deadline_start__isnull=True,
            deadline_end__isnull=True,
            program__period_start__lte=last,
            program__period_end__gte=first,
        )
    )


def program_completion_map(
    *, program_ids: list[int], today: datetime.date, school_plans: bool = False, year: int | None = None
) -> dict[int, ProgramCompletion]:
    """Completion of each programme's plan (by block and by track) in one grouped query; `year`: as of that year,
    counting only the items due by then or running in it (a later year's items are not owed yet)."""
    items = PlanItem.objects.filter(program_id__in=program_ids, school__isnull=not school_plans)
    if year is not None:
        items = items.filter(plan_items_as_of(year))
    rows = (
        items.order_by()
        .values("program_id", "block", "track__number", "track__title")
        .annotate(
            first=Min("position"),
            total=Count("pk"),
            done=Count("pk", filter=Q(status=PlanItem.Status.DONE)),
            cancelled=Count("pk", filter=Q(status=PlanItem.Status.CANCELLED)),
            in_progress=Count("pk", filter=Q(status=PlanItem.Status.IN_PROGRESS)),
            overdue=Count("pk", filter=overdue_q(today)),
        )
    )
    out: dict[int, ProgramCompletion] = {pid: ProgramCompletion() for pid in program_ids}
    blocks: dict[int, dict[str, Completion]] = defaultdict(dict)
    first_position: dict[tuple[int, str], int] = {}
    tracks: dict[int, dict[int, Completion]] = defaultdict(dict)
    for r in rows:
        pid = r["program_id"]
        part = Completion(
            total=r["total"],
            done=r["done"],
            cancelled=r["cancelled"],
            in_progress=r["in_progress"],
            overdue=r["overdue"],
        )
        out[pid].overall.add(part)
        blocks[pid].setdefault(r["block"], Completion(title=r["block"] or "Без раздела")).add(part)
        key = (pid, r["block"])
        first_position[key] = min(first_position.get(key, r["first"]), r["first"])
        if r["track__number"] is not None:
            tracks[pid].setdefault(
                r["track__number"], Completion(title=f"Трек {r['track__number']}. {r['track__title']}")
            ).add(part)
    for pid, by_block in blocks.items():
        ordered = sorted(by_block.items(), key=lambda kv: first_position[(pid, kv[0])])
        out[pid].by_block = [c for _, c in ordered]
    for pid, by_track in tracks.items():
        out[pid].by_track = [by_track[n] for n in sorted(by_track)]
    return out


def program_completion(*, program: Program, today: datetime.date) -> ProgramCompletion:
    return program_completion_map(program_ids=[program.pk], today=today)[program.pk]


# --- Plan items ----------------------------------------------------------------------------------------------------


def plan_item_list(
    *,
    user,
    program: Program,
    today: datetime.date,
    school: str | None = None,
    status: str = "",
    overdue: bool | None = None,
) -> QuerySet[PlanItem]:
    """Items of a programme's plan: the municipal plan, or (`school` = code) a school's own plan."""
    qs = PlanItem.objects.visible_to(user).filter(program=program).select_related("track", "school", "completed_by")
    if school:
        qs = qs.filter(school__code=school)
    else:
        qs = qs.filter(school__isnull=True)
    if status == PlanItem.OVERDUE:
        qs = qs.filter(overdue_q(today))
    elif status:
        qs = qs.filter(status=status)
    if overdue is True:
        qs = qs.filter(overdue_q(today))
    elif overdue is False:
        qs = qs.exclude(overdue_q(today))
    return qs.order_by("position")


def plan_item_get_list(*, user) -> QuerySet[PlanItem]:
    """Every item a user may see (for lookups by id): municipal items of visible programmes, school items of
    visible schools."""
    return PlanItem.objects.visible_to(user).select_related(
        "program", "program__municipality", "track", "school", "completed_by"
    )


def plan_item_program_list(*, user, program: Program) -> QuerySet[PlanItem]:
    """A programme's items the user may see, the municipal plan's and visible schools', in plan order: what
    `filtersets.ActivityFilterSet` narrows to one plan for the API and the plan page."""
    return (
        plan_item_get_list(user=user)
        .filter(program=program)
        .select_related("track", "school", "completed_by")
        .order_by("position")
    )


def plan_item_detail(*, user, pk: int) -> QuerySet[PlanItem]:
    return plan_item_get_list(user=user).filter(pk=pk).prefetch_related("evidence", "comments__author")


def due_soon(items, *, today: datetime.date, days: int = 30) -> list[tuple[PlanItem, datetime.date]]:
    """Open items whose due date falls within the next `days` days, soonest first (items already loaded)."""

    out = [
        (item, item.due_date(today))
        for item in items
        if item.status in PlanItem.OPEN_STATUSES and is_due_soon(item.deadline, today=today, days=days)
    ]
    return sorted(out, key=lambda pair: (pair[1], pair[0].position))


# Domain §3: the yearly cycle, by month (1–12).
YEAR_CYCLE: list[tuple[tuple[int, ...], str]] = [
    ((9,), "Банк данных обучающихся с трудностями в обучении, договоры о партнёрстве, план методических мероприятий"),
    ((10, 11, 12), "ВПР (осенние сессии в отдельные годы); выезды кураторов"),
    ((12,), "Методические рекомендации"),
    ((1, 2), "Обновление школьных программ"),
    ((1,), "Полугодовой рейтинг школ"),
    ((3,), "Старт проекта: координатор, кураторы, приказ об участниках; мониторинг реализации"),
    (
        (3, 4, 5),
        "ВПР весной; анкетирование → рисковые профили → концепции и антирисковые программы (до 5 мая); экспертиза",
    ),
    ((5, 6, 7), "ОГЭ и ЕГЭ"),
    ((5,), "Рекомендации по итогам года"),
    ((6,), "Рейтинг школ (июнь)"),
    ((7, 8), "Анализ ВПР 5–6 классов (справка по школе и району); публикация списка ШНОР; корректировка программ"),
    ((11, 12), "Мониторинг реализации, анализ показателей, итоговый мониторинг, годовой отчёт"),
]
MONTH_NAMES = [
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
]


def year_calendar(items, *, year: int, today: datetime.date) -> list[dict]:
    """Twelve months of `year`: the cycle's events and the plan's items due in each month (items already loaded)."""
    months: list[dict[str, Any]] = [
        {"number": m, "name": MONTH_NAMES[m - 1], "events": [], "items": [], "current": False} for m in range(1, 13)
    ]
    for numbers, text in YEAR_CYCLE:
        for m in numbers:
            months[m - 1]["events"].append(text)
    for item in items:
        for due in due_dates_in_year(item, year):
            months[due.month - 1]["items"].append(
                {"item": item, "due": due, "overdue": item.is_overdue(today) and due < today}
            )
    if today.year == year:
        months[today.month - 1]["current"] = True
    for month in months:
        month["items"].sort(key=lambda e: (e["due"], e["item"].position))
    return months


def due_dates_in_year(item: PlanItem, year: int) -> list[datetime.date]:
    """The dates an item is due within a year: its occurrences within the programme's period that fall in the year
    (items saved before those were kept: its end, every listed occurrence, or months of every year)."""

    d = item.deadline
    if d.occurrences is not None:
        return [x for x in d.occurrences if x.year == year]
    if d.kind in ("date", "month", "period"):
        return [d.end] if d.end and d.end.year == year else []
    if d.kind == "months":
        if d.dates:
            return [x for x in d.dates if x.year == year]
        if d.recurrence and d.months:
            return [_month_end(year, m) for m in d.months]
        return []
    if d.kind == "recurring" and d.recurrence in ("quarterly", "half_yearly", "yearly", "monthly"):
        step = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[d.recurrence]
        return [_month_end(year, m) for m in range(step, 13, step)]
    return []


# --- Documents -----------------------------------------------------------------------------------------------------


def document_list(*, user, school: str = "", status: str = "", year: int | None = None) -> QuerySet[SchoolDocument]:
    qs = SchoolDocument.objects.visible_to(user).select_related(
        "school", "school__municipality", "risk_factor", "program"
    )
    if school:
        qs = qs.filter(school__code=school)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs


def document_review_queue(*, user) -> QuerySet[SchoolDocument]:
    return (
        document_list(user=user)
        .filter(status__in=[SchoolDocument.Status.SUBMITTED, SchoolDocument.Status.UNDER_REVIEW])
        .order_by("updated_at")
    )


def document_detail(*, user) -> QuerySet[SchoolDocument]:
    return document_list(user=user).prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.select_related("created_by")),
        Prefetch("remarks", queryset=DocumentRemark.objects.select_related("author", "answered_by", "version")),
        "transitions__user",
    )


# --- Risk profiles -------------------------------------------------------------------------------------------------


def risk_profile_list(*, user, year: int | None = None) -> QuerySet[RiskProfile]:
    qs = RiskProfile.objects.visible_to(user).select_related("school")
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(
        verified_count=Count("entries", filter=Q(entries__verified=True)),
        risk_count=Count("entries", filter=~Q(entries__level=RiskProfileEntry.Level.NONE)),
    )


def risk_profile_entries(*, profile: RiskProfile) -> QuerySet[RiskProfileEntry]:
    return profile.entries.select_related("factor", "verified_by").order_by("factor__group", "factor__order")


def verified_factors(*, school: School, year: int):
    """The factors verified for a school in a year: what anti-risk programmes may answer."""

    return RiskFactor.objects.filter(
        entries__profile__school=school, entries__profile__year=year, entries__verified=True
    ).order_by("group", "order")


# --- Notifications -------------------------------------------------------------------------------------------------


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user)
