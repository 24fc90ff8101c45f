"""schemathesis over the OpenAPI schema, in-process against the WSGI app, as a user of municipality A (token):
no generated request — valid or not, on A's real records or on made-up ids — gets a server error, and the
documented responses match their schema."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from .sweep import openapi_schema, operations, route_kwargs

pytestmark = pytest.mark.django_db

# Bounded so the run stays near half a minute on two cores; SECURITY_FUZZ_EXAMPLES=50 digs deeper by hand.
EXAMPLES_PER_OPERATION = int(os.environ.get("SECURITY_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, response_schema_conformance]


def real_path_parameters(world) -> dict:
    """Per (method, path): A's record of that endpoint, so generated requests also reach existing rows
    (serializers, updates, deletes), not only 404s."""
    return {(op.method, op.path): {("id" if k == "pk" else k): v for k, v in route_kwargs(op.route, world["a"]).items()}
            for op in operations()}


def run_operation(operation, *, headers, path_parameters):
    strategies = [operation.as_strategy(generation_mode=mode) for mode in schemathesis.GenerationMode]
    params = path_parameters.get((operation.method.lower(), operation.path))
    if params:
        strategies.append(operation.as_strategy(path_parameters=params))

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(strategies))
    def test(case):
        with TestCase.captureOnCommitCallbacks(execute=True):
            case.call_and_validate(headers=headers, checks=CHECKS)

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


def test_no_server_error_anywhere_in_the_api(world, users, wsgi_app):
    """As A's methodologist: the role that may write the most (programmes, support, uploads, lists)."""
    schema = schemathesis.openapi.from_dict(openapi_schema())
    schema.app = wsgi_app
    token, _ = Token.objects.get_or_create(user=users["methodologist"])
    headers = {"Authorization": f"Token {token.key}"}
    failures = []
    path_parameters = real_path_parameters(world)
    tried = [result.ok() for result in schema.get_all_operations()]
    for operation in tried:
        try:
            run_operation(operation, headers=headers, path_parameters=path_parameters)
        except Exception as exc:  # noqa: BLE001 - every operation is tried; the failures are reported together
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
    assert len(tried) >= 60
