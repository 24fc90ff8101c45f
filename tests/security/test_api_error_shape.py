"""Every operation of the OpenAPI schema answers its errors in the one shape of contracts §3
(`{"detail", "code", "errors": [{"field", "message"}]}`): signed out, asked for another municipality's record, and
written with an empty body. The imports' documented outcomes (`status: rejected` with `errors: [{row, column,
message}]`) are resources, not error bodies, and keep their own shape."""

import pytest
from django.test import TestCase

from .sweep import UNSAFE, names_record, operations, route_kwargs, route_url

pytestmark = pytest.mark.django_db

# Their 400 is the import's outcome (contract 2/3), documented as such in the schema.
OUTCOME_400 = {("post", "/api/v1/uploads/"), ("post", "/api/v1/risk-lists/official/")}


def shape_problem(response) -> str | None:
    if response.status_code < 400 or response.status_code >= 500:
        return f"{response.status_code}" if response.status_code >= 500 else None
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code}: not JSON"
    errors = body.get("errors") if isinstance(body, dict) else None
    if not (
        isinstance(body.get("detail"), str)
        and isinstance(body.get("code"), str)
        and errors
        and all(isinstance(e, dict) and set(e) == {"field", "message"} for e in errors)
    ):
        return f"{response.status_code}: {str(body)[:200]}"
    return None


def test_signed_out_errors_have_the_shape(world, api_client):
    client, wrong = api_client(), []
    for op in operations():
        url = route_url(op.route, route_kwargs(op.route, world["b"]))
        for method in {op.method, *UNSAFE}:
            if problem := shape_problem(getattr(client, method)(url)):
                wrong.append(f"{method.upper()} {url}: {problem}")
    assert not wrong, "\n".join(wrong)


def test_refusals_of_a_user_of_a_have_the_shape(world, users, api_client):
    client, wrong, refusals = api_client(users["methodologist"]), [], 0
    for op in operations():
        url = route_url(op.route, route_kwargs(op.route, world["b"]))
        if op.method == "get":
            response = client.get(url) if names_record(op.route) else client.get(url, {"year": "не год"})
        else:
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = getattr(client, op.method)(url, {}, format="json")
            if (op.method, op.path) in OUTCOME_400 and response.json().get("status") == "rejected":
                continue  # the import's outcome, not an error body
        refusals += response.status_code >= 400
        if problem := shape_problem(response):
            wrong.append(f"{op.label}: {problem}")
    assert not wrong, "\n".join(wrong)
    assert refusals >= 30
