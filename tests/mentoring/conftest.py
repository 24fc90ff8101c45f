import pytest
from rest_framework.test import APIClient

from mentoring.models import Teacher
from tests.factories import (
    EventFactory,
    SchoolFactory,
    TeacherFactory,
    UserFactory,
    attend,
    course,
    curator_assign,
    diagnostic,
    pair,
    partnership,
    visit,
)


@pytest.fixture
def world(users, two_municipalities):
    """Each kind of record once in municipality A (school A-1) and once in B (school B-1)."""
    w = two_municipalities
    b2 = SchoolFactory(code="B-2", municipality=w["b"])
    a3 = SchoolFactory(code="A-3", municipality=w["a"])
    curator_b = UserFactory(username="curator_b", role="curator", municipality=w["b"])
    curator_assign(curator_b, w["b1"])
    out = {"a3": a3, "b2": b2, "curator_b": curator_b}
    for side, school, partner, curator in (("a", w["a1"], a3, users["curator"]), ("b", w["b1"], b2, curator_b)):
        teacher = TeacherFactory(school=school, full_name=f"Секретова {side.upper()}. Ю.")
        mentee = TeacherFactory(school=school, experience_band=Teacher.Experience.UNDER_3)
        event = EventFactory(host_school=school)
        attend(event, school)
        out[side] = {
            "teacher": teacher,
            "mentee": mentee,
            "event": event,
            "visit": visit(curator, school),
            "partnership": partnership(school, partner),
            "course": course(teacher),
            "diagnostic": diagnostic(teacher),
            "pair": pair(teacher, mentee),
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
