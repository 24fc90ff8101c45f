"""The support network's FilterSets on the API and the pages: narrowing, either-side matches, scope before the
filters, Russian 400s and form errors, the schema's parameters."""

import datetime

import pytest

from core.filtersets import YEAR_INVALID
from mentoring.models import Teacher
from tests.factories import EventFactory, TeacherFactory, visit

pytestmark = pytest.mark.django_db

LISTS_WITH_YEAR = [
    "curator-visits",
    "partnerships",
    "events",
    "pd-courses",
    "diagnostics",
    "individual-plans",
    "mentoring-pairs",
    "teachers/summary",
]
INTEGER_MESSAGE = "Введите целое число."


def _rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("prefix", LISTS_WITH_YEAR)
def test_bad_year_is_400_in_the_one_error_shape(world, users, api_as, prefix):
    body = api_as(users["head"]).get(f"/api/v1/{prefix}/?year=20x4").json()
    assert (body["code"], body["errors"]) == ("invalid", [{"field": "year", "message": YEAR_INVALID}])


@pytest.mark.parametrize("prefix", ["pd-courses", "diagnostics", "individual-plans", "mentoring-pairs"])
def test_teacher_that_is_not_a_number_is_400_in_russian(world, users, api_as, prefix):
    response = api_as(users["head"]).get(f"/api/v1/{prefix}/?teacher=abc")
    assert (response.status_code, response.json()["teacher"]) == (400, [INTEGER_MESSAGE])


def test_visits_narrow_by_school_and_year(world, users, api_as):
    visit(users["curator"], world["a3"], date=datetime.date(2024, 9, 9))
    client = api_as(users["head"])
    assert [r["date"] for r in _rows(client, "/api/v1/curator-visits/?school=A-3")] == ["2024-09-09"]
    assert [r["school"] for r in _rows(client, "/api/v1/curator-visits/?year=2023")] == ["A-1"]


def test_municipality_outside_scope_is_an_empty_list(world, users, api_as):
    assert _rows(api_as(users["head"]), "/api/v1/curator-visits/?municipality=B01") == []


def test_partnership_school_matches_either_side(world, users, api_as):
    rows = _rows(api_as(users["head"]), "/api/v1/partnerships/?school=A-3")
    assert [(r["school"], r["partner"]) for r in rows] == [("A-1", "A-3")]


def test_partnership_detail_is_found_whatever_the_query_says(world, users, api_as):
    pk = world["a"]["partnership"].pk
    response = api_as(users["head"]).get(f"/api/v1/partnerships/{pk}/?year=abc&school=B-1")
    assert (response.status_code, response.json()["id"]) == (200, pk)


def test_events_narrow_by_kind_and_an_unknown_kind_is_400(world, users, api_as, two_municipalities):
    EventFactory(host_school=two_municipalities["a1"], kind="rmo", title="РМО")
    client = api_as(users["head"])
    assert [r["title"] for r in _rows(client, "/api/v1/events/?kind=rmo")] == ["РМО"]
    response = client.get("/api/v1/events/?kind=party")
    assert response.status_code == 400 and "Выберите" in response.json()["kind"][0]


def test_teachers_active_false_lists_those_who_left(world, users, api_as, two_municipalities):
    left = TeacherFactory(school=two_municipalities["a1"], is_active=False)
    rows = _rows(api_as(users["head"]), "/api/v1/teachers/?active=false")
    assert [r["id"] for r in rows] == [left.pk]


def test_pairs_teacher_matches_mentor_or_mentee(world, users, api_as):
    client = api_as(users["head"])
    mentee = world["a"]["mentee"].pk
    assert [r["id"] for r in _rows(client, f"/api/v1/mentoring-pairs/?teacher={mentee}")] == [world["a"]["pair"].pk]


def test_courses_of_a_teacher_in_a_year(world, users, api_as):
    client = api_as(users["head"])
    teacher = world["a"]["teacher"].pk
    assert len(_rows(client, f"/api/v1/pd-courses/?teacher={teacher}&year=2023")) == 1
    assert _rows(client, f"/api/v1/pd-courses/?teacher={teacher}&year=2020") == []


def test_summary_narrows_to_a_school(world, users, api_as, two_municipalities):
    TeacherFactory(school=world["a3"])
    rows = _rows(api_as(users["head"]), "/api/v1/teachers/summary/?school=A-3&year=2023")
    assert [(r["school"], r["teachers_total"]) for r in rows] == [("A-3", 1)]


def test_schema_lists_each_lists_parameters(users, api_as):
    paths = api_as(users["head"]).get("/api/schema/?format=json").json()["paths"]

    def params(path):
        return {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"] if p["in"] == "query"}

    for path in ("/api/v1/partnerships/", "/api/v1/curator-visits/", "/api/v1/events/"):
        assert {"municipality", "school", "year"} <= set(params(path)), path  # contract §3
        assert params(path)["year"]["type"] == "integer"
    # The kinds are reference data (EventKind): the schema names a code, the list is the table's.
    assert params("/api/v1/events/")["kind"]["type"] == "string" and "enum" not in params("/api/v1/events/")["kind"]
    assert params("/api/v1/teachers/")["active"]["type"] == "boolean"
    assert {"municipality", "school", "year"} <= set(params("/api/v1/teachers/summary/"))
    assert params("/api/v1/mentoring-pairs/")["teacher"]["type"] == "integer"


def test_schema_describes_typed_filters_by_their_help_text(users, api_as):
    operation = api_as(users["head"]).get("/api/schema/?format=json").json()["paths"]["/api/v1/curator-visits/"]["get"]
    year = next(p for p in operation["parameters"] if p["name"] == "year")
    assert (year["schema"]["type"], year["description"]) == ("integer", "год визита")


def test_visits_page_shows_the_year_error_in_russian(world, users, client):
    client.force_login(users["head"])
    response = client.get("/mentoring/visits/?year=abc")
    assert response.status_code == 200 and YEAR_INVALID in response.content.decode()


def test_events_page_narrows_by_kind_through_the_filterset(world, users, client, two_municipalities):
    EventFactory(host_school=two_municipalities["a1"], kind="rmo", title="РМО учителей")
    client.force_login(users["head"])
    rows = client.get("/mentoring/events/?kind=rmo").context["rows"]
    assert [e.title for e in rows] == ["РМО учителей"]


def test_teachers_page_lists_the_chosen_schools_working_teachers(world, users, client):
    TeacherFactory(school=world["a3"], full_name="Новикова А. А.")
    TeacherFactory(school=world["a3"], is_active=False)
    client.force_login(users["head"])
    page = client.get("/mentoring/teachers/?school=A-3").context["page"]
    assert [t.full_name for t in page.object_list] == ["Новикова А. А."]
    assert Teacher.objects.filter(school=world["a3"]).count() == 2


def test_partnerships_page_keeps_those_active_in_the_year(world, users, client):
    client.force_login(users["head"])
    page = client.get("/mentoring/partnerships/?year=2022").context["page"]
    assert list(page.object_list) == []
    assert [p.pk for p in client.get("/mentoring/partnerships/?year=2023").context["page"].object_list] == [
        world["a"]["partnership"].pk
    ]
