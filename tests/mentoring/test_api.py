"""The contract's endpoints: POST bodies, filters, fields, role rules, query counts."""

import datetime

import pytest

from mentoring.models import PAIR_SAME, PARTNER_SAME, CuratorVisit, MethodEvent, Teacher
from mentoring.services.curators import CURATOR_SELF
from tests.factories import EventFactory, SchoolFactory, SchoolStatusFactory, TeacherFactory, attend, partnership

pytestmark = pytest.mark.django_db


def test_partnership_post_returns_contract_fields(world, users, api_as):
    body = {
        "school": "A-1",
        "partner": "A-3",
        "agreement_number": "12/23",
        "agreement_date": "2023-02-15",
        "start": "2023-03-01",
        "end": "2025-08-31",
        "form": "network",
    }
    response = api_as(users["methodologist"]).post("/api/v1/partnerships/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert {k: data[k] for k in body} == body and data["active"] in (True, False)


def test_partnership_active_in_requested_year(world, users, api_as):
    p = partnership(
        world["a3"], world["a"]["partnership"].school, start=datetime.date(2020, 1, 1), end=datetime.date(2021, 6, 30)
    )
    client = api_as(users["head"])
    assert client.get(f"/api/v1/partnerships/{p.pk}/?year=2021").json()["active"] is True
    assert client.get(f"/api/v1/partnerships/{p.pk}/?year=2022").json()["active"] is False


def test_partnership_year_filter_keeps_overlapping_periods(world, users, api_as):
    partnership(
        world["a3"], world["a"]["partnership"].school, start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)
    )
    rows = api_as(users["head"]).get("/api/v1/partnerships/?year=2019").json()["results"]
    assert [r["start"] for r in rows] == ["2019-01-01"]


def test_partnership_with_itself_is_refused_in_russian(world, users, api_as):
    body = {"school": "A-1", "partner": "A-1", "start": "2023-03-01"}
    response = api_as(users["methodologist"]).post("/api/v1/partnerships/", body, format="json")
    assert response.status_code == 400 and PARTNER_SAME in str(response.json())


def test_partnership_outside_scope_is_refused(world, users, api_as):
    body = {"school": "A-1", "partner": "B-1", "start": "2023-03-01"}
    response = api_as(users["methodologist"]).post("/api/v1/partnerships/", body, format="json")
    assert response.status_code == 400 and "не найдена в вашей зоне доступа" in str(response.json())


def test_curator_visit_post_returns_contract_fields(world, users, api_as):
    body = {
        "curator": "curator_a",
        "school": "A-1",
        "date": "2024-02-01",
        "lessons_observed": 3,
        "findings": "Нет системы ВСОКО",
        "recommendations": "Разработать положение",
        "follow_up_due": "2024-03-01",
    }
    response = api_as(users["curator"]).post("/api/v1/curator-visits/", body, format="json")
    assert response.status_code == 201, response.content
    assert {k: response.json()[k] for k in body} == body


def test_methodologist_records_visit_for_assigned_curator(world, users, api_as):
    body = {
        "curator": "curator_a",
        "school": "A-1",
        "date": "2024-02-01",
        "lessons_observed": 0,
        "findings": "",
        "recommendations": "",
    }
    assert api_as(users["methodologist"]).post("/api/v1/curator-visits/", body, format="json").status_code == 201


def test_curator_visit_to_school_outside_scope_is_refused(world, users, api_as):
    body = {
        "curator": "curator_a",
        "school": "A-3",
        "date": "2024-02-01",
        "lessons_observed": 1,
        "findings": "",
        "recommendations": "",
    }
    response = api_as(users["curator"]).post("/api/v1/curator-visits/", body, format="json")
    assert response.status_code == 400 and "не найдена в вашей зоне доступа" in response.json()["school"][0]


