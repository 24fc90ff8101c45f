"""Input no form would send — a NUL character, a JSON array for an object — is refused with 400, never a server
error (PostgreSQL cannot store or compare NUL; schemathesis found the first on a list filter)."""

import pytest

from core.middleware import NUL_REFUSED

pytestmark = pytest.mark.django_db

NUL_URLS = [
    "/schools/%00/",
    "/schools/?q=%00",
    "/api/v1/schools/%00/",
    "/api/v1/schools/?municipality=%00",
    "/api/v1/curator-visits/?school=a%00b",
    "/api/v1/indicators/?program=%00",
    "/api/v1/risk-lists/2024/?municipality=%00",
    "/programs/x%00/",
    "/risk/?municipality=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_in_the_address_is_refused(users, client, url):
    client.force_login(users["methodologist"])
    response = client.get(url)
    assert response.status_code == 400 and NUL_REFUSED in response.content.decode()


def test_nul_in_a_form_field_is_refused(users, client):
    client.force_login(users["methodologist"])
    response = client.post("/reports/", {"kind": "program", "municipality": "A01\x00", "year": "2024"})
    assert response.status_code == 400


@pytest.mark.parametrize("body", [{"municipality": "A01\x00"}, [1], "text"])
def test_recompute_refuses_a_body_it_cannot_read(users, api_client, body):
    response = api_client(users["methodologist"]).post("/api/v1/risk-lists/2024/recompute/", body, format="json")
    assert response.status_code in (400, 404)


def test_sign_in_with_nul_is_refused(users, client):
    response = client.post("/accounts/login/", {"username": "head_a\x00", "password": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "method,url", [("get", "/api/v1/risk-lists/99999/"), ("post", "/api/v1/risk-lists/99999/recompute/")]
)
def test_risk_lists_of_an_impossible_year_are_not_found(users, api_client, method, url):
    """Years are small integers in the database: 99999 was a server error (found by schemathesis)."""
    assert getattr(api_client(users["methodologist"]), method)(url, {}, format="json").status_code == 404


def test_control_characters_do_not_break_excel_exports(world, users, api_client):
    """A worksheet cannot hold most control characters: one in a teacher's subject made the export a server error."""
    from .sweep import spreadsheet_cells

    teacher = world["a"].teacher
    teacher.subject = "Мате\x17матика"
    teacher.save()
    response = api_client(users["methodologist"]).get("/api/v1/teachers/", {"format": "xlsx"})
    assert response.status_code == 200 and "Математика" in spreadsheet_cells(response.content, "xlsx")


def test_control_characters_in_an_upload_still_give_an_error_report(users):
    from assessments.models import Upload

    from .world import rejected_upload

    upload = rejected_upload(user=users["methodologist"], school_code="A-1", text="Школа\x17 № 1", filename="r.csv")
    assert upload.status == Upload.Status.REJECTED


HOSTILE_QUERY = {
    "year": "99999",
    "page": "-1",
    "page_size": "0",
    "municipality": "нет",
    "school": "нет",
    "status": "нет",
    "kind": "нет",
    "q": "'\"<x>",
    "teacher": "99999999999999999999",
    "job": "99999999999",
}


def test_every_page_and_endpoint_survives_a_hostile_query(world, users, page_client, api_client):
    """Every URL (from the resolver) with parameters out of any range, as the admin (who reaches every view)."""
    from .sweep import ADMIN, API, route_kwargs, route_url, routes

    pages, api = page_client(users["admin"]), api_client(users["admin"])
    errors = []
    for route in routes():
        if route.kind == ADMIN or "format" in route.params:
            continue
        url = route_url(route, route_kwargs(route, world["a"]))
        response = (api if route.kind == API else pages).get(url, HOSTILE_QUERY)
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
    assert not errors, "\n".join(errors)
