"""Who records teachers, PD courses and deficit diagnostics, and where (schools.access CAPABILITIES «teachers.edit»
and each role's scope): methodologists for their municipality's schools, curators for their assigned schools,
school admins for their school, admins everywhere; heads, regional users and API clients read. Outside the scope a
school is refused (400) and a record does not exist (404)."""

import datetime

import pytest

from mentoring.models import DeficitDiagnostic, PDCourse, Teacher

WRITERS = ["admin", "methodologist", "curator", "school_admin"]
READERS = ["head", "regional", "api_client"]


def _teacher_body(school: str, name: str = "Новикова Е. С.") -> dict:
    return {"school": school, "full_name": name, "subject": "Химия", "experience_band": "gt20"}


def _course_body(teacher: Teacher) -> dict:
    return {"teacher": teacher.pk, "title": "ФГОС-2021", "hours": 36, "start": "2024-02-01", "end": "2024-02-20"}


def _diagnostic_body(teacher: Teacher) -> dict:
    return {"teacher": teacher.pk, "date": "2024-03-01", "instrument": "ФИОКО", "methodological": True}


# --- API -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", WRITERS)
def test_writers_record_teacher_course_and_diagnostic_of_their_school(world, users, api_as, role):
    client = api_as(users[role])
    response = client.post("/api/v1/teachers/", _teacher_body("A-1", f"Педагогова {role}"), format="json")
    assert response.status_code == 201, response.content
    teacher = Teacher.objects.get(pk=response.json()["id"])
    assert client.post("/api/v1/pd-courses/", _course_body(teacher), format="json").status_code == 201
    assert client.post("/api/v1/diagnostics/", _diagnostic_body(teacher), format="json").status_code == 201
    assert PDCourse.objects.filter(teacher=teacher).count() == 1
    assert DeficitDiagnostic.objects.filter(teacher=teacher).count() == 1
    patch = client.patch(f"/api/v1/teachers/{teacher.pk}/", {"subject": "Биология"}, format="json")
    assert patch.status_code == 200 and Teacher.objects.get(pk=teacher.pk).subject == "Биология"


@pytest.mark.parametrize("role", READERS)
def test_readers_may_not_record(world, users, api_as, role):
    client = api_as(users[role])
    teacher = world["a"]["teacher"]
    assert client.post("/api/v1/teachers/", _teacher_body("A-1"), format="json").status_code == 403
    assert client.post("/api/v1/pd-courses/", _course_body(teacher), format="json").status_code == 403
    assert client.post("/api/v1/diagnostics/", _diagnostic_body(teacher), format="json").status_code == 403
    assert client.patch(f"/api/v1/teachers/{teacher.pk}/", {"subject": "x"}, format="json").status_code == 403
    assert not Teacher.objects.filter(full_name="Новикова Е. С.").exists()


def test_head_reads_teachers_of_the_municipality(world, users, api_as):
    rows = api_as(users["head"]).get("/api/v1/teachers/").json()["results"]
    assert {r["school"] for r in rows} == {"A-1"} and all("full_name" not in r for r in rows)


def test_methodologist_records_for_any_school_of_the_municipality(world, users, api_as):
    client = api_as(users["methodologist"])
    response = client.post("/api/v1/teachers/", _teacher_body("A-3"), format="json")
    assert response.status_code == 201
    teacher = Teacher.objects.get(pk=response.json()["id"])
    assert client.post("/api/v1/diagnostics/", _diagnostic_body(teacher), format="json").status_code == 201


@pytest.mark.parametrize("role", ["curator", "school_admin"])
def test_school_bound_writers_are_refused_other_schools_of_the_municipality(world, users, api_as, role):
    client = api_as(users[role])
    response = client.post("/api/v1/teachers/", _teacher_body("A-3"), format="json")
    assert response.status_code == 400 and "не найден" in str(response.json()["school"])
    from tests.factories import TeacherFactory

    other = TeacherFactory(school=world["a3"])
    assert client.post("/api/v1/pd-courses/", _course_body(other), format="json").status_code == 400
    assert client.patch(f"/api/v1/teachers/{other.pk}/", {"subject": "x"}, format="json").status_code == 404