def test_visit_for_unassigned_curator_is_refused_in_russian(world, users, api_as):
    body = {"curator": "curator_a", "school": "A-3", "date": "2024-02-01", "lessons_observed": 1}
    response = api_as(users["methodologist"]).post("/api/v1/curator-visits/", body, format="json")
    assert response.status_code == 400 and "не назначен" in response.json()["school"][0]


def test_curator_cannot_record_visit_for_another_curator(world, users, api_as, two_municipalities):
    from tests.factories import UserFactory, curator_assign

    other = UserFactory(username="curator_x", role="curator", municipality=two_municipalities["a"])
    curator_assign(other, two_municipalities["a1"])
    body = {"curator": "curator_x", "school": "A-1", "date": "2024-02-01", "lessons_observed": 1}
    response = api_as(users["curator"]).post("/api/v1/curator-visits/", body, format="json")
    assert response.status_code == 400 and response.json()["curator"] == [CURATOR_SELF]


def test_visits_filtered_by_year(world, users, api_as):
    from tests.factories import visit

    visit(users["curator"], world["a"]["visit"].school, date=datetime.date(2024, 9, 9))
    rows = api_as(users["head"]).get("/api/v1/curator-visits/?year=2024").json()["results"]
    assert [r["date"] for r in rows] == ["2024-09-09"]


def test_event_post_returns_contract_fields_and_attendance(world, users, api_as):
    body = {
        "title": "РМО учителей математики",
        "kind": "rmo",
        "date": "2024-03-14",
        "municipality": "A01",
        "host_school": "A-1",
        "attendance": [{"school": "A-1", "participants": 4}, {"school": "A-3", "participants": 2}],
    }
    response = api_as(users["methodologist"]).post("/api/v1/events/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert {k: data[k] for k in ("title", "kind", "date", "municipality", "host_school")} == {
        k: body[k] for k in ("title", "kind", "date", "municipality", "host_school")
    }
    assert [(a["school"], a["participants"]) for a in data["attendance"]] == [("A-1", 4), ("A-3", 2)]
    assert data["participants_total"] == 6


CONTRACT_KINDS = [
    "seminar",
    "webinar",
    "master_class",
    "guest_day",
    "lesson_visits",
    "internship",
    "rmo",
    "round_table",
    "course",
    "meeting",
]


@pytest.mark.django_db
def test_event_kinds_are_the_contract_list_and_seed_004s():
    from mentoring.models import EventKind

    codes = list(EventKind.objects.values_list("code", flat=True))
    assert codes == [*CONTRACT_KINDS, "methodical_landing", "festival"]
    assert EventKind.objects.get(code="methodical_landing").name == "Методический десант"
    assert EventKind.objects.get(code="festival").name == "Фестиваль"


def test_event_attendance_of_school_outside_scope_is_refused(world, users, api_as):
    body = {
        "title": "Семинар",
        "kind": "seminar",
        "date": "2024-03-14",
        "municipality": "A01",
        "attendance": [{"school": "B-1", "participants": 4}],
    }
    response = api_as(users["methodologist"]).post("/api/v1/events/", body, format="json")
    assert response.status_code == 400 and MethodEvent.objects.filter(title="Семинар").count() == 0


def test_event_in_other_municipality_is_refused(world, users, api_as):
    body = {"title": "Семинар", "kind": "seminar", "date": "2024-03-14", "municipality": "B01"}
    response = api_as(users["methodologist"]).post("/api/v1/events/", body, format="json")
    assert response.status_code == 400 and "не найден в вашей зоне доступа" in response.json()["municipality"][0]


def test_event_duplicate_attendance_school_is_refused(world, users, api_as):
    body = {
        "title": "Семинар",
        "kind": "seminar",
        "date": "2024-03-14",
        "municipality": "A01",
        "attendance": [{"school": "A-1", "participants": 1}, {"school": "A-1", "participants": 2}],
    }
    response = api_as(users["methodologist"]).post("/api/v1/events/", body, format="json")
    assert response.status_code == 400 and "дважды" in str(response.json())


