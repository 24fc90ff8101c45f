"""Every path parameter is checked by its URL pattern (an int is digits, a code is code-shaped), so a malformed
value matches no URL and is a 404, never a wrong-typed query and a 500; `?format=csv|xlsx` is for list reads
only, and anywhere else it is a clear 406 that writes nothing."""

import pytest
from django.urls.converters import PathConverter, StringConverter
from django.urls.resolvers import RegexPattern, RoutePattern

from programs.models import Program

from .sweep import ADMIN, routes

pytestmark = pytest.mark.django_db

# The patterns that accept anything up to the next slash: DRF's default lookup and Django's `str`.
LOOSE = {r"[^/.]+", r"[^/]+", r".+"}


def loose_parameters() -> list[str]:
    found = []
    for route in routes():
        if route.kind == ADMIN:  # Django's own admin URLs, refused before any lookup to all but staff
            continue
        for part in route.parts:
            if isinstance(part, RoutePattern):
                found += [
                    f"{route.label}: <{name}> is {type(c).__name__}"
                    for name, c in part.converters.items()
                    if type(c) in (StringConverter, PathConverter)
                ]
            elif isinstance(part, RegexPattern):
                text = str(part)
                for name in part.regex.groupindex:
                    group = text.split(f"(?P<{name}>", 1)[1]
                    regex = group[: group.index(")")]
                    if name != "format" and regex in LOOSE:
                        found.append(f"{route.label}: ({name}) is {regex}")
    return found


def test_every_path_parameter_has_a_strict_pattern():
    assert not loose_parameters(), "\n".join(loose_parameters())


@pytest.mark.parametrize("method", ["get", "patch"])
def test_non_numeric_activity_id_is_404(world, users, api_client, method):
    response = getattr(api_client(users["head"]), method)("/api/v1/programs/prog-a/activities/abc/", {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/jobs/abc/",
        "/api/v1/results/1x/",
        "/api/v1/uploads/abc/",
        "/api/v1/reports/abc/download/",
        "/api/v1/schools/A 1/",
        "/api/v1/programs/a%27b/",
    ],
)
def test_malformed_path_parameter_is_404(world, users, api_client, url):
    assert api_client(users["head"]).get(url).status_code == 404


@pytest.mark.parametrize("url", ["/schools/A 1/", "/assessments/school/a'b/", "/reports/school/%3Cx%3E/"])
def test_malformed_code_in_a_page_is_404(world, users, page_client, url):
    assert page_client(users["head"]).get(url).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_format_on_a_write_is_406_and_writes_nothing(world, users, api_client, fmt):
    response = api_client(users["head"]).patch(
        f"/api/v1/programs/prog-a/?format={fmt}", {"title": "Новое"}, format="json"
    )
    assert response.status_code == 406
    assert response["Content-Type"].startswith("application/json")
    assert "только у списков" in response.json()["detail"]
    assert Program.objects.get(code="prog-a").title != "Новое"


@pytest.mark.parametrize("url", ["/api/v1/programs/prog-a/", "/api/v1/schools/A-1/"])
def test_export_format_on_a_detail_is_406(world, users, api_client, url):
    response = api_client(users["head"]).get(url, {"format": "csv"})
    assert (response.status_code, response["Content-Type"]) == (406, "application/json")


def test_export_format_on_a_download_is_406(world, users, api_client):
    response = api_client(users["head"]).get(f"/api/v1/reports/{world['a'].report.pk}/download/", {"format": "csv"})
    assert response.status_code == 406 and "Уберите параметр format" in response.json()["detail"]


def test_export_format_on_a_list_still_exports(world, users, api_client):
    response = api_client(users["head"]).get("/api/v1/programs/", {"format": "csv"})
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (200, "text/csv")


def test_export_format_on_a_view_without_exports_is_406(world, users, api_client):
    response = api_client(users["methodologist"]).post(
        "/api/v1/risk-lists/2024/recompute/?format=csv", {"municipality": "A01"}, format="json"
    )
    assert response.status_code == 406 and "Формат «csv» здесь недоступен" in response.json()["detail"]