@pytest.mark.parametrize("role", ["methodologist", "curator", "school_admin"])
def test_writers_are_refused_another_municipality(world, users, api_as, role):
    client = api_as(users[role])
    teacher_b = world["b"]["teacher"]
    assert client.post("/api/v1/teachers/", _teacher_body("B-1"), format="json").status_code == 400
    response = client.post("/api/v1/diagnostics/", _diagnostic_body(teacher_b), format="json")
    assert response.status_code == 400 and "не найден в вашей зоне доступа" in str(response.json())
    assert client.patch(f"/api/v1/teachers/{teacher_b.pk}/", {"subject": "x"}, format="json").status_code == 404
    assert client.get(f"/api/v1/diagnostics/{world['b']['diagnostic'].pk}/").status_code == 404


def test_curator_loses_the_school_when_the_assignment_ends(world, users, api_as):
    assignment = world["a"]["assignment"]
    assignment.end = datetime.date(2021, 1, 1)
    assignment.save()
    assert api_as(users["curator"]).post("/api/v1/teachers/", _teacher_body("A-1"), format="json").status_code == 400


# --- pages -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", WRITERS)
def test_writers_use_the_pages(world, users, client, role):
    client.force_login(users[role])
    teacher = world["a"]["teacher"]
    for url in ("/mentoring/teachers/new/", "/mentoring/courses/new/", "/mentoring/diagnostics/new/"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/mentoring/teachers/{teacher.pk}/edit/").status_code == 200
    school = world["a"]["teacher"].school
    body = {
        "school": school.pk,
        "full_name": "Страницева А. А.",
        "subject": "Физика",
        "category": "first",
        "experience_band": "lt3",
        "age_band": "lt35",
        "education": "higher_ped",
        "employed_from": "2024-09-01",
        "is_active": "on",
    }
    response = client.post("/mentoring/teachers/new/", body)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Teacher.objects.get(full_name="Страницева А. А.")
    assert (created.age_band, created.education, created.employed_from) == (
        "lt35",
        "higher_ped",
        datetime.date(2024, 9, 1),
    )
    diag = {"teacher": created.pk, "date": "2024-10-01", "instrument": "ФИОКО", "subject": "on"}
    assert client.post("/mentoring/diagnostics/new/", diag).status_code == 302
    course = {"teacher": created.pk, "title": "КПК", "hours": 72, "form": "distance", "start": "2024-10-01"}
    assert client.post("/mentoring/courses/new/", course).status_code == 302
    assert created.diagnostics.count() == 1 and created.courses.count() == 1


@pytest.mark.parametrize("role", [*READERS, "head_b"])
def test_readers_get_403_on_the_forms(world, users, client, role):
    client.force_login(users[role])
    for url in ("/mentoring/teachers/new/", "/mentoring/courses/new/", "/mentoring/diagnostics/new/"):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["head", "regional", "methodologist", "curator", "school_admin"])
def test_readers_and_writers_open_the_teachers_page(world, users, client, role):
    client.force_login(users[role])
    assert client.get("/mentoring/teachers/").status_code == 200


@pytest.mark.parametrize("role", ["methodologist", "curator", "school_admin"])
def test_records_outside_scope_are_404_on_the_pages(world, users, client, role):
    client.force_login(users[role])
    b = world["b"]
    assert client.get(f"/mentoring/teachers/{b['teacher'].pk}/edit/").status_code == 404
    assert client.get(f"/mentoring/courses/{b['course'].pk}/").status_code == 404
    assert client.get(f"/mentoring/diagnostics/{b['diagnostic'].pk}/").status_code == 404


def test_curator_form_offers_only_assigned_schools(world, users, client):
    client.force_login(users["curator"])
    html = client.get("/mentoring/teachers/new/").content.decode()
    assert world["a"]["teacher"].school.display_name in html and world["a3"].display_name not in html
