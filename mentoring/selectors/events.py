"""Methodological events: the list in scope with attendance totals and the ШНОР coverage as subqueries, the
coverage against the event's target, the 10-day rule for materials, attendance by school."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from assessments.risk.selectors import shnor_statuses
from core.numbers import share
from programs.indicators.engine.populations import Population
from programs.models import ProgramParticipant

from ..models import EventAttendance, EventKind, EventMaterial, MethodEvent, material_is_late, materials_due

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def _participants(municipality_ref, year_ref) -> QuerySet:
    """The participants of a year of the programmes of a municipality (numbers or expressions, for subqueries)."""
    return ProgramParticipant.objects.filter(program__municipality=municipality_ref, year=year_ref)


def event_list(*, user) -> QuerySet:
    """Events of the municipalities the user reads whole, or hosted or attended by their schools (the scope of
    `MethodEvent`: school-bound roles see only their schools' events).

    Each row carries its attendance totals and the ШНОР coverage as subqueries, so a page of events costs the
    same few queries however many schools attended.
    """
    return event_annotate(MethodEvent.objects.visible_to(user), user=user).order_by("-date", "pk")


def event_annotate(qs: QuerySet, *, user) -> QuerySet:
    # Whose schools (contract §3): the participants of the event's year of its municipality's programmes where they
    # name any, else the ШНОР list of the year.
    attendances = EventAttendance.objects.filter(event=OuterRef("pk")).order_by().values("event")
    named = _participants(OuterRef("municipality"), OuterRef("event_year"))
    named_inner = _participants(OuterRef(OuterRef("municipality")), OuterRef(OuterRef("event_year")))
    shnor_attended = attendances.filter(participants__gt=0, school__municipality=OuterRef("municipality")).filter(
        Q(Exists(named_inner)) & Q(school__in=named_inner.values("school_id"))
        | ~Q(Exists(named_inner)) & Q(school__in=shnor_statuses(OuterRef(OuterRef("event_year"))).values("school_id"))
    )
    participants_count = (
        named.order_by().values("program__municipality").annotate(c=Count("school", distinct=True)).values("c")
    )
    list_count = (
        shnor_statuses(OuterRef("event_year"))
        .filter(school__municipality=OuterRef("municipality"))
        .order_by()
        .values("kind")
        .annotate(c=Count("school", distinct=True))
        .values("c")
    )
    int_field = IntegerField()
    shnor_total = Case(
        When(Exists(named), then=Subquery(participants_count, output_field=int_field)),
        default=Subquery(list_count, output_field=int_field),
    )
    return (
        qs.select_related("municipality", "host_school")
        .annotate(event_year=ExtractYear("date"))
        .annotate(
            participants_total=Coalesce(
                Subquery(attendances.annotate(s=Sum("participants")).values("s"), output_field=int_field), 0
            ),
            schools_total=Coalesce(
                Subquery(
                    attendances.filter(participants__gt=0).annotate(c=Count("school")).values("c"),
                    output_field=int_field,
                ),
                0,
            ),
            shnor_attended=Coalesce(
                Subquery(shnor_attended.annotate(c=Count("school", distinct=True)).values("c"), output_field=int_field),
                0,
            ),
            shnor_total=Coalesce(shnor_total, 0),
            population_participants=Exists(named),
            kind_name=Subquery(EventKind.objects.filter(code=OuterRef("kind")).values("name")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=EventAttendance.objects.visible_to(user)
                .select_related("school")
                .order_by("school__short_name", "school__name"),
                to_attr="visible_attendances",
            ),
            Prefetch("materials", queryset=EventMaterial.objects.order_by("uploaded_at", "pk")),
        )
    )


@dataclass(frozen=True)
class Coverage:
    attended: int
    total: int
    target: object  # Decimal | None
    year: int
    population: str = "list_of_year"  # participants | list_of_year

    @property
    def label(self) -> str:
        """«участники программы 2024 г.» or «ШНОР 2024 г.»: whose schools the share is of."""
        return Population(self.population, self.year).label("shnor")

    @property
    def share(self):
        return share(self.attended, self.total)

    @property
    def met(self) -> bool | None:
        if self.share is None or self.target is None:
            return None
        return self.share >= self.target


class EventCounts(TypedDict):
    """What `event_annotate` adds to an event that its coverage reads."""

    shnor_attended: int
    shnor_total: int
    population_participants: bool


def event_coverage(event: WithAnnotations[MethodEvent, EventCounts]) -> Coverage:
    """«% ШНОР represented»: of the event's population (the participants of the event's year of its municipality's
    programmes, else the ШНОР list of the year), the schools that sent anyone, against the target."""
    return Coverage(
        attended=event.shnor_attended,
        total=event.shnor_total,
        target=event.target_share_shnor,
        population="participants" if event.population_participants else "list_of_year",
        year=event.date.year,
    )


MATERIALS_ON_TIME = "on_time"
MATERIALS_LATE = "late"
MATERIALS_OVERDUE = "overdue"
MATERIALS_AWAITED = "awaited"
MATERIALS_LABELS = {
    MATERIALS_ON_TIME: "размещены в срок",
    MATERIALS_LATE: "размещены с опозданием",
    MATERIALS_OVERDUE: "не размещены, срок прошёл",
    MATERIALS_AWAITED: "ожидаются",
}


def materials_status(event: MethodEvent, *, today: datetime.date | None = None) -> str:
    """The 10-day rule for the event as a whole: judged by its first material (prefetched on list rows)."""
    today = today or timezone.localdate()
    materials = list(event.materials.all())
    if materials:
        first = min(m.uploaded_at for m in materials)
        return MATERIALS_LATE if material_is_late(event.date, first) else MATERIALS_ON_TIME
    return MATERIALS_OVERDUE if today > materials_due(event.date) else MATERIALS_AWAITED


def event_decorate(events) -> list[MethodEvent]:
    """Attaches the coverage and the materials status to events already read with `event_annotate`."""
    events = list(events)
    for event in events:
        event.coverage = event_coverage(event)
        event.materials_status = materials_status(event)
        event.materials_label = MATERIALS_LABELS[event.materials_status]
    return events


def attendance_by_school(*, user, year: int | None = None) -> QuerySet:
    """Participants and events per school (the «attendance totals» table), set-based: the user's schools'
    attendance of the events they see; `year`: of the events dated in it (the events page's filter)."""
    qs = EventAttendance.objects.visible_to(user).filter(event__in=MethodEvent.objects.visible_to(user))
    if year is not None:
        qs = qs.filter(event__date__year=year)
    return (
        qs.values("school_id", "school__code", "school__short_name", "school__name")
        .annotate(participants=Sum("participants"), events=Count("event", distinct=True))
        .order_by("-participants", "school__short_name")
    )
