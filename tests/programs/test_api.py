"""The programs endpoints (contract §3): fields, writes by capability, filters, scope, exports, query counts."""

import datetime

import pytest
from rest_framework.test import APIClient

from core.api import NOT_FOUND
from core.exports import read_back
from programs.models import Program
from tests.support.programs import item_make, program_make

pytestmark = pytest.mark.django_db
BODY = {
    "code": "new-prog",
    "title": "Эффективная школа",
    "municipality": "A01",
    "period": {"start": "2023-01-01", "end": "2024-12-31"},
    "goal": "Помощь ШНОР",
    "order": {"number": "119", "date": "2023-03-13"},
    "tasks": ["Первая", "Вторая"],
    "tracks": [{"number": 1, "title": "ШНОР"}],
    "schools": [{"school": "A-1", "year": 2023, "track": 1}],
}


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(users):
    return _client(users["methodologist"])


def test_program_fields_follow_contract(api, program_a):
    body = api.get("/api/v1/programs/prog-a/").json()
    assert {
        "code",
        "title",
        "municipality",
        "order",
        "period",
        "goal",
        "tasks",
        "tracks",
        "schools",
        "completion",
    } <= set(body) and body["period"] == {"start": "2023-01-01", "end": "2024-12-31"}


def test_program_completion_in_api(api, program_a):
    item_make(program_a, status="done")
    item_make(program_a, status="planned")
    assert api.get("/api/v1/programs/prog-a/").json()["completion"]["percent"] == 50.0


def test_program_filter_by_year(api, program_a, two_municipalities):
    program_make(two_municipalities["a"], "old", start=datetime.date(2020, 1, 1), end=datetime.date(2021, 12, 31))
    codes = [p["code"] for p in api.get("/api/v1/programs/?year=2021").json()["results"]]
    assert codes == ["old"]


