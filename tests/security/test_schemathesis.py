"""schemathesis over the OpenAPI schema, in-process against the WSGI app, as users of municipality A (token) whose
municipality has programmes, activities, results, reports and uploads: no generated request — valid or not, on
A's real records, on made-up or wrong-typed ids, with or without `?format=csv|xlsx` — gets a server error, and
the documented responses match their schema."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from .sweep import openapi_schema, operations, route_kwargs

pytestmark = pytest.mark.django_db

# Bounded so the run stays under two minutes on two cores; SECURITY_FUZZ_EXAMPLES=100 digs deeper by hand.
EXAMPLES_PER_OPERATION = int(os.environ.get("SECURITY_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, response_schema_conformance]
# The roles that write the most: the head (programmes, indicators, reports) and the methodologist (support, lists).
FUZZ_ROLES = ("head", "methodologist")


def with_format_parameter(schema: dict) -> dict:
    """Every operation also takes `?format=` (DRF reads it on every endpoint, the schema does not say so), so the
    fuzzer asks for spreadsheets where there are none too: on details, writes and downloads."""
    parameter = {
        "name": "format",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["json", "csv", "xlsx"]},
    }
    for item in schema["paths"].values():
        for method, operation in item.items():
            if isinstance(operation, dict) and method in ("get", "post", "put", "patch", "delete"):
                operation.setdefault("parameters", []).append(dict(parameter))
    return schema


def wrong_typed_path_parameters(real: dict) -> list[dict]:
    """A's real path parameters with one of them at a time given a value of the wrong shape (a word for an id, a
    quote and a space in a code): the request must meet a 404 at the URL, not a query of the wrong type."""
    return [{**real, name: "abc" if isinstance(value, int) else "a'b c"} for name, value in real.items()]


def real_path_parameters(world) -> dict:
    """Per (method, path): A's record of that endpoint, so generated requests also reach existing rows
    (serializers, updates, deletes), not only 404s."""
    return {
        (op.method, op.path): {("id" if k == "pk" else k): v for k, v in route_kwargs(op.route, world["a"]).items()}
        for op in operations()
    }


def run_operation(operation, *, headers, path_parameters):
    strategies = [operation.as_strategy(generation_mode=mode) for mode in schemathesis.GenerationMode]
    params = path_parameters.get((operation.method.lower(), operation.path))
    if params:
        strategies.append(operation.as_strategy(path_parameters=params))
    # Asked every time, whatever the generator draws: each path parameter wrong-typed in turn, and a spreadsheet
    # of A's real record (a detail, a write, a download).
    explicit = [operation.Case(path_parameters=wrong) for wrong in wrong_typed_path_parameters(params or {})]
    if params or not operation.path_parameters:
        explicit += [operation.Case(path_parameters=params or {}, query={"format": fmt}) for fmt in ("csv", "xlsx")]

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def test(case):
        with TestCase.captureOnCommitCallbacks(execute=True):
            case.call_and_validate(headers=headers, checks=CHECKS)

    for case in explicit:
        test = example(case=case)(test)
    test()


@pytest.fixture
def wsgi_app():
    """The real WSGI application, minus what Django's test client also leaves out: closing the database connection
    after each request, which on PostgreSQL would end the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.parametrize("role", FUZZ_ROLES)
def test_no_server_error_anywhere_in_the_api(world, users, wsgi_app, role):
    schema = schemathesis.openapi.from_dict(with_format_parameter(openapi_schema()))
    schema.app = wsgi_app
    token, _ = Token.objects.get_or_create(user=users[role])
    headers = {"Authorization": f"Token {token.key}"}
    failures = []
    path_parameters = real_path_parameters(world)
    tried = [result.ok() for result in schema.get_all_operations()]
    for operation in tried:
        try:
            run_operation(operation, headers=headers, path_parameters=path_parameters)
        # schemathesis' FailureGroup is a BaseExceptionGroup, not an Exception: caught too, or the first failing
        # operation would end the run and hide the others.
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
    assert len(tried) >= 60