def test_event_patch_replaces_attendance(world, users, api_as):
    event = world["a"]["event"]
    body = {"attendance": [{"school": "A-3", "participants": 5}]}
    data = api_as(users["methodologist"]).patch(f"/api/v1/events/{event.pk}/", body, format="json").json()
    assert [(a["school"], a["participants"]) for a in data["attendance"]] == [("A-3", 5)]


def test_events_filtered_by_school_include_attended(world, users, api_as):
    event = EventFactory(host_school=world["a3"])
    attend(event, world["a"]["event"].host_school)
    ids = {r["id"] for r in api_as(users["head"]).get("/api/v1/events/?school=A-1").json()["results"]}
    assert ids == {event.pk, world["a"]["event"].pk}


@pytest.mark.parametrize(
    "role,prefix",
    [
        ("head", "partnerships"),
        ("curator", "partnerships"),
        ("school_admin", "events"),
        ("head", "events"),
        ("curator", "curator-assignments"),
        ("head", "curator-visits"),
        ("school_admin", "curator-visits"),
        ("head", "teachers"),
        ("api_client", "teachers"),
        ("head", "pd-courses"),
        ("regional", "diagnostics"),
        ("head", "mentoring-pairs"),
        ("api_client", "events"),
        ("regional", "teachers"),
    ],
)
def test_write_without_capability_is_403(world, users, api_as, role, prefix):
    assert api_as(users[role]).post(f"/api/v1/{prefix}/", {}, format="json").status_code == 403


def test_school_admin_adds_teacher_to_own_school(world, users, api_as):
    body = {
        "school": "A-1",
        "full_name": "Новикова Е. С.",
        "subject": "Химия",
        "category": "highest",
        "weekly_load": 20,
        "experience_band": "gt20",
        "pension_age": True,
    }
    response = api_as(users["school_admin"]).post("/api/v1/teachers/", body, format="json")
    assert response.status_code == 201 and Teacher.objects.filter(full_name="Новикова Е. С.").exists()


def test_school_admin_cannot_add_teacher_elsewhere(world, users, api_as):
    body = {"school": "A-3", "full_name": "Новикова Е. С.", "subject": "Химия", "experience_band": "gt20"}
    assert api_as(users["school_admin"]).post("/api/v1/teachers/", body, format="json").status_code == 400


def test_school_admin_records_course_diagnostic_plan_and_pair(world, users, api_as):
    client = api_as(users["school_admin"])
    t, m = world["a"]["teacher"].pk, world["a"]["mentee"].pk
    assert (
        client.post(
            "/api/v1/pd-courses/",
            {
                "teacher": t,
                "title": "ФГОС",
                "hours": 36,
                "form": "distance",
                "start": "2024-01-10",
                "end": "2024-02-10",
                "completed": True,
            },
            format="json",
        ).status_code
        == 201
    )
    assert (
        client.post(
            "/api/v1/diagnostics/",
            {"teacher": t, "date": "2024-10-01", "instrument": "ФИОКО", "subject": True},
            format="json",
        ).status_code
        == 201
    )
    plan = client.post(
        "/api/v1/individual-plans/",
        {"teacher": m, "year": 2024, "status": "active", "items": [{"title": "Открытый урок", "due": "2024-12-01"}]},
        format="json",
    )
    assert plan.status_code == 201 and plan.json()["items"][0]["title"] == "Открытый урок"
    assert (
        client.post(
            "/api/v1/mentoring-pairs/",
            {"mentor": m, "mentee": t, "form": "teacher_teacher", "start": "2024-09-01"},
            format="json",
        ).status_code
        == 201
    )


def test_course_for_teacher_outside_scope_is_refused(world, users, api_as):
    body = {"teacher": world["b"]["teacher"].pk, "title": "ФГОС", "hours": 36, "start": "2024-01-10"}
    response = api_as(users["school_admin"]).post("/api/v1/pd-courses/", body, format="json")
    assert response.status_code == 400 and "не найден в вашей зоне доступа" in response.json()["teacher"][0]