def test_post_program_201_for_methodologist(api, two_municipalities):
    response = api.post("/api/v1/programs/", BODY, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["schools"] == [{"school": "A-1", "year": 2023, "track": 1}]


def test_post_program_403_for_school_admin(users, two_municipalities):
    assert _client(users["school_admin"]).post("/api/v1/programs/", BODY, format="json").status_code == 403


def test_post_program_201_for_head(users, two_municipalities):
    assert _client(users["head"]).post("/api/v1/programs/", BODY, format="json").status_code == 201


def test_post_program_refused_for_other_municipality(api, two_municipalities):
    """Another municipality's code reads exactly as a code that does not exist: the answer tells nothing."""
    other = api.post("/api/v1/programs/", {**BODY, "municipality": "B01", "schools": []}, format="json")
    missing = api.post("/api/v1/programs/", {**BODY, "municipality": "ZZ99", "schools": []}, format="json")
    assert (other.status_code, missing.status_code, Program.objects.count()) == (400, 400, 0)
    assert other.json() == {
        "municipality": ["Муниципалитет с кодом «B01» не найден в вашей зоне доступа."],
        "detail": "Муниципалитет с кодом «B01» не найден в вашей зоне доступа.",
        "code": "invalid",
        "errors": [{"field": "municipality", "message": "Муниципалитет с кодом «B01» не найден в вашей зоне доступа."}],
    }
    assert missing.json() == {
        "municipality": ["Муниципалитет с кодом «ZZ99» не найден в вашей зоне доступа."],
        "detail": "Муниципалитет с кодом «ZZ99» не найден в вашей зоне доступа.",
        "code": "invalid",
        "errors": [
            {"field": "municipality", "message": "Муниципалитет с кодом «ZZ99» не найден в вашей зоне доступа."}
        ],
    }


def test_post_program_period_order_checked(api, two_municipalities):
    body = {**BODY, "period": {"start": "2024-01-01", "end": "2023-01-01"}}
    assert "period" in api.post("/api/v1/programs/", body, format="json").json()


def test_patch_program(api, program_a):
    response = api.patch("/api/v1/programs/prog-a/", {"goal": "Новая цель"}, format="json")
    assert response.status_code == 200 and Program.objects.get().goal == "Новая цель"


def test_patch_other_municipality_program_404(api, program_b):
    assert api.patch("/api/v1/programs/prog-b/", {"goal": "x"}, format="json").status_code == 404


def test_program_of_other_municipality_404(api, program_b):
    """In Russian, and the same as for a programme that does not exist."""
    other, missing = api.get("/api/v1/programs/prog-b/"), api.get("/api/v1/programs/no-such-programme/")
    assert (other.status_code, missing.status_code) == (404, 404)
    assert (
        other.json()
        == missing.json()
        == {"detail": NOT_FOUND, "code": "not_found", "errors": [{"field": None, "message": NOT_FOUND}]}
    )


def test_program_list_excludes_other_municipality(api, program_a, program_b):
    assert [p["code"] for p in api.get("/api/v1/programs/").json()["results"]] == ["prog-a"]


def test_activities_of_other_municipality_404(api, item_b):
    assert api.get("/api/v1/programs/prog-b/activities/").status_code == 404


def test_activity_detail_of_other_municipality_404(api, item_b):
    assert api.get(f"/api/v1/programs/prog-b/activities/{item_b.pk}/").status_code == 404


def test_activity_fields_follow_contract(api, program_a):
    item_make(
        program_a, end=datetime.date(2023, 4, 5), start=None, deadline_text="До 05 апреля 2023 г.", target_value=7
    )
    row = api.get("/api/v1/programs/prog-a/activities/").json()["results"][0]
    assert row["deadline"] == {
        "text": "До 05 апреля 2023 г.",
        "kind": "date",
        "start": None,
        "end": "2023-04-05",
        "months": [],
        "due_date": "2023-04-05",
        "occurrences": ["2023-04-05"],
        "set_manually": False,
    }
    assert {
        "number",
        "block",
        "title",
        "responsible",
        "expected_result",
        "target_value",
        "status",
        "fact",
        "overdue",
    } <= set(row) and row["overdue"] is True


def test_activities_filter_overdue(api, program_a):
    item_make(program_a, end=datetime.date(2023, 1, 1))
    item_make(program_a, end=datetime.date(2999, 1, 1))
    rows = api.get("/api/v1/programs/prog-a/activities/?overdue=true").json()["results"]
    assert [r["deadline"]["end"] for r in rows] == ["2023-01-01"]


def test_activities_filter_status_overdue(api, program_a):
    item_make(program_a, end=datetime.date(2023, 1, 1))
    item_make(program_a, end=datetime.date(2023, 1, 1), status="done")
    assert api.get("/api/v1/programs/prog-a/activities/?status=overdue").json()["count"] == 1


def test_activities_filter_status(api, program_a):
    item_make(program_a, status="done")
    item_make(program_a)
    assert api.get("/api/v1/programs/prog-a/activities/?status=done").json()["count"] == 1


def test_activities_filter_school(api, program_a, two_municipalities):
    item_make(program_a)
    item_make(program_a, school=two_municipalities["a1"])
    assert api.get("/api/v1/programs/prog-a/activities/?school=A-1").json()["count"] == 1


def test_school_admin_sees_no_plan_of_another_school(users, program_a, two_municipalities):
    from tests.factories import SchoolFactory

    other = SchoolFactory(municipality=two_municipalities["a"], code="A-9")
    item_make(program_a, school=other)
    client = _client(users["school_admin"])
    assert client.get("/api/v1/programs/prog-a/activities/?school=A-9").json()["count"] == 0


def test_patch_activity_status_and_fact(api, program_a):
    item = item_make(program_a)
    response = api.patch(
        f"/api/v1/programs/prog-a/activities/{item.pk}/",
        {"status": "done", "fact": {"text": "Проведено", "value": 12}},
        format="json",
    )
    item.refresh_from_db()
    assert response.status_code == 200 and (item.status, item.fact_text, item.fact_value) == ("done", "Проведено", 12)


def test_patch_activity_403_for_school_admin(users, program_a):
    item = item_make(program_a)
    response = _client(users["school_admin"]).patch(
        f"/api/v1/programs/prog-a/activities/{item.pk}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 403


def test_activities_query_count_constant_with_66_items(api, program_a, query_budget):
    from programs.models import ProgramTrack

    track = ProgramTrack.objects.create(program=program_a, number=1, title="ШНОР")
    for n in range(66):
        item_make(program_a, end=datetime.date(2023, 1 + n % 12, 1), track=track)
    with query_budget("programs.api.activities"):
        assert api.get("/api/v1/programs/prog-a/activities/?page_size=100").json()["count"] == 66


def test_program_list_query_count_constant(api, two_municipalities, query_budget):
    for n in range(10):
        program = program_make(two_municipalities["a"], f"p{n}")
        item_make(program)
    with query_budget("programs.api.list"):
        assert api.get("/api/v1/programs/").json()["count"] == 10


def test_activities_export_xlsx_russian_headers(api, program_a):
    item_make(program_a, deadline_text="=до 1 мая")
    rows = read_back(api.get("/api/v1/programs/prog-a/activities/?format=xlsx").content, "xlsx")
    assert rows[0][:5] == ["№", "Раздел", "Подраздел", "Мероприятие", "Сроки"] and rows[1][4] == "'=до 1 мая"


def test_programs_export_xlsx(api, program_a):
    rows = read_back(api.get("/api/v1/programs/?format=xlsx").content, "xlsx")
    assert rows[0][:2] == ["Код", "Название"] and rows[1][0] == "prog-a"
