"""Curators and their visits, partnerships, methodological events, teachers, their courses, diagnostics, plans and
mentoring pairs; and the short builders the mentoring tests read best with (each a factory call with its defaults)."""

import datetime

import factory

from mentoring.models import (
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    EventKind,
    EventMaterial,
    EventTeacherAttendance,
    IndividualPlan,
    IndividualPlanItem,
    MentoringPair,
    MethodEvent,
    Partnership,
    PartnershipActivity,
    PDCourse,
    StaffingFigures,
    StaffingSubject,
    Teacher,
)
from tests.factories.schools import MunicipalityFactory, SchoolFactory, UserFactory


class CuratorAssignmentFactory(factory.django.DjangoModelFactory[CuratorAssignment]):
    class Meta:
        model = CuratorAssignment

    curator = factory.SubFactory(UserFactory, role="curator")
    school = factory.SubFactory(SchoolFactory, municipality=factory.SelfAttribute("..curator.municipality"))
    start = datetime.date(2020, 1, 1)


class CuratorVisitFactory(factory.django.DjangoModelFactory[CuratorVisit]):
    class Meta:
        model = CuratorVisit

    curator = factory.SubFactory(UserFactory, role="curator")
    school = factory.SubFactory(SchoolFactory, municipality=factory.SelfAttribute("..curator.municipality"))
    date = datetime.date(2023, 5, 10)
    lessons_observed = 2


class PartnershipFactory(factory.django.DjangoModelFactory[Partnership]):
    class Meta:
        model = Partnership

    school = factory.SubFactory(SchoolFactory)
    partner = factory.SubFactory(SchoolFactory, municipality=factory.SelfAttribute("..school.municipality"))
    start = datetime.date(2023, 1, 1)
    agreement_number = "1"


class PartnershipActivityFactory(factory.django.DjangoModelFactory[PartnershipActivity]):
    class Meta:
        model = PartnershipActivity

    partnership = factory.SubFactory(PartnershipFactory)
    date = datetime.date(2023, 3, 1)
    title = "Взаимопосещение уроков"


class EventKindFactory(factory.django.DjangoModelFactory[EventKind]):
    """A kind added to the reference table (the defaults come with migration 0005)."""

    class Meta:
        model = EventKind
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kind_{n}")
    name = factory.Sequence(lambda n: f"Вид мероприятия № {n}")
    order = 500


class EventFactory(factory.django.DjangoModelFactory[MethodEvent]):
    """A methodological event; its municipality is the host school's, or a new one when no school hosts it."""

    class Meta:
        model = MethodEvent

    title = factory.Sequence(lambda n: f"Семинар № {n}")
    kind = MethodEvent.Kind.SEMINAR
    date = datetime.date(2023, 3, 1)
    host_school = None
    municipality = factory.Maybe(
        "host_school",
        yes_declaration=factory.SelfAttribute("host_school.municipality"),
        no_declaration=factory.SubFactory(MunicipalityFactory),
    )


MethodEventFactory = EventFactory


class EventAttendanceFactory(factory.django.DjangoModelFactory[EventAttendance]):
    class Meta:
        model = EventAttendance

    event = factory.SubFactory(EventFactory)
    school = factory.SubFactory(SchoolFactory, municipality=factory.SelfAttribute("..event.municipality"))
    participants = 3


class EventMaterialFactory(factory.django.DjangoModelFactory[EventMaterial]):
    class Meta:
        model = EventMaterial

    event = factory.SubFactory(EventFactory)
    title = "Презентация"
    url = "https://example.org/m"
    uploaded_at = factory.SelfAttribute("event.date")


class TeacherFactory(factory.django.DjangoModelFactory[Teacher]):
    class Meta:
        model = Teacher

    school = factory.SubFactory(SchoolFactory)
    full_name = factory.Sequence(lambda n: f"Учителева{n} А. Б.")
    subject = "Математика"
    category = Teacher.Category.FIRST
    weekly_load = 18
    experience_band = Teacher.Experience.FROM_10_TO_20