def test_course_hours_must_be_positive(world, users, api_as):
    body = {"teacher": world["a"]["teacher"].pk, "title": "ФГОС", "hours": 0, "start": "2024-01-10"}
    assert api_as(users["school_admin"]).post("/api/v1/pd-courses/", body, format="json").status_code == 400


def test_pair_of_teacher_with_self_is_refused(world, users, api_as):
    t = world["a"]["teacher"].pk
    response = api_as(users["school_admin"]).post(
        "/api/v1/mentoring-pairs/", {"mentor": t, "mentee": t, "start": "2024-09-01"}, format="json"
    )
    assert response.status_code == 400 and PAIR_SAME in str(response.json())


def test_assignment_post_by_methodologist(world, users, api_as):
    body = {"curator": "curator_a", "school": "A-3", "start": "2024-09-01"}
    response = api_as(users["methodologist"]).post("/api/v1/curator-assignments/", body, format="json")
    assert response.status_code == 201 and response.json()["active"] is True


def test_new_assignment_widens_curator_scope(world, users, api_as):
    body = {"curator": "curator_a", "school": "A-3", "start": "2024-09-01"}
    api_as(users["methodologist"]).post("/api/v1/curator-assignments/", body, format="json")
    schools = {r["code"] for r in api_as(users["curator"]).get("/api/v1/schools/").json()["results"]}
    assert schools == {"A-1", "A-3"}


def test_curator_deletes_own_visit_only(world, users, api_as, two_municipalities):
    from tests.factories import UserFactory, curator_assign, visit

    other = UserFactory(role="curator", municipality=two_municipalities["a"])
    curator_assign(other, two_municipalities["a1"])
    theirs = visit(other, two_municipalities["a1"])
    client = api_as(users["curator"])
    assert client.delete(f"/api/v1/curator-visits/{theirs.pk}/").status_code == 400
    assert client.delete(f"/api/v1/curator-visits/{world['a']['visit'].pk}/").status_code == 204
    assert CuratorVisit.objects.filter(pk=theirs.pk).exists()


def _many(world, users, two_municipalities, n=25):
    a = two_municipalities["a"]
    from tests.factories import course, curator_assign, diagnostic, pair, visit

    for i in range(n):
        school = SchoolFactory(municipality=a)
        SchoolStatusFactory(school=school, year=2023)
        curator_assign(users["curator"], school)
        teacher = TeacherFactory(school=school)
        mentee = TeacherFactory(school=school)
        course(teacher), diagnostic(teacher), pair(teacher, mentee)
        visit(users["curator"], school)
        partnership(school, world["a3"])
        event = EventFactory(host_school=school, date=datetime.date(2023, 1 + i % 12, 1))
        for s in (school, world["a3"], two_municipalities["a1"]):
            attend(event, s)
        from tests.factories import material

        material(event, event.date)
        from mentoring.models import IndividualPlan, IndividualPlanItem

        plan = IndividualPlan.objects.create(teacher=teacher, year=2024)
        IndividualPlanItem.objects.create(plan=plan, title="Пункт")


LISTS = [
    "curator-assignments",
    "curator-visits",
    "partnerships",
    "events",
    "teachers",
    "teachers/summary",
    "pd-courses",
    "diagnostics",
    "individual-plans",
    "mentoring-pairs",
]


@pytest.mark.parametrize("prefix", LISTS)
def test_list_endpoint_query_count_is_constant(world, users, api_as, two_municipalities, query_budget, prefix):
    _many(world, users, two_municipalities)
    client = api_as(users["methodologist"])
    with query_budget(f"mentoring.api.{prefix}"):
        response = client.get(f"/api/v1/{prefix}/?page_size=100")
    assert response.status_code == 200 and response.json()["count"] >= 25


def test_schema_lists_the_contract_endpoints(db, client):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", stdout=out)
    for path in ("/api/v1/partnerships/", "/api/v1/curator-visits/", "/api/v1/events/", "/api/v1/teachers/summary/"):
        assert path in out.getvalue()
