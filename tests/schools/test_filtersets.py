"""SchoolFilterSet: the schools list's filters on the API (and their schema)."""

import pytest
from rest_framework.test import APIClient

from core.filtersets import YEAR_INVALID
from tests.factories import SchoolStatusFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/schools/"


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["head"])
    return client


def _codes(api, query):
    response = api.get(URL + query)
    assert response.status_code == 200, response.content
    return [s["code"] for s in response.json()["results"]]


def test_municipality_and_q_narrow(api, users, two_municipalities):
    assert _codes(api, "") == ["A-1", "A-2"]
    assert _codes(api, "?municipality=A01&q=Филиал") == ["A-2"]


def test_municipality_outside_scope_is_an_empty_list(api, two_municipalities):
    assert _codes(api, "?municipality=B01") == []


def test_status_of_a_year_and_statuses_as_of_that_year(api, two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2021)
    SchoolStatusFactory(school=two_municipalities["a2"], year=2023)
    assert _codes(api, "?status=shnor&year=2021") == ["A-1"]
    assert _codes(api, "?status=shnor") == ["A-1", "A-2"]
    # With a year, a school shows no later list.
    body = api.get(URL + "?year=2022").json()["results"]
    assert {s["code"]: [st["year"] for st in s["statuses"]] for s in body} == {"A-1": [2021], "A-2": []}


@pytest.mark.parametrize("year", ["abc", "1999", "20x1", "2101"])
def test_bad_year_is_400_in_russian(api, two_municipalities, year):
    response = api.get(URL + f"?year={year}")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "year", "message": YEAR_INVALID}]


def test_unknown_status_is_400_in_russian(api, two_municipalities):
    response = api.get(URL + "?status=best")
    assert response.status_code == 400
    assert "status" in response.json() and "Выберите" in response.json()["status"][0]


def test_schema_lists_the_filter_parameters(api):
    schema = api.get("/api/schema/?format=json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/schools/"]["get"]["parameters"]}
    assert {"municipality", "status", "year", "q"} <= set(params)
    assert params["year"]["schema"]["type"] == "integer"
    # The kinds are reference data (admins add kinds): the parameter is a code, its description names the defaults.
    assert params["status"]["schema"]["type"] == "string"
    assert "shnor" in params["status"]["description"] and "post_project" in params["status"]["description"]


def test_schools_page_reads_the_same_filters(client, users, two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2021)
    client.force_login(users["head"])
    page = client.get("/schools/?status=shnor&year=2021").context["page"]
    assert [s.code for s in page.object_list] == ["A-1"]


def test_schools_page_shows_a_bad_year_as_the_forms_russian_error(client, users, two_municipalities):
    client.force_login(users["head"])
    response = client.get("/schools/?year=abc")
    assert response.context["form"].errors == {"year": [YEAR_INVALID]} and YEAR_INVALID in response.content.decode()
