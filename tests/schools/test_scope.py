"""Scope isolation: a user of municipality A never sees B's schools, through any page or endpoint."""

import pytest
from rest_framework.test import APIClient

from schools.models import Municipality, School

pytestmark = pytest.mark.django_db

EXPECTED_SCHOOLS = {
    "admin": {"A-1", "A-2", "B-1"},
    "regional": {"A-1", "A-2", "B-1"},
    "head": {"A-1", "A-2"},
    "methodologist": {"A-1", "A-2"},
    "curator": {"A-1"},
    "school_admin": {"A-1", "A-2"},
    "api_client": {"A-1", "A-2"},
    "head_b": {"B-1"},
}


@pytest.mark.parametrize("role", EXPECTED_SCHOOLS)
def test_visible_schools_follow_role_scope(users, role):
    codes = set(School.objects.visible_to(users[role]).values_list("code", flat=True))
    assert codes == EXPECTED_SCHOOLS[role]


@pytest.mark.parametrize("role", EXPECTED_SCHOOLS)
def test_visible_municipalities_follow_role_scope(users, role):
    codes = set(Municipality.objects.visible_to(users[role]).values_list("code", flat=True))
    expected = {code.split("-")[0] + "01" for code in EXPECTED_SCHOOLS[role]}
    assert codes == expected


def test_curator_loses_scope_when_assignment_ends(users, two_municipalities):
    import datetime

    assignment = users["curator"].curator_assignments.get()
    assignment.end = datetime.date(2020, 12, 31)
    assignment.save()
    assert not School.objects.visible_to(users["curator"]).exists()


def test_inactive_user_sees_nothing(users):
    user = users["head"]
    user.is_active = False
    assert not School.objects.visible_to(user).exists()


@pytest.mark.parametrize("role", ["head", "methodologist", "curator", "school_admin", "api_client"])
@pytest.mark.parametrize(
    "url", ["/api/v1/schools/B-1/", "/api/v1/municipalities/B01/", "/schools/B-1/", "/schools/municipalities/B01/"]
)
def test_other_municipality_is_404(users, role, url):
    client = APIClient()
    client.force_authenticate(users[role]) if url.startswith("/api/") else client.force_login(users[role])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/schools/A-1/", "/schools/A-1/"])
def test_own_school_is_readable(users, url):
    client = APIClient()
    client.force_login(users["head"])
    assert client.get(url).status_code == 200


def test_school_list_endpoint_returns_only_scope(users):
    client = APIClient()
    client.force_authenticate(users["head_b"])
    body = client.get("/api/v1/schools/").json()
    assert [s["code"] for s in body["results"]] == ["B-1"]


def test_school_list_page_shows_only_scope(users, client):
    client.force_login(users["head_b"])
    html = client.get("/schools/").content.decode()
    assert "B-1" in html and "A-1" not in html


@pytest.mark.parametrize("url", ["/api/v1/schools/", "/api/v1/municipalities/", "/api/v1/jobs/"])
def test_anonymous_api_is_refused(db, url):
    assert APIClient().get(url).status_code in (401, 403)


@pytest.mark.parametrize("url", ["/", "/schools/", "/schools/A-1/", "/schools/municipalities/", "/schools/registry/"])
def test_anonymous_page_redirects_to_login(two_municipalities, client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_token_client_reads_within_scope(users):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users["api_client"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    codes = {s["code"] for s in client.get("/api/v1/schools/").json()["results"]}
    assert codes == {"A-1", "A-2"}
