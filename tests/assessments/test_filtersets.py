"""ResultFilterSet: the results list's filters on the API (and their schema)."""

import pytest
from rest_framework.test import APIClient

from assessments.services import results_import
from core.filtersets import YEAR_INVALID
from core.tables import table_read
from tests.support.results_files import row, xlsx

pytestmark = pytest.mark.django_db

URL = "/api/v1/results/"


@pytest.fixture
def results(two_municipalities):
    rows = [row(code=code, year=2025) for code in ("A-1", "A-2", "B-1")]
    rows += [row(code="A-1", year=2026, grade=g) for g in (5, 6)]
    assert results_import(table=table_read(xlsx(rows), filename="r.xlsx")).status == "imported"
    return two_municipalities


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["head"])
    return client


def _rows(api, query):
    response = api.get(URL + query)
    assert response.status_code == 200, response.content
    return [(r["school"], r["year"], r["grade"]) for r in response.json()["results"]]


def test_filters_narrow(api, results):
    everything = _rows(api, "")
    assert {r[0] for r in everything} == {"A-1", "A-2"}
    assert _rows(api, "?year=2026") == [("A-1", 2026, 5), ("A-1", 2026, 6)]
    assert _rows(api, "?school=A-1&year=2026&grade=6") == [("A-1", 2026, 6)]
    assert {r[0] for r in _rows(api, "?municipality=A01&year=2025")} == {"A-1", "A-2"}
    assert _rows(api, "?procedure=vpr&year=2026") == _rows(api, "?procedure=VPR&year=2026")


def test_out_of_scope_codes_are_empty(api, results):
    assert _rows(api, "?municipality=B01") == []
    assert _rows(api, "?school=B-1") == []


@pytest.mark.parametrize("year", ["abc", "1999", "2101"])
def test_bad_year_is_400_in_russian(api, results, year):
    response = api.get(URL + f"?year={year}")
    body = response.json()
    assert (response.status_code, body["year"], body["errors"]) == (
        400,
        [YEAR_INVALID],
        [{"field": "year", "message": YEAR_INVALID}],
    )


def test_bad_grade_is_400_in_russian(api, results):
    response = api.get(URL + "?grade=пятый")
    assert response.status_code == 400 and response.json()["errors"] == [
        {"field": "grade", "message": "Введите целое число."}
    ]


def test_schema_lists_the_filter_parameters(api):
    schema = api.get("/api/schema/?format=json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/results/"]["get"]["parameters"]}
    assert {"school", "municipality", "procedure", "subject", "grade", "year"} <= set(params)
    assert params["year"]["schema"]["type"] == "integer"
    assert params["grade"]["schema"]["type"] == "integer"


def test_results_page_reads_the_same_filters(client, users, results):
    client.force_login(users["head"])
    rows = client.get("/assessments/?school=A-1&year=2026&grade=6").context["page"].object_list
    assert [(r.school.code, r.year, r.grade) for r in rows] == [("A-1", 2026, 6)]


def test_results_page_shows_a_bad_year_as_the_forms_russian_error(client, users, results):
    client.force_login(users["head"])
    response = client.get("/assessments/?year=1999")
    assert response.context["form"].errors == {"year": [YEAR_INVALID]} and YEAR_INVALID in response.content.decode()


# --- the territories' figures: ResultSummaryFilterSet ----------------------------------------------------------

SUMMARY = "/api/v1/results-summary/"


def test_summary_narrows_by_year_and_grade(api, results):
    rows = api.get(SUMMARY + "?year=2026&grade=6").json()["results"]
    assert [(r["territory"], r["year"], r["grade"], r["participants"]) for r in rows] == [("A01", 2026, 6, 20)]


@pytest.mark.parametrize(("query", "field"), [("year=20x6", "year"), ("grade=six", "grade"), ("level=planet", "level")])
def test_summary_bad_value_is_400_in_russian(api, results, query, field):
    body = api.get(f"{SUMMARY}?{query}").json()
    assert body["code"] == "invalid" and [e["field"] for e in body["errors"]] == [field]


def test_summary_schema_lists_the_filter_parameters(api):
    schema = api.get("/api/schema/?format=json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"][SUMMARY]["get"]["parameters"]}
    assert {"level", "municipality", "procedure", "subject", "grade", "year"} <= set(params)
    assert params["level"]["enum"] == ["municipality", "region"] and params["year"]["type"] == "integer"