class StaffingFiguresFactory(factory.django.DjangoModelFactory[StaffingFigures]):
    """A school's staffing counts for a year (`school=None, municipality=…`: the municipality's as a whole)."""

    class Meta:
        model = StaffingFigures

    school = factory.SubFactory(SchoolFactory)
    municipality = factory.LazyAttribute(lambda f: f.school.municipality)
    year = 2021
    teachers_total = 20
    higher_education = 18
    under_35 = 4
    over_55 = 6


class StaffingSubjectFactory(factory.django.DjangoModelFactory[StaffingSubject]):
    class Meta:
        model = StaffingSubject

    figures = factory.SubFactory(StaffingFiguresFactory)
    subject = factory.Sequence(lambda n: f"Предмет {n}")
    teachers = 4
    qualified_category = 2


class EventTeacherAttendanceFactory(factory.django.DjangoModelFactory[EventTeacherAttendance]):
    class Meta:
        model = EventTeacherAttendance

    event = factory.SubFactory(EventFactory)
    teacher = factory.SubFactory(TeacherFactory, school__municipality=factory.SelfAttribute("...event.municipality"))


class PDCourseFactory(factory.django.DjangoModelFactory[PDCourse]):
    class Meta:
        model = PDCourse

    teacher = factory.SubFactory(TeacherFactory)
    title = "КПК"
    hours = 36
    end = datetime.date(2023, 4, 1)
    start = factory.LazyAttribute(lambda c: c.end - datetime.timedelta(days=10))
    completed = True


class DeficitDiagnosticFactory(factory.django.DjangoModelFactory[DeficitDiagnostic]):
    class Meta:
        model = DeficitDiagnostic

    teacher = factory.SubFactory(TeacherFactory)
    date = datetime.date(2023, 10, 1)
    instrument = "ФИОКО"
    methodological = True


class IndividualPlanFactory(factory.django.DjangoModelFactory[IndividualPlan]):
    class Meta:
        model = IndividualPlan

    teacher = factory.SubFactory(TeacherFactory)
    year = 2025


class IndividualPlanItemFactory(factory.django.DjangoModelFactory[IndividualPlanItem]):
    class Meta:
        model = IndividualPlanItem

    plan = factory.SubFactory(IndividualPlanFactory)
    title = "Пункт"


class MentoringPairFactory(factory.django.DjangoModelFactory[MentoringPair]):
    class Meta:
        model = MentoringPair

    mentor = factory.SubFactory(TeacherFactory)
    mentee = factory.SubFactory(
        TeacherFactory, school=factory.SelfAttribute("..mentor.school"), experience_band=Teacher.Experience.UNDER_3
    )
    start = datetime.date(2024, 9, 1)


def curator_assign(curator, school, start=datetime.date(2020, 1, 1), end=None) -> CuratorAssignment:
    return CuratorAssignmentFactory.create(curator=curator, school=school, start=start, end=end)


def attend(event, school, participants=3) -> EventAttendance:
    return EventAttendanceFactory.create(event=event, school=school, participants=participants)


def material(event, uploaded_at) -> EventMaterial:
    return EventMaterialFactory.create(event=event, uploaded_at=uploaded_at)


def visit(curator, school, date=datetime.date(2023, 5, 10), **kw) -> CuratorVisit:
    return CuratorVisitFactory.create(curator=curator, school=school, date=date, **kw)


def partnership(school, partner, start=datetime.date(2023, 1, 1), end=None) -> Partnership:
    return PartnershipFactory.create(school=school, partner=partner, start=start, end=end)


def course(teacher, *, end=datetime.date(2023, 4, 1), completed=True) -> PDCourse:
    return PDCourseFactory.create(teacher=teacher, end=end, completed=completed)


def diagnostic(teacher, date=datetime.date(2023, 10, 1)) -> DeficitDiagnostic:
    return DeficitDiagnosticFactory.create(teacher=teacher, date=date)


def pair(mentor, mentee) -> MentoringPair:
    return MentoringPairFactory.create(mentor=mentor, mentee=mentee)
