"""Reads of the support network, always scoped; the shares and counts that pages, API and indicators share."""

import datetime
from dataclasses import dataclass

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
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from core.numbers import share
from core.years import year_default, year_parse
from schools.models import Municipality, Role, School
from schools.permissions import user_can

from .models import (
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    EventMaterial,
    IndividualPlan,
    MentoringPair,
    MethodEvent,
    Partnership,
    PartnershipActivity,
    PDCourse,
    Teacher,
    material_is_late,
    materials_due,
)


def names_visible(user) -> bool:
    """152-ФЗ: teachers' names only for their school, its curators and the municipality's methodologists.

    The scope (visible_to) narrows each of those roles to the right schools; every page, serializer and export
    asks this one function whether to show names.
    """
    return user_can(user, "teachers.names")


def _schools(user) -> QuerySet:
    return School.objects.visible_to(user)


def _whole_municipalities(user) -> QuerySet:
    """Municipalities whose every event the user reads; school-bound roles read only their schools' events."""
    if user.is_authenticated and not user.is_superuser and (
        user.role in (Role.CURATOR, Role.SCHOOL_ADMIN) or (user.role == Role.API_CLIENT and user.school_id)
    ):
        return Municipality.objects.none()
    return Municipality.objects.visible_to(user)


def _year(value) -> int | None:
    return year_parse(value)


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _overlaps(year: int) -> Q:
    first, last = _year_bounds(year)
    return Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))


# --- curators -------------------------------------------------------------------------------------------------

def assignment_list(*, user, municipality: str = "", school: str = "", active_only: bool = False, year=None) -> QuerySet:
    """Curator assignments in scope; `active_only`: those in force today; `year`: those whose period overlaps it."""
    qs = CuratorAssignment.objects.filter(school__in=_schools(user)).select_related(
        "curator", "school", "school__municipality", "curator_school"
    )
    if (year := _year(year)) is not None:
        qs = qs.filter(_overlaps(year))
    if municipality:
        qs = qs.filter(school__municipality__code=municipality)
    if school:
        qs = qs.filter(school__code=school)
    if active_only:
        qs = qs.active()
    return qs.order_by("curator__last_name", "curator__username", "school__short_name", "-start")


def curator_schools(*, user) -> QuerySet:
    """«Мои школы» of a curator: their active assignments' schools, with the last visit's date."""
    last_visit = CuratorVisit.objects.filter(school=OuterRef("pk"), curator=user).order_by("-date").values("date")[:1]
    visits = CuratorVisit.objects.filter(school=OuterRef("pk"), curator=user).order_by().values("school")
    return (
        _schools(user)
        .filter(pk__in=CuratorAssignment.objects.active().filter(curator=user).values("school_id"))
        .select_related("municipality")
        .annotate(
            last_visit=Subquery(last_visit),
            visit_count=Coalesce(Subquery(visits.annotate(c=Count("pk")).values("c"), output_field=IntegerField()), 0),
        )
        .order_by("short_name", "name")
    )


def visit_list(*, user, municipality: str = "", school: str = "", year=None) -> QuerySet:
    qs = CuratorVisit.objects.filter(school__in=_schools(user)).select_related("curator", "school", "school__municipality")
    if municipality:
        qs = qs.filter(school__municipality__code=municipality)
    if school:
        qs = qs.filter(school__code=school)
    if (year := _year(year)) is not None:
        qs = qs.filter(date__year=year)
    return qs


# --- partnerships ---------------------------------------------------------------------------------------------

def partnership_list(*, user, municipality: str = "", school: str = "", year=None) -> QuerySet:
    """Partnerships where either side is in scope; `year` keeps those whose period overlaps the year."""
    schools = _schools(user)
    qs = Partnership.objects.filter(Q(school__in=schools) | Q(partner__in=schools)).select_related(
        "school", "school__municipality", "partner", "partner__municipality"
    )
    if municipality:
        qs = qs.filter(Q(school__municipality__code=municipality) | Q(partner__municipality__code=municipality))
    if school:
        qs = qs.filter(Q(school__code=school) | Q(partner__code=school))
    if (year := _year(year)) is not None:
        qs = qs.filter(_overlaps(year))
    return qs.annotate(activity_count=Count("activities")).order_by("-start", "pk")


def partnership_activities(*, partnership: Partnership) -> QuerySet:
    return PartnershipActivity.objects.filter(partnership=partnership).order_by("-date", "pk")


