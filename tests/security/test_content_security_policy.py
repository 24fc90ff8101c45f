"""Content-Security-Policy: every page the portal renders carries it, and nothing on a page needs what it forbids.

The policy lets scripts come only from the portal's own static files. So every page (walked from the resolver, as
the admin, who sees them all) is read back: an inline <script>, an on…= handler or a javascript: link would be
refused by the browser. The browser journeys (tests/browser) fail on the console error such a refusal leaves.
"""

import re

import pytest

from .sweep import ADMIN, PAGE, route_kwargs, route_url, routes

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


def test_the_policy_allows_only_the_portals_own_scripts(client):
    directives = policy(client.get("/accounts/login/"))
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in str(directives) and "*" not in str(directives)


def test_every_page_carries_the_policy_and_nothing_it_would_refuse(world, users, page_client):
    client = page_client(users["admin"])
    problems, checked = [], 0
    for route in routes():
        if route.kind not in (PAGE, ADMIN):
            continue
        response = client.get(route_url(route, route_kwargs(route, world["a"])))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        html = response.content.decode()
        if policy(response).get("script-src") != ["'self'"]:
            problems.append(f"{route.label}: no Content-Security-Policy with script-src 'self'")
        for what, pattern in (
            ("inline script", INLINE_SCRIPT),
            ("inline handler", INLINE_HANDLER),
            ("javascript: URL", SCRIPT_URL),
        ):
            if match := pattern.search(html):
                problems.append(f"{route.label}: {what} {match.group(0)[:80]!r}")
    assert not problems, "\n".join(problems)
    assert checked > 60  # the portal's pages and the admin's


def test_swagger_ui_start_script_is_a_file_not_inline(users, client):
    client.force_login(users["head"])
    html = client.get("/api/docs/").content.decode()
    assert not INLINE_SCRIPT.search(html)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
