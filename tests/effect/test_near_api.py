"""«В шаге от списка» through the API: /api/v1/risk-lists/{year}/ `near` and /api/v1/schools/{code}/ `distance`, at
the threshold's boundaries (exactly 30 %, one pupil either way), in the caller's scope."""

import pytest
from rest_framework.test import APIClient

from tests.factories import SchoolFactory
from tests.support.risk import result

pytestmark = pytest.mark.django_db
Y = 2024  # the results' year: they feed the list of 2025 (with 2023)


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def boundary(two_municipalities):
    """Four schools of A, each with one low VPR in Y − 1 (3 of 10) and in Y:

    - joins: 2 of 10 (20 %) — one pupil more with «2» makes it low, and criterion B lists it;
    - at30: exactly 3 of 10 (30 %) — low, listed by B; one pupil fewer takes it off;
    - far: 4 of 10 — listed; two pupils fewer to leave: still one procedure, one step;
    - clear: 1 of 10 and nothing low the year before — two pupils to become low, and one low procedure lists
      nothing by itself... except with the year before: it has none, so it is not near.
    """
    a = two_municipalities["a"]
    schools = {name: SchoolFactory(code=f"N-{name}", municipality=a) for name in ("joins", "at30", "far", "clear")}
    for name, now in (("joins", 2), ("at30", 3), ("far", 4)):
        result(schools[name], Y - 1, m2=3)
        result(schools[name], Y, m2=now)
    result(schools["clear"], Y, m2=1)
    return schools


def near_of(user, year=Y):
    body = client_for(user).get(f"/api/v1/risk-lists/{year}/?municipality=A01").json()
    return {n["school"]: n for n in body["near"]}


def test_one_pupil_more_lists_a_school_at_20_percent(boundary, users):
    assert near_of(users["head"])["N-joins"] == {
        "school": "N-joins",
        "direction": "in",
        "procedure": "VPR",
        "subject": "russian",
        "grade": 5,
        "share_2": 20.0,
        "threshold": 30,
        "pupils_to_flip": 1,
    }


def test_exactly_30_percent_is_on_the_list_and_one_pupil_fewer_takes_it_off(boundary, users):
    item = near_of(users["head"])["N-at30"]
    assert (item["direction"], item["share_2"], item["pupils_to_flip"]) == ("out", 30.0, 1)


def test_two_pupils_above_the_threshold_need_two_fewer(boundary, users):
    item = near_of(users["head"])["N-far"]
    assert (item["direction"], item["share_2"], item["pupils_to_flip"]) == ("out", 40.0, 2)


def test_a_school_one_procedure_cannot_list_is_not_near(boundary, users):
    assert "N-clear" not in near_of(users["head"])


def test_near_keeps_to_the_callers_scope(boundary, users):
    response = client_for(users["head_b"]).get(f"/api/v1/risk-lists/{Y}/?municipality=A01")
    assert response.status_code == 404  # B's head asks for A: the municipality is outside the scope
    body = client_for(users["head_b"]).get(f"/api/v1/risk-lists/{Y}/").json()
    assert body["near"] == []


def test_school_detail_gives_the_distance_at_30_percent(boundary, users):
    body = client_for(users["head"]).get("/api/v1/schools/N-at30/").json()
    assert body["distance"] == {
        "year": Y,
        "list_year": Y + 1,
        "listed": True,
        "direction": "out",
        "pupils_to_list": None,
        "pupils_to_leave": 1,
        "procedures": [
            {
                "procedure": "VPR",
                "subject": "russian",
                "grade": 5,
                "participants": 10,
                "share_2": 30.0,
                "threshold": 30,
                "low": True,
                "pupils_to_flip": 1,
            }
        ],
    }


def test_school_detail_one_pupil_below_the_threshold(boundary, users):
    distance = client_for(users["head"]).get("/api/v1/schools/N-joins/").json()["distance"]
    assert (distance["listed"], distance["direction"], distance["pupils_to_list"]) == (False, "in", 1)


def test_school_without_the_rules_results_has_no_distance(two_municipalities, users):
    assert client_for(users["head"]).get("/api/v1/schools/A-1/").json()["distance"] is None


def test_school_list_stays_without_the_detail_fields(boundary, users):
    rows = client_for(users["head"]).get("/api/v1/schools/").json()["results"]
    assert not {"distance", "context_group"} & set(rows[0])


@pytest.mark.parametrize("role", ["admin", "regional", "head", "methodologist", "api_client"])
def test_every_municipal_role_sees_the_near_schools(boundary, users, role):
    assert set(near_of(users[role])) == {"N-joins", "N-at30", "N-far"}


@pytest.mark.parametrize("role", ["curator", "school_admin"])
def test_school_bound_roles_see_only_their_schools_near(boundary, users, role):
    assert near_of(users[role]) == {}  # their school A-1 has no results; N-* are not theirs


@pytest.mark.parametrize("role", ["curator", "school_admin", "head_b"])
def test_a_school_outside_the_scope_is_404_with_its_distance(boundary, users, role):
    assert client_for(users[role]).get("/api/v1/schools/N-at30/").status_code == 404