# --- events ---------------------------------------------------------------------------------------------------

def _shnor_statuses(year_ref) -> QuerySet:
    from assessments.risk.selectors import shnor_statuses

    return shnor_statuses(year_ref)


def _participants(municipality_ref, year_ref) -> QuerySet:
    """The participants of a year of the programmes of a municipality (numbers or expressions, for subqueries)."""
    from programs.models import ProgramParticipant

    return ProgramParticipant.objects.filter(program__municipality=municipality_ref, year=year_ref)


def event_list(*, user, municipality: str = "", school: str = "", year=None, kind: str = "") -> QuerySet:
    """Events of the user's municipalities, or (school-bound roles) hosted or attended by their schools.

    Each row carries its attendance totals and the ШНОР coverage as subqueries, so a page of events costs the
    same few queries however many schools attended.
    """
    schools = _schools(user)
    qs = MethodEvent.objects.filter(
        Q(municipality__in=_whole_municipalities(user))
        | Q(host_school__in=schools)
        | Q(pk__in=EventAttendance.objects.filter(school__in=schools).values("event_id"))
    )
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    if school:
        qs = qs.filter(
            Q(host_school__code=school) | Q(pk__in=EventAttendance.objects.filter(school__code=school).values("event_id"))
        )
    if (year := _year(year)) is not None:
        qs = qs.filter(date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return event_annotate(qs, user=user).order_by("-date", "pk")


def event_annotate(qs: QuerySet, *, user) -> QuerySet:
    # Whose schools (contract §3): the participants of the event's year of its municipality's programmes where they
    # name any, else the ШНОР list of the year.
    attendances = EventAttendance.objects.filter(event=OuterRef("pk")).order_by().values("event")
    named = _participants(OuterRef("municipality"), OuterRef("event_year"))
    named_inner = _participants(OuterRef(OuterRef("municipality")), OuterRef(OuterRef("event_year")))
    shnor_attended = attendances.filter(participants__gt=0, school__municipality=OuterRef("municipality")).filter(
        Q(Exists(named_inner)) & Q(school__in=named_inner.values("school_id"))
        | ~Q(Exists(named_inner)) & Q(school__in=_shnor_statuses(OuterRef(OuterRef("event_year"))).values("school_id"))
    )
    participants_count = (
        named.order_by().values("program__municipality").annotate(c=Count("school", distinct=True)).values("c")
    )
    list_count = (
        _shnor_statuses(OuterRef("event_year"))
        .filter(school__municipality=OuterRef("municipality"))
        .order_by()
        .values("kind")
        .annotate(c=Count("school", distinct=True))
        .values("c")
    )
    int_field = IntegerField()
    shnor_total = Case(When(Exists(named), then=Subquery(participants_count, output_field=int_field)),
                       default=Subquery(list_count, output_field=int_field))
    return (
        qs.select_related("municipality", "host_school")
        .annotate(event_year=ExtractYear("date"))
        .annotate(
            participants_total=Coalesce(Subquery(attendances.annotate(s=Sum("participants")).values("s"), output_field=int_field), 0),
            schools_total=Coalesce(
                Subquery(attendances.filter(participants__gt=0).annotate(c=Count("school")).values("c"), output_field=int_field), 0
            ),
            shnor_attended=Coalesce(
                Subquery(shnor_attended.annotate(c=Count("school", distinct=True)).values("c"), output_field=int_field), 0
            ),
            shnor_total=Coalesce(shnor_total, 0),
            population_participants=Exists(named),
        )
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=EventAttendance.objects.filter(school__in=_schools(user)).select_related("school").order_by(
                    "school__short_name", "school__name"
                ),
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
    population: str = "list_of_year"  # participants | list_of_year
    year: int | None = None

    @property
    def label(self) -> str:
        """«участники программы 2024 г.» or «ШНОР 2024 г.»: whose schools the share is of."""
        from programs.indicators.engine.populations import Population

        return Population(self.population, self.year).label("shnor")

    @property
    def share(self):
        return share(self.attended, self.total)

    @property
    def met(self) -> bool | None:
        if self.share is None or self.target is None:
            return None
        return self.share >= self.target


def event_coverage(event: MethodEvent) -> Coverage:
    """«% ШНОР represented»: of the event's population (the participants of the event's year of its municipality's
    programmes, else the ШНОР list of the year), the schools that sent anyone, against the target."""
    return Coverage(attended=event.shnor_attended, total=event.shnor_total, target=event.target_share_shnor,
                    population="participants" if event.population_participants else "list_of_year",
                    year=event.date.year)


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


def attendance_by_school(*, user, year=None, municipality: str = "") -> QuerySet:
    """Participants and events per school (the «attendance totals» table), set-based."""
    qs = EventAttendance.objects.filter(school__in=_schools(user), event__in=event_list(user=user).values("pk"))
    if (year := _year(year)) is not None:
        qs = qs.filter(event__date__year=year)
    if municipality:
        qs = qs.filter(school__municipality__code=municipality)
    return (
        qs.values("school_id", "school__code", "school__short_name", "school__name")
        .annotate(participants=Sum("participants"), events=Count("event", distinct=True))
        .order_by("-participants", "school__short_name")
    )


# --- teachers -------------------------------------------------------------------------------------------------

def teacher_list(*, user, municipality: str = "", school: str = "", active=None, q: str = "") -> QuerySet:
    qs = Teacher.objects.filter(school__in=_schools(user)).select_related("school", "school__municipality")
    if municipality:
        qs = qs.filter(school__municipality__code=municipality)
    if school:
        qs = qs.filter(school__code=school)
    if active is not None:
        qs = qs.filter(is_active=active)
    if q and names_visible(user):
        qs = qs.filter(Q(full_name__icontains=q) | Q(subject__icontains=q))
    elif q:
        qs = qs.filter(subject__icontains=q)
    return qs.order_by("school__short_name", "full_name", "pk")


def teacher_summary(*, user, municipality: str = "", school: str = "", year: int | None = None) -> QuerySet:
    """Per-school aggregates of teachers: what roles without access to names get instead of a list."""
    year = _year(year) or year_default(schools=_schools(user)).year
    teachers = Teacher.objects.filter(is_active=True)
    qs = _schools(user).select_related("municipality")
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    if school:
        qs = qs.filter(code=school)
    diagnosed = teachers.filter(pk__in=DeficitDiagnostic.objects.filter(date__year=year).values("teacher_id"))
    trained = teachers.filter(pk__in=_completed_courses(year).values("teacher_id"))

    def count(base: QuerySet, **extra) -> Subquery:
        rows = base.filter(school=OuterRef("pk"), **extra).order_by().values("school").annotate(c=Count("pk")).values("c")
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return qs.annotate(
        teachers_total=count(teachers),
        highest_category=count(teachers, category=Teacher.Category.HIGHEST),
        first_category=count(teachers, category=Teacher.Category.FIRST),
        young=count(teachers, experience_band=Teacher.Experience.UNDER_3),
        pension_age_count=count(teachers, pension_age=True),
        diagnosed=count(diagnosed),
        trained=count(trained),
    ).filter(teachers_total__gt=0).order_by("short_name", "name")


def course_list(*, user, municipality: str = "", school: str = "", year=None, teacher: int | None = None) -> QuerySet:
    qs = PDCourse.objects.filter(teacher__school__in=_schools(user)).select_related("teacher", "teacher__school")
    if municipality:
        qs = qs.filter(teacher__school__municipality__code=municipality)
    if school:
        qs = qs.filter(teacher__school__code=school)
    if (year := _year(year)) is not None:
        qs = qs.filter(_overlaps(year))
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def diagnostic_list(*, user, municipality: str = "", school: str = "", year=None, teacher: int | None = None) -> QuerySet:
    qs = DeficitDiagnostic.objects.filter(teacher__school__in=_schools(user)).select_related("teacher", "teacher__school")
    if municipality:
        qs = qs.filter(teacher__school__municipality__code=municipality)
    if school:
        qs = qs.filter(teacher__school__code=school)
    if (year := _year(year)) is not None:
        qs = qs.filter(date__year=year)
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def plan_list(*, user, school: str = "", year=None, teacher: int | None = None) -> QuerySet:
    qs = (
        IndividualPlan.objects.filter(teacher__school__in=_schools(user))
        .select_related("teacher", "teacher__school")
        .prefetch_related("items")
    )
    if school:
        qs = qs.filter(teacher__school__code=school)
    if (year := _year(year)) is not None:
        qs = qs.filter(year=year)
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def pair_list(*, user, school: str = "", year=None, teacher: int | None = None) -> QuerySet:
    """Pairs with either teacher in scope (a mentor may work in another school)."""
    schools = _schools(user)
    qs = MentoringPair.objects.filter(Q(mentor__school__in=schools) | Q(mentee__school__in=schools)).select_related(
        "mentor", "mentor__school", "mentee", "mentee__school"
    )
    if school:
        qs = qs.filter(Q(mentor__school__code=school) | Q(mentee__school__code=school))
    if (year := _year(year)) is not None:
        qs = qs.filter(_overlaps(year))
    if teacher:
        qs = qs.filter(Q(mentor_id=teacher) | Q(mentee_id=teacher))
    return qs


# --- what the indicators engine reuses ------------------------------------------------------------------------

def _school_ids(schools) -> QuerySet | list:
    return schools.values("pk") if isinstance(schools, QuerySet) else list(schools)


def schools_supported_in(schools, year: int) -> set[int]:
    """Schools with a curator visit, or an event attended (with participants) or hosted, in the year."""
    ids = _school_ids(schools)
    visited = CuratorVisit.objects.filter(school_id__in=ids, date__year=year).order_by().values_list("school_id", flat=True)
    attended = EventAttendance.objects.filter(
        school_id__in=ids, participants__gt=0, event__date__year=year
    ).order_by().values_list("school_id", flat=True)
    hosted = MethodEvent.objects.filter(host_school_id__in=ids, date__year=year).order_by().values_list("host_school_id", flat=True)
    return set(visited.union(attended, hosted))


def schools_with_partnership_in(schools, year: int) -> set[int]:
    """Schools on either side of a partnership whose period overlaps the year."""
    ids = _school_ids(schools)
    active = Partnership.objects.filter(_overlaps(year))
    active = active.order_by()
    as_school = active.filter(school_id__in=ids).values_list("school_id", flat=True)
    as_partner = active.filter(partner_id__in=ids).values_list("partner_id", flat=True)
    return set(as_school.union(as_partner))


def teachers_diagnosed_in(schools, year: int) -> dict:
    """Active teachers of the schools with a deficit diagnostic dated in the year, and all active teachers."""
    teachers = Teacher.objects.filter(school_id__in=_school_ids(schools), is_active=True)
    diagnosed = teachers.filter(pk__in=DeficitDiagnostic.objects.filter(date__year=year).values("teacher_id"))
    return {"count": diagnosed.count(), "total": teachers.count()}


def _completed_courses(year: int) -> QuerySet:
    """A course counts in the year it ended (or began, when no end is recorded) if it was completed."""
    return PDCourse.objects.filter(completed=True).filter(Q(end__year=year) | Q(end__isnull=True, start__year=year))


def teachers_trained_in(schools, year: int) -> dict:
    """Active teachers of the schools with a PD course completed in the year, and all active teachers."""
    teachers = Teacher.objects.filter(school_id__in=_school_ids(schools), is_active=True)
    trained = teachers.filter(pk__in=_completed_courses(year).values("teacher_id"))
    return {"count": trained.count(), "total": teachers.count()}


# --- the overview ---------------------------------------------------------------------------------------------

def overview(*, user, year: int) -> dict:
    """The support overview as of `year`."""
    schools = _schools(user)
    events = event_list(user=user)
    today = timezone.localdate()
    trained = teachers_trained_in(schools, year)
    diagnosed = teachers_diagnosed_in(schools, year)
    shnor = schools.filter(pk__in=_shnor_statuses(year).values("school_id"))
    return {
        "year": year,
        # As of the year: its curators, visits and events; only the follow-ups due are about today.
        "assignments": list(assignment_list(user=user, year=year)),
        "visits_year": visit_list(user=user, year=year).count(),
        "visits_recent": list(visit_list(user=user, year=year)[:5]),
        "follow_ups_due": visit_list(user=user).filter(follow_up_done=False, follow_up_due__lt=today).count(),
        "partnerships_active": list(partnership_list(user=user, year=year)),
        "events_upcoming": list(events.filter(date__year=year, date__gte=today).order_by("date", "pk")[:5]),
        "events_past": event_decorate(events.filter(date__year=year, date__lt=today)[:8]),
        "events_year": events.filter(date__year=year).count(),
        "trained": {**trained, "share": share(trained["count"], trained["total"])},
        "diagnosed": {**diagnosed, "share": share(diagnosed["count"], diagnosed["total"])},
        "shnor_count": shnor.count(),
        "shnor_supported": len(schools_supported_in(shnor, year)),
    }
