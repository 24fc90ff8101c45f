"""ProgramFilterSet, ActivityFilterSet and DocumentFilterSet on the API and the pages: narrowing, scope, Russian 400s
and form errors, the schema's parameters."""

import datetime

import pytest
from rest_framework.test import APIClient

from core.filtersets import YEAR_INVALID
from tests.support.programs import item_make, program_make

pytestmark = pytest.mark.django_db
ACTIVITIES = "/api/v1/programs/prog-a/activities/"


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["methodologist"])
    return client


def _get(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_programs_filter_by_municipality_and_year(api, program_a, program_b, two_municipalities):
    program_make(two_municipalities["a"], "old", start=datetime.date(2020, 1, 1), end=datetime.date(2021, 12, 31))
    assert sorted(p["code"] for p in _get(api, "/api/v1/programs/?municipality=A01")) == ["old", "prog-a"]
    assert [p["code"] for p in _get(api, "/api/v1/programs/?municipality=A01&year=2024")] == ["prog-a"]


def test_programs_of_a_municipality_outside_scope_are_empty(api, program_a, program_b):
    assert _get(api, "/api/v1/programs/?municipality=B01") == []


@pytest.mark.parametrize("year", ["abc", "99999", "1999"])
def test_programs_bad_year_is_400_in_russian(api, program_a, year):
    response = api.get(f"/api/v1/programs/?year={year}")
    body = response.json()
    assert (response.status_code, body["year"], body["errors"]) == (
        400,
        [YEAR_INVALID],
        [{"field": "year", "message": YEAR_INVALID}],
    )


def test_activities_municipal_plan_by_default_and_a_schools_plan_by_code(api, program_a, two_municipalities):
    item_make(program_a, title="Муниципальное")
    item_make(program_a, title="Школьное", school=two_municipalities["a1"])
    assert [r["title"] for r in _get(api, ACTIVITIES)] == ["Муниципальное"]
    assert [r["title"] for r in _get(api, ACTIVITIES + "?school=A-1")] == ["Школьное"]


def test_activities_of_a_school_outside_scope_are_empty(program_a, users, two_municipalities):
    item_make(program_a, title="Школьное", school=two_municipalities["a1"])
    client = APIClient()
    client.force_authenticate(users["head"])
    assert _get(client, ACTIVITIES + "?school=B-1") == []


def test_activities_filter_status_and_overdue(api, program_a):
    item_make(program_a, end=datetime.date(2023, 1, 1), title="Просрочено")
    item_make(program_a, end=datetime.date(2999, 1, 1), title="Впереди")
    item_make(program_a, end=datetime.date(2023, 1, 1), status="done", title="Сделано")
    assert [r["title"] for r in _get(api, ACTIVITIES + "?status=done")] == ["Сделано"]
    assert [r["title"] for r in _get(api, ACTIVITIES + "?status=overdue")] == ["Просрочено"]
    assert [r["title"] for r in _get(api, ACTIVITIES + "?overdue=false")] == ["Впереди", "Сделано"]


def test_activities_unknown_status_is_400_in_russian(api, program_a):
    response = api.get(ACTIVITIES + "?status=lost")
    assert response.status_code == 400 and "Выберите" in response.json()["status"][0]


def test_schema_lists_the_filter_parameters(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    programs = {p["name"]: p for p in paths["/api/v1/programs/"]["get"]["parameters"]}
    assert {"municipality", "year"} <= set(programs) and programs["year"]["schema"]["type"] == "integer"
    activities = {p["name"]: p for p in paths["/api/v1/programs/{program_code}/activities/"]["get"]["parameters"]}
    assert {"program_code", "school", "status", "overdue"} <= set(activities)
    assert set(activities["status"]["schema"]["enum"]) == {"planned", "in_progress", "done", "overdue", "cancelled"}
    assert activities["overdue"]["schema"]["type"] == "boolean"


# --- the pages read the same FilterSets ------------------------------------------------------------------------


@pytest.fixture
def page(client, users):
    client.force_login(users["methodologist"])
    return client


def test_programs_page_narrows_by_year_and_shows_a_bad_year_in_russian(page, program_a, two_municipalities):
    program_make(two_municipalities["a"], "old", start=datetime.date(2020, 1, 1), end=datetime.date(2021, 12, 31))
    assert [r["program"].code for r in page.get("/programs/?year=2020").context["rows"]] == ["old"]
    response = page.get("/programs/?year=99999")
    assert response.context["form"].errors == {"year": [YEAR_INVALID]} and YEAR_INVALID in response.content.decode()


def test_plan_page_filters_by_status_and_keeps_the_schools_plan(page, program_a, two_municipalities):
    item_make(program_a, title="Муниципальное", status="done")
    item_make(program_a, title="Школьное сделано", school=two_municipalities["a1"], status="done")
    item_make(program_a, title="Школьное в плане", school=two_municipalities["a1"])
    blocks = page.get("/programs/prog-a/plan/?school=A-1&status=done").context["blocks"]
    assert [i.title for _, items in blocks for i in items] == ["Школьное сделано"]


def test_plan_page_unknown_status_is_the_forms_russian_error(page, program_a):
    item_make(program_a, title="Муниципальное")
    response = page.get("/programs/prog-a/plan/?status=lost")
    assert "Выберите" in response.context["form"].errors["status"][0]
    assert response.context["count"] == 1  # the bad value is dropped, the plan still shown


def test_documents_page_narrows_by_status_and_year(page, two_municipalities):
    from programs.models import SchoolDocument

    school = two_municipalities["a1"]
    SchoolDocument.objects.create(school=school, year=2023, kind="concept", title="Концепция 2023")
    SchoolDocument.objects.create(school=school, year=2024, kind="concept", title="Концепция 2024")
    assert [d.title for d in page.get("/programs/documents/?year=2024").context["documents"]] == ["Концепция 2024"]
    response = page.get("/programs/documents/?year=abc&status=lost")
    assert set(response.context["form"].errors) == {"year", "status"}
