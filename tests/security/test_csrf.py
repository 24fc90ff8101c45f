"""CSRF on every form: a POST without the token is refused on every page (found by walking the resolver, not by
hand), and the API refuses unsafe methods of a browser session without it (a token client needs none)."""

import pytest
from django.conf import settings

from .sweep import API, UNSAFE, db_snapshot, operations, route_kwargs, route_url, routes, snapshot_diff

pytestmark = pytest.mark.django_db

CSRF_REFUSAL = "CSRF"  # Django's and DRF's refusals both name it


def _refused_for_csrf(response) -> bool:
    return response.status_code == 403 and CSRF_REFUSAL in response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("who", ["admin", "signed_out"])
def test_every_page_refuses_a_post_without_token(world, users, page_client, who):
    """The admin may do everything, so a 403 here is the CSRF check and nothing else; signed out, the sign-in
    form (login CSRF) is among the pages."""
    client = page_client(users["admin"] if who == "admin" else None, enforce_csrf_checks=True)
    before = db_snapshot()
    accepted = []
    pages = [r for r in routes() if r.kind != API]
    for route in pages:
        url = route_url(route, route_kwargs(route, world["a"]))
        response = client.post(url, {"title": "x", "action": "update", "to_status": "submitted"})
        if not _refused_for_csrf(response):
            accepted.append(f"{route.label}: {response.status_code}")
    assert not accepted, "\n".join(accepted)
    assert not snapshot_diff(before, db_snapshot())
    assert len(pages) > 150  # the admin's pages are forms too


def test_a_post_with_the_token_gets_through(users, page_client):
    """The refusals above are the CSRF check: the same client with its token signs out."""
    client = page_client(users["head"], enforce_csrf_checks=True)
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["admin", "school_admin"])  # the check is the same for every role
def test_session_api_writes_need_the_token(world, users, page_client, role):
    client = page_client(users[role], enforce_csrf_checks=True)
    before = db_snapshot()
    accepted = []
    unsafe = [op for op in operations() if op.method in UNSAFE]
    for op in unsafe:
        url = route_url(op.route, route_kwargs(op.route, world["a"]))
        response = getattr(client, op.method)(url, {}, content_type="application/json")
        if not _refused_for_csrf(response):
            accepted.append(f"{op.label}: {response.status_code} {response.content[:120]!r}")
    assert not accepted, "\n".join(accepted)
    assert not snapshot_diff(before, db_snapshot())
    assert len(unsafe) >= 30


def test_session_api_write_with_the_token_gets_through(world, users, page_client):
    client = page_client(users["admin"], enforce_csrf_checks=True)
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.patch(
        f"/api/v1/teachers/{world['a'].teacher.pk}/",
        {"subject": "Физика"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content


def test_token_clients_need_no_csrf(world, users, api_client):
    response = api_client(users["admin"]).patch(
        f"/api/v1/teachers/{world['a'].teacher.pk}/", {"subject": "Физика"}, format="json"
    )
    assert response.status_code == 200


def test_csrf_middleware_is_on_and_the_session_cookie_is_http_only():
    """The CSRF cookie stays readable (htmx sends it back as a header), which is Django's design; the session
    cookie is not. Secure flags in production: tests/core/test_deployment.py (check --deploy)."""
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE and settings.SESSION_COOKIE_HTTPONLY
