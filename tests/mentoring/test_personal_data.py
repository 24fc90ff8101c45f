"""152-ФЗ: teachers' names only for their school, its curators and the municipality's methodologists."""

import pytest

from core.exports import read_back

pytestmark = pytest.mark.django_db

NAMED = ["school_admin", "curator", "methodologist", "admin"]
UNNAMED = ["head", "regional", "api_client"]
NAME = "Секретова A. Ю."


@pytest.mark.parametrize("role", NAMED)
def test_teacher_names_in_api_for_allowed_roles(world, users, api_as, role):
    rows = api_as(users[role]).get("/api/v1/teachers/?school=A-1").json()["results"]
    assert NAME in [r.get("full_name") for r in rows]


@pytest.mark.parametrize("role", UNNAMED)
def test_teacher_names_absent_from_api_for_other_roles(world, users, api_as, role):
    response = api_as(users[role]).get("/api/v1/teachers/?school=A-1")
    rows = response.json()["results"]
    assert rows and all("full_name" not in r for r in rows) and NAME not in response.content.decode()


@pytest.mark.parametrize("prefix", ["pd-courses", "diagnostics", "individual-plans", "mentoring-pairs"])
def test_teacher_records_carry_no_names_for_head(world, users, api_as, prefix):
    response = api_as(users["head"]).get(f"/api/v1/{prefix}/")
    assert response.json()["count"] == 1 and NAME not in response.content.decode()


@pytest.mark.parametrize("prefix", ["pd-courses", "mentoring-pairs"])
def test_teacher_records_carry_names_for_school_admin(world, users, api_as, prefix):
    assert NAME in api_as(users["school_admin"]).get(f"/api/v1/{prefix}/").content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_teacher_export_hides_names_for_head(world, users, api_as, fmt):
    rows = read_back(api_as(users["head"]).get(f"/api/v1/teachers/?format={fmt}").content, fmt)
    assert "ФИО" not in rows[0] and NAME not in str(rows) and len(rows) == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_teacher_export_has_names_for_methodologist(world, users, api_as, fmt):
    rows = read_back(api_as(users["methodologist"]).get(f"/api/v1/teachers/?format={fmt}").content, fmt)
    assert rows[0][3] == "ФИО" and NAME in [r[3] for r in rows]


def test_course_export_hides_names_for_head(world, users, api_as):
    rows = read_back(api_as(users["head"]).get("/api/v1/pd-courses/?format=xlsx").content, "xlsx")
    assert "Педагог" not in rows[0] and NAME not in str(rows)


def test_export_escapes_formulas(world, users, api_as):
    teacher = world["a"]["teacher"]
    teacher.subject = '=HYPERLINK("http://evil")'
    teacher.save()
    rows = read_back(api_as(users["school_admin"]).get("/api/v1/teachers/?format=csv").content, "csv")
    assert '\'=HYPERLINK("http://evil")' in [r[4] for r in rows]


@pytest.mark.parametrize("role", NAMED)
def test_teacher_page_shows_names_to_allowed_roles(world, users, client, role):
    client.force_login(users[role])
    assert NAME in client.get("/mentoring/teachers/").content.decode()


@pytest.mark.parametrize("role", ["head", "regional"])
def test_teacher_pages_hide_names_from_other_roles(world, users, client, role):
    client.force_login(users[role])
    teacher = world["a"]["teacher"]
    pages = [
        "/mentoring/teachers/",
        f"/mentoring/teachers/{teacher.pk}/",
        f"/mentoring/events/{world['a']['event'].pk}/",
    ]
    html = "".join(client.get(url).content.decode() for url in pages)
    assert NAME not in html and f"Педагог № {teacher.pk}" in html


def test_summary_gives_aggregates_to_head(world, users, api_as):
    row = api_as(users["head"]).get("/api/v1/teachers/summary/?year=2023").json()["results"][0]
    assert (row["school"], row["teachers_total"], row["young"], row["diagnosed"], row["trained"]) == ("A-1", 2, 1, 1, 1)


def test_summary_export_has_russian_headers(world, users, api_as):
    rows = read_back(api_as(users["head"]).get("/api/v1/teachers/summary/?format=xlsx").content, "xlsx")
    assert rows[0][:3] == ["Код ОО", "ОО", "Педагогов"]


def test_curator_sees_names_of_their_school(world, users, client):
    client.force_login(users["curator"])
    assert NAME in client.get(f"/mentoring/teachers/{world['a']['teacher'].pk}/").content.decode()
