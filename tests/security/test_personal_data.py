"""152-ФЗ, as a sweep: the names of school A-1's teachers reach only the school, its curators and the municipality's
methodologists — checked on every page, every endpoint and every export, for each role that must not see them.
(tests/mentoring/test_personal_data.py checks the named places one by one.)"""

import pytest

from mentoring.models import EventAttendance, Teacher
from tests.factories import UserFactory, curator_assign

from .sweep import API, PAGE, content, route_kwargs, route_url, routes, spreadsheet_cells, spreadsheet_format
from .world import TEACHER_NAME

pytestmark = pytest.mark.django_db

SURNAME = TEACHER_NAME["a"].split()[0]

# Who must never meet the names of A-1's teachers, anywhere: roles without access to names, and the admin and the
# curator of another school of the same municipality (which attends A-1's event).
NEVER_SEES_NAMES = ("head", "regional", "api_client", "school_admin_a3", "curator_a3")


@pytest.fixture
def people(world, users, two_municipalities):
    """Users of another school of municipality A; that school attends A-1's event and has its own teacher."""
    a3 = world["a3"]
    curator_a3 = UserFactory(username="curator_a3", role="curator", municipality=two_municipalities["a"])
    curator_assign(curator_a3, a3)
    EventAttendance.objects.create(event=world["a"].event, school=a3, participants=2)
    Teacher.objects.create(
        school=a3, full_name="Иванова И. И.", subject="Физика", experience_band=Teacher.Experience.FROM_3_TO_10
    )
    return {
        **users,
        "curator_a3": curator_a3,
        "school_admin_a3": UserFactory(
            username="school_a3", role="school_admin", municipality=two_municipalities["a"], school=a3
        ),
    }


def readable(response) -> str:
    data = content(response)
    fmt = spreadsheet_format(response)
    if fmt and response.status_code == 200:
        return " ".join(str(c) for c in spreadsheet_cells(data, fmt))
    return data.decode("utf-8", "replace")


def places_with_names(world, user, page_client, api_client) -> list[str]:
    pages, api = page_client(user), api_client(user)
    found = []
    for route in routes():
        if route.kind not in (PAGE, API) or "format" in route.params:
            continue
        url = route_url(route, route_kwargs(route, world["a"]))
        queries: list[dict[str, str]] = [{}]
        if route.kind == API and getattr(route.callback, "actions", {}).get("get") in ("list", "summary"):
            queries.append({"format": "csv"})
        for query in queries:
            response = (api if route.kind == API else pages).get(url, query)
            assert response.status_code < 500, url
            if SURNAME in readable(response):
                found.append(f"{url} {query or ''}".strip())
    return found


@pytest.mark.parametrize("role", NEVER_SEES_NAMES)
def test_teacher_names_never_reach_other_roles(world, people, role, page_client, api_client):
    found = places_with_names(world, people[role], page_client, api_client)
    assert not found, "\n".join(found)


def test_names_are_there_for_their_readers(world, users, page_client, api_client):
    """The sweep above looks for the right thing: the school, its curator, the methodologist and the admin meet it."""
    teacher = world["a"].teacher
    for role in ("methodologist", "curator", "school_admin", "admin"):
        pages, api = page_client(users[role]), api_client(users[role])
        for url in (f"/mentoring/teachers/{teacher.pk}/", f"/mentoring/events/{world['a'].event.pk}/"):
            assert SURNAME in readable(pages.get(url)), (role, url)
        assert SURNAME in readable(api.get(f"/api/v1/teachers/{teacher.pk}/")), role
        assert SURNAME in readable(api.get("/api/v1/mentoring-pairs/", {"format": "xlsx"})), role
