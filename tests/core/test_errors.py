"""The one application error and the one API error shape (contracts §3): every status through core.api's handler."""

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIClient, APIRequestFactory

from core.api import NOT_FOUND, exception_handler
from core.errors import ApplicationError, Busy, Conflict, NotAllowed, NotFound
from core.models import AuditEvent

pytestmark = pytest.mark.django_db

MESSAGE = "Укажите год числом."


def _handle(exc):
    request = APIRequestFactory().post("/api/v1/programs/")
    response = exception_handler(exc, {"request": request})
    return response.status_code, response.data


def _shape_ok(body: dict) -> bool:
    return (
        isinstance(body.get("detail"), str)
        and isinstance(body.get("code"), str)
        and body["errors"]
        and all(set(e) == {"field", "message"} and isinstance(e["message"], str) for e in body["errors"])
    )


def test_application_error_is_400_with_its_field():
    status, body = _handle(ApplicationError(MESSAGE, field="year"))
    assert (status, body) == (
        400,
        {"detail": MESSAGE, "code": "invalid", "errors": [{"field": "year", "message": MESSAGE}]},
    )


def test_application_error_with_several_errors_lists_them_all():
    errors = [{"field": "year", "message": MESSAGE}, {"field": "school", "message": "Укажите школу."}]
    status, body = _handle(ApplicationError(MESSAGE, code="bad_order", errors=errors))
    assert (status, body["code"], body["errors"]) == (400, "bad_order", errors)


def test_not_allowed_is_403_and_logged_as_a_denial():
    status, body = _handle(NotAllowed("Недостаточно прав."))
    assert (status, body["detail"], body["code"]) == (403, "Недостаточно прав.", "not_allowed")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PERMISSION_DENIED).count() == 1


def test_not_found_is_404_with_the_scope_message():
    assert _handle(NotFound()) == (
        404,
        {"detail": NOT_FOUND, "code": "not_found", "errors": [{"field": None, "message": NOT_FOUND}]},
    )


@pytest.mark.parametrize(("exc", "code"), [(Conflict(), "conflict"), (Busy(), "busy")])
def test_conflict_and_busy_are_409(exc, code):
    status, body = _handle(exc)
    assert (status, body["code"], _shape_ok(body)) == (409, code, True)


def test_django_validation_error_is_400_by_field():
    status, body = _handle(DjangoValidationError({"year": [MESSAGE]}))
    assert (status, body["detail"], body["code"], body["errors"]) == (
        400,
        MESSAGE,
        "invalid",
        [{"field": "year", "message": MESSAGE}],
    )
    assert body["year"] == [MESSAGE]  # DRF's own key stays beside the shape


def test_django_permission_denied_is_403():
    status, body = _handle(DjangoPermissionDenied())
    assert (status, body["code"], _shape_ok(body)) == (403, "permission_denied", True)


def test_http404_is_404_in_russian():
    assert _handle(Http404("No Program matches the given query."))[1]["detail"] == NOT_FOUND


def test_drf_nested_validation_error_fields_are_dotted():
    status, body = _handle(exceptions.ValidationError({"items": [{}, {"title": ["Обязательное поле."]}]}))
    assert (status, body["errors"]) == (400, [{"field": "items.1.title", "message": "Обязательное поле."}])


def test_throttled_is_429_with_the_shape():
    status, body = _handle(exceptions.Throttled(wait=5))
    assert (status, body["code"], _shape_ok(body)) == (429, "throttled", True)


def test_service_refusal_through_an_endpoint_is_400_in_the_shape(users, two_municipalities):
    client = APIClient()
    client.force_authenticate(users["head"])
    response = client.post(
        "/api/v1/reports/", {"kind": "municipality", "municipality": "A01", "year": 1800}, format="json"
    )
    body = response.json()
    assert (response.status_code, body["code"], _shape_ok(body)) == (400, "invalid", True)


def test_upload_busy_is_409_busy(users):
    from assessments.services import UPLOAD_BUSY, UploadBusy

    assert (UploadBusy().message, UploadBusy().status, UploadBusy().code) == (UPLOAD_BUSY, 409, "busy")


def test_schema_has_one_error_component_for_every_operation():
    from tests.security.sweep import openapi_schema

    schema = openapi_schema()
    ref = {"$ref": "#/components/schemas/Error"}
    assert "Error" in schema["components"]["schemas"]
    missing = [
        f"{method} {path} {code}"
        for path, item in schema["paths"].items()
        for method, op in item.items()
        for code in ("400", "403", "404")
        if "schema" not in op["responses"].get(code, {}).get("content", {}).get("application/json", {})
    ]
    assert not missing
    assert (
        schema["paths"]["/api/v1/jobs/{id}/retry/"]["post"]["responses"]["403"]["content"]["application/json"]["schema"]
        == ref
    )


def test_unknown_api_path_is_404_in_the_shape(client):
    body = client.get("/api/v1/no-such-endpoint/").json()
    assert body == {"detail": NOT_FOUND, "code": "not_found", "errors": [{"field": None, "message": NOT_FOUND}]}
