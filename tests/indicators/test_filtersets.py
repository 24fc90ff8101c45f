"""IndicatorFilterSet and IndicatorValueFilterSet on the API: narrowing, scope, Russian 400s, the schema."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.filtersets import YEAR_INVALID
from programs.indicators.models import Indicator, IndicatorValue
from tests.support.programs import program_make

pytestmark = pytest.mark.django_db
VALUES = "/api/v1/indicator-values/"


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["head"])
    return client


@pytest.fixture
def values(two_municipalities):
    """Programmes of A (two) and B, one indicator each; values of 2023 and 2024, A's also per school A-1."""
    w = two_municipalities
    made = {}
    for code, municipality in (("prog-a", w["a"]), ("prog-a2", w["a"]), ("prog-b", w["b"])):
        program = program_make(municipality, code, start=datetime.date(2023, 1, 1))
        made[code] = Indicator.objects.create(
            program=program, code=f"ind-{code}", name=f"Показатель {code}", method=Indicator.Method.MANUAL
        )
    now = timezone.now()
    for indicator in made.values():
        for year in (2023, 2024):
            IndicatorValue.objects.create(indicator=indicator, year=year, computed_at=now)
    IndicatorValue.objects.create(indicator=made["prog-a"], year=2024, school=w["a1"], computed_at=now)
    IndicatorValue.objects.create(indicator=made["prog-b"], year=2024, school=w["b1"], computed_at=now)
    return made


def _rows(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return [(r["indicator"], r["year"], r["school"]) for r in response.json()["results"]]


def test_indicators_narrow_by_program_and_municipality(api, values):
    codes = [i["code"] for i in api.get("/api/v1/indicators/?program=prog-a2").json()["results"]]
    assert codes == ["ind-prog-a2"]
    assert api.get("/api/v1/indicators/?municipality=B01").json()["results"] == []  # outside scope: nothing


def test_values_of_an_indicator_in_a_year(api, values):
    rows = _rows(api, VALUES + "?indicator=ind-prog-a&year=2024")  # NULLs sort first or last by database
    assert sorted(rows, key=str) == [("ind-prog-a", 2024, "A-1"), ("ind-prog-a", 2024, None)]


def test_values_scope_municipality_and_school(api, values):
    assert _rows(api, VALUES + "?program=prog-a&year=2024&scope=municipality") == [("ind-prog-a", 2024, None)]
    # A school asks for that school's values, whatever the scope says.
    assert _rows(api, VALUES + "?school=A-1&scope=municipality") == [("ind-prog-a", 2024, "A-1")]


def test_values_of_a_school_outside_scope_are_empty(api, values):
    assert _rows(api, VALUES + "?school=B-1") == []


@pytest.mark.parametrize("year", ["abc", "1999", "99999"])
def test_values_bad_year_is_400_in_russian(api, values, year):
    body = api.get(VALUES + f"?year={year}").json()
    assert (body["code"], body["errors"]) == ("invalid", [{"field": "year", "message": YEAR_INVALID}])


def test_values_unknown_scope_is_400_in_russian(api, values):
    response = api.get(VALUES + "?scope=region")
    assert response.status_code == 400 and "Выберите" in response.json()["scope"][0]


def test_schema_lists_the_filter_parameters(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]

    def params(path):
        return {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"] if p["in"] == "query"}

    assert {"program", "municipality"} <= set(params("/api/v1/indicators/"))  # contract §3
    values = params(VALUES)
    assert {"indicator", "year", "municipality", "school", "program", "scope"} <= set(values)
    assert values["year"]["type"] == "integer" and values["scope"]["enum"] == ["municipality"]
    # One indicator is still picked among same-coded ones by program and municipality.
    assert {"program", "municipality"} <= set(params("/api/v1/indicators/{code}/"))
