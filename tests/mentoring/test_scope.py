"""Scope: whatever is outside the user's scope does not exist, on every endpoint detail and page."""

import pytest

from mentoring.selectors.common import names_visible
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("curator-assignments", "assignment"),
    ("curator-visits", "visit"),
    ("partnerships", "partnership"),
    ("events", "event"),
    ("teachers", "teacher"),
    ("pd-courses", "course"),
    ("diagnostics", "diagnostic"),
    ("individual-plans", "plan"),
    ("mentoring-pairs", "pair"),
]
PAGES = [
    ("/mentoring/partnerships/{}/", "partnership"),
    ("/mentoring/events/{}/", "event"),
    ("/mentoring/teachers/{}/", "teacher"),
]
EDIT_PAGES = [
    ("/mentoring/curators/{}/", "assignment", "methodologist"),
    ("/mentoring/visits/{}/", "visit", "methodologist"),
    ("/mentoring/partnerships/{}/edit/", "partnership", "methodologist"),
    ("/mentoring/events/{}/edit/", "event", "methodologist"),
    ("/mentoring/teachers/{}/edit/", "teacher", "school_admin"),
    ("/mentoring/courses/{}/", "course", "school_admin"),
    ("/mentoring/diagnostics/{}/", "diagnostic", "school_admin"),
    ("/mentoring/plans/{}/", "plan", "school_admin"),
    ("/mentoring/pairs/{}/", "pair", "school_admin"),
]


@pytest.mark.parametrize("prefix,key", ENDPOINTS)
def test_endpoint_detail_of_other_municipality_is_404(world, users, api_as, prefix, key):
    client = api_as(users["methodologist"])
    assert client.get(f"/api/v1/{prefix}/{world['a'][key].pk}/").status_code == 200
    assert client.get(f"/api/v1/{prefix}/{world['b'][key].pk}/").status_code == 404


@pytest.mark.parametrize("prefix,key", ENDPOINTS)
def test_endpoint_list_leaves_out_other_municipality(world, users, api_as, prefix, key):
    ids = [row["id"] for row in api_as(users["head"]).get(f"/api/v1/{prefix}/").json()["results"]]
    assert world["b"][key].pk not in ids and world["a"][key].pk in ids


@pytest.mark.parametrize("url,key", PAGES)
def test_page_of_other_municipality_is_404(world, users, client, url, key):
    client.force_login(users["methodologist"])
    assert client.get(url.format(world["a"][key].pk)).status_code == 200
    assert client.get(url.format(world["b"][key].pk)).status_code == 404


@pytest.mark.parametrize("url,key,role", EDIT_PAGES)
def test_edit_page_of_other_municipality_is_404(world, users, client, url, key, role):
    client.force_login(users[role])
    assert client.get(url.format(world["a"][key].pk)).status_code == 200
    assert client.get(url.format(world["b"][key].pk)).status_code == 404


def test_curator_sees_only_their_schools_visits(world, users, api_as, two_municipalities):
    other = SchoolFactory(municipality=two_municipalities["a"])
    from tests.factories import UserFactory, curator_assign, visit

    colleague = UserFactory(role="curator", municipality=two_municipalities["a"])
    curator_assign(colleague, other)
    visit(colleague, other)
    schools = {row["school"] for row in api_as(users["curator"]).get("/api/v1/curator-visits/").json()["results"]}
    assert schools == {"A-1"}


def test_curator_sees_teachers_of_their_schools_only(world, users, api_as):
    schools = {row["school"] for row in api_as(users["curator"]).get("/api/v1/teachers/").json()["results"]}
    assert schools == {"A-1"}


def test_curator_scope_ends_with_assignment(world, users, api_as):
    import datetime

    world["a"]["assignment"].end = datetime.date(2021, 1, 1)
    world["a"]["assignment"].save()
    assert api_as(users["curator"]).get(f"/api/v1/teachers/{world['a']['teacher'].pk}/").status_code == 404


def test_school_admin_sees_events_their_school_attended_only(world, users, api_as, two_municipalities):
    from tests.factories import EventFactory

    EventFactory(host_school=world["a3"])  # same municipality, school A-1 not involved
    ids = [row["id"] for row in api_as(users["school_admin"]).get("/api/v1/events/").json()["results"]]
    assert ids == [world["a"]["event"].pk]


def test_event_attendance_of_other_schools_hidden_from_school_admin(world, users, api_as):
    from tests.factories import attend

    attend(world["a"]["event"], world["a3"], 7)
    body = api_as(users["school_admin"]).get(f"/api/v1/events/{world['a']['event'].pk}/").json()
    assert [row["school"] for row in body["attendance"]] == ["A-1"]


def test_partnership_visible_to_partner_side(world, users, api_as, two_municipalities):
    from tests.factories import partnership

    p = partnership(world["a3"], two_municipalities["a1"])
    assert api_as(users["school_admin"]).get(f"/api/v1/partnerships/{p.pk}/").status_code == 200


def test_anonymous_gets_nothing(world, client):
    assert client.get("/api/v1/teachers/").status_code in (401, 403)


def test_names_visible_follows_capability(users):
    allowed = {role for role, user in users.items() if names_visible(user)}
    assert allowed == {"admin", "methodologist", "curator", "school_admin"}
