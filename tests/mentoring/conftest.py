import datetime

import factory
import pytest
from rest_framework.test import APIClient

from mentoring.models import (
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    EventMaterial,
    MentoringPair,
    MethodEvent,
    Partnership,
    PDCourse,
    Teacher,
)
from tests.factories import SchoolFactory, UserFactory


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    school = factory.SubFactory(SchoolFactory)
    full_name = factory.Sequence(lambda n: f"Учителева{n} А. Б.")
    subject = "Математика"
    category = Teacher.Category.FIRST
    weekly_load = 18
    experience_band = Teacher.Experience.FROM_10_TO_20


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodEvent

    title = factory.Sequence(lambda n: f"Семинар № {n}")
    kind = MethodEvent.Kind.SEMINAR
    date = datetime.date(2023, 3, 1)
    municipality = factory.LazyAttribute(lambda e: e.host_school.municipality if e.host_school else None)
    host_school = None


def attend(event, school, participants=3):
    return EventAttendance.objects.create(event=event, school=school, participants=participants)


def material(event, uploaded_at):
    return EventMaterial.objects.create(event=event, title="Презентация", url="https://example.org/m", uploaded_at=uploaded_at)


def visit(curator, school, date=datetime.date(2023, 5, 10), **kw):
    return CuratorVisit.objects.create(curator=curator, school=school, date=date, lessons_observed=2, **kw)


def partnership(school, partner, start=datetime.date(2023, 1, 1), end=None):
    return Partnership.objects.create(school=school, partner=partner, start=start, end=end, agreement_number="1")


def course(teacher, *, end=datetime.date(2023, 4, 1), completed=True):
    return PDCourse.objects.create(teacher=teacher, title="КПК", hours=36, start=end - datetime.timedelta(days=10),
                                   end=end, completed=completed)


def diagnostic(teacher, date=datetime.date(2023, 10, 1)):
    return DeficitDiagnostic.objects.create(teacher=teacher, date=date, instrument="ФИОКО", methodological=True)


def pair(mentor, mentee):
    return MentoringPair.objects.create(mentor=mentor, mentee=mentee, start=datetime.date(2024, 9, 1))


@pytest.fixture
def world(users, two_municipalities):
    """Each kind of record once in municipality A (school A-1) and once in B (school B-1)."""
    w = two_municipalities
    b2 = SchoolFactory(code="B-2", municipality=w["b"])
    a3 = SchoolFactory(code="A-3", municipality=w["a"])
    curator_b = UserFactory(username="curator_b", role="curator", municipality=w["b"])
    from tests.factories import curator_assign

    curator_assign(curator_b, w["b1"])
    out = {"a3": a3, "b2": b2, "curator_b": curator_b}
    for side, school, partner, curator in (("a", w["a1"], a3, users["curator"]), ("b", w["b1"], b2, curator_b)):
        teacher = TeacherFactory(school=school, full_name=f"Секретова {side.upper()}. Ю.")
        mentee = TeacherFactory(school=school, experience_band=Teacher.Experience.UNDER_3)
        event = EventFactory(host_school=school)
        attend(event, school)
        out[side] = {
            "teacher": teacher, "mentee": mentee, "event": event,
            "visit": visit(curator, school), "partnership": partnership(school, partner),
            "course": course(teacher), "diagnostic": diagnostic(teacher), "pair": pair(teacher, mentee),
            "assignment": curator.curator_assignments.get(school=school),
        }
        from mentoring.models import IndividualPlan

        out[side]["plan"] = IndividualPlan.objects.create(teacher=teacher, year=2025)
    return out


@pytest.fixture
def api_as():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make
