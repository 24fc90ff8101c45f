"""Every URL pattern of the portal (walked from the resolver): signed out, only sign-in and the API description
answer; a user of municipality A asking for B's records gets 403/404, never B's data, never a server error."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from .conftest import A_ROLES
from .sweep import (
    ADMIN,
    API,
    PAGE,
    PUBLIC,
    UnfilledRoute,
    db_snapshot,
    leaks,
    names_record,
    route_kwargs,
    route_url,
    routes,
    snapshot_diff,
)
from .world import b_filters

pytestmark = pytest.mark.django_db

LOGIN = "→ sign-in"
ADMIN_LOGIN = "→ admin sign-in"

# What a signed-out visitor gets, by kind of URL. Pages: GET or POST is sent to sign-in; a POST-only page may
# answer 405 to a GET first, which shows nothing either.
ANONYMOUS = {PAGE: {LOGIN, 405}, API: {401, 403}, ADMIN: {ADMIN_LOGIN}}
# What a user of municipality A gets for a URL that names one of B's records. (406: the `.csv` twin of a detail
# or a download, refused before any lookup — spreadsheets are for list reads — whoever's record it names.)
REFUSED = {PAGE: {403, 404, 405}, API: {403, 404, 405, 406}, ADMIN: {ADMIN_LOGIN}}


def verdict(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return LOGIN
        if location.startswith("/admin/login/") or location == "/admin/":
            return ADMIN_LOGIN
        return f"302 {location}"
    return response.status_code


def test_every_url_pattern_is_filled(world):
    """A new URL the sweep cannot fill with B's records fails here, instead of being skipped."""
    problems = []
    for route in routes():
        if route.kind != ADMIN and not route.name:
            problems.append(f"{route.text}: unnamed")
        try:
            route_kwargs(route, world["b"])
        except UnfilledRoute as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


def test_no_view_is_exempt_from_csrf():
    """DRF's own views are exempt at Django's level and check CSRF themselves for session users (test_csrf)."""
    exempt = [r.label for r in routes() if r.kind != API and r.is_csrf_exempt]
    assert not exempt


def test_public_urls_are_the_allowed_ones(world, page_client):
    client = page_client()
    public = {r.name: r for r in routes() if r.name in PUBLIC}
    assert set(public) == set(PUBLIC), "a URL of the allow-list is gone: take it off PUBLIC"
    for name, route in public.items():
        response = client.get(route_url(route, {}))
        assert response.status_code == 200 and not leaks(response), name


def test_signed_out_visitor_is_sent_to_sign_in(world, page_client):
    client = page_client()
    wrong = []
    for route in routes():
        if route.name in PUBLIC:
            continue
        url = route_url(route, route_kwargs(route, world["b"], fmt="csv"))
        got = {method: verdict(getattr(client, method)(url)) for method in ("get", "post")}
        expected = ANONYMOUS[route.kind]
        if not set(got.values()) <= expected or (route.kind == PAGE and LOGIN not in got.values()):
            wrong.append(f"{route.label}: {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", A_ROLES)
def test_user_of_a_never_reaches_b(world, users, role, page_client, api_client):
    user = users[role]
    pages, api = page_client(user), api_client(user)
    filters = b_filters(world)
    before = db_snapshot()
    wrong, seen = [], 0
    for route in routes():
        if route.name in PUBLIC:
            continue  # the same for everyone: test_public_urls_are_the_allowed_ones
        client = api if route.kind == API else pages
        fmt = "csv" if "format" in route.params else "json"
        url = route_url(route, route_kwargs(route, world["b"], fmt=fmt))
        if route.kind == ADMIN:
            if role != "methodologist":
                continue  # staff or not is all the admin asks, and no user of A is staff: one of them will do
            requests = [("get", {})]
        elif names_record(route):
            requests = [("get", {}), ("post", {})] if route.kind == PAGE else [("get", {})]
        elif "format" in route.params:  # `.csv` twin of an endpoint asked below with ?format=
            requests = [("get", filters)]
        else:  # a list or a form: asked with B's codes as filters, and (API) as an Excel export too
            requests = [("get", {}), ("get", filters)]
            if route.kind == API:
                requests.append(("get", {**filters, "format": "xlsx"}))
        for method, data in requests:
            response = getattr(client, method)(url, data)
            seen += 1
            status = verdict(response)
            problem = (
                "server error"
                if response.status_code >= 500
                else "shows B's data"
                if leaks(response)
                else f"answers {status} for B's record"
                if names_record(route) and status not in REFUSED[route.kind]
                else None
            )
            if problem:
                wrong.append(f"{method.upper()} {url} {data or ''} ({route.name}): {problem}")
    assert not wrong, "\n".join(wrong)
    assert not snapshot_diff(before, db_snapshot()), "a refused request changed the database"
    assert seen > 300
