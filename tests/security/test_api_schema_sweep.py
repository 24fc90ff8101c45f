"""Every endpoint and method of the OpenAPI schema (generated in-process): signed out nothing answers; a user of
municipality A reading B's records gets 403/404, and writing them — B's record in the path, or B's codes in the
body — is refused and leaves the database as it was."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from .conftest import A_ROLES
from .sweep import (
    API,
    UNSAFE,
    db_snapshot,
    leaks,
    names_record,
    openapi_schema,
    operations,
    route_kwargs,
    route_url,
    routes,
    snapshot_diff,
)
from .world import YEAR, b_filters, results_row, results_xlsx

pytestmark = pytest.mark.django_db

SCOPE_REFUSAL = re.compile(r"зон\w* доступа|не найден")  # «не найдена в вашей зоне доступа», «вне вашей зоны…»

# What refusing looks like, by where B is named: in the path (the record is not there for A) or in the body.
REFUSED = {"path": {403, 404, 405}, "body": {400, 403, 404}}


def _results_file(world):
    return SimpleUploadedFile("results.xlsx", results_xlsx([results_row(world["b"].school.code)]))


def _official_list(world):
    return SimpleUploadedFile("list.csv", f"Год;Код ОО\n{YEAR};{world['b'].school.code}\n".encode())


# Unsafe operations whose body is not B's record as the API reads it, and what A's users send instead.
# A multipart body is marked so; the rest go as JSON.
SPECIAL_BODIES = {
    ("post", "/api/v1/uploads/"): lambda w: ("multipart", {"file": _results_file(w)}),
    ("post", "/api/v1/risk-lists/official/"): lambda w: ("multipart", {"file": _official_list(w)}),
    ("post", "/api/v1/risk-lists/{year}/recompute/"): lambda w: ("json", {"municipality": w["b"].municipality.code}),
    ("post", "/api/v1/jobs/{id}/retry/"): lambda w: ("json", {}),
    ("post", "/api/v1/uploads/{id}/retry/"): lambda w: ("json", {}),
}
# A results upload is accepted (202) and checked in the worker, which rejects B's rows: the refused upload and its
# job are kept, as every upload is, so its page can say why.
ACCEPTED_THEN_REFUSED = {("post", "/api/v1/uploads/"): {"assessments.upload", "core.job"}}


def detail_json(world, route, admin_api) -> dict:
    """B's record as the API shows it (to the admin): the body A's users send to write it."""
    detail = next(
        (
            r
            for r in routes()
            if r.kind == API
            and r.view_class is route.view_class
            and r.name.endswith("-detail")
            and "format" not in r.params
        ),
        None,
    )
    assert detail, f"{route.label}: no record to replay as its body; add one to SPECIAL_BODIES"
    body = admin_api.get(route_url(detail, route_kwargs(detail, world["b"]))).json()
    if "code" in body:
        body["code"] += "-copy"  # a new record, so a refusal is about scope, not a duplicate code
    return body


def request_body(op, world, admin_api):
    special = SPECIAL_BODIES.get((op.method, op.path))
    if special:
        return special(world)
    if op.method == "delete":
        return "json", {}
    return "json", detail_json(world, op.route, admin_api)


def test_schema_covers_every_endpoint():
    served = {op.route.name for op in operations()}
    missing = {
        r.label
        for r in routes()
        if r.kind == API
        and "format" not in r.params
        and r.name not in served
        and r.name not in ("api-root", "schema", "api-docs")
    }
    assert not missing, "endpoints absent from the OpenAPI schema (so from schemathesis too)"


def test_signed_out_every_operation_is_refused(world, api_client):
    client = api_client()
    wrong = []
    for op in operations():
        url = route_url(op.route, route_kwargs(op.route, world["b"]))
        for method in {op.method, *UNSAFE}:
            status = getattr(client, method)(url).status_code
            if status not in (401, 403):
                wrong.append(f"{method.upper()} {url}: {status}")
    assert not wrong, "\n".join(wrong)


def read_problem(client, op, world) -> str | None:
    url = route_url(op.route, route_kwargs(op.route, world["b"]))
    response = client.get(url) if names_record(op.route) else client.get(url, b_filters(world))
    if response.status_code >= 500:
        return "server error"
    if leaks(response):
        return "shows B's data"
    if names_record(op.route) and response.status_code not in REFUSED["path"]:
        return f"{response.status_code} for B's record"
    return None


def write_problems(client, op, world, admin_api, before) -> tuple[list[str], dict]:
    """Sends the write, then compares the database with `before`; returns the problems and the new snapshot."""
    url = route_url(op.route, route_kwargs(op.route, world["b"]))
    kind, body = request_body(op, world, admin_api)
    with TestCase.captureOnCommitCallbacks(execute=True):  # whatever it queued runs, as the worker would
        response = getattr(client, op.method)(url, body, format="multipart" if kind == "multipart" else "json")
    after = db_snapshot()
    expected = (
        {202, 403}
        if (op.method, op.path) in ACCEPTED_THEN_REFUSED
        else REFUSED["path" if names_record(op.route) else "body"]
    )
    changed = set(snapshot_diff(before, after)) - ACCEPTED_THEN_REFUSED.get((op.method, op.path), set())
    text = response.content.decode("utf-8", "replace")
    problems = []
    if response.status_code not in expected:
        problems.append(f"{response.status_code} {text[:200]}")
    elif response.status_code == 400 and not SCOPE_REFUSAL.search(text):
        problems.append(f"400 for another reason than scope: {text[:300]}")
    if changed:
        problems.append(f"changed {sorted(changed)}")
    if leaks(response):
        problems.append("the refusal shows B's data")
    return problems, after


@pytest.mark.parametrize("role", A_ROLES)
def test_user_of_a_reads_and_writes_nothing_of_b(world, users, role, api_client):
    client, admin_api = api_client(users[role]), api_client(users["admin"])
    wrong, writes = [], 0
    snapshot = db_snapshot()
    for op in operations():
        if op.method == "get":
            problems = [p] if (p := read_problem(client, op, world)) else []
        else:
            problems, snapshot = write_problems(client, op, world, admin_api, snapshot)
            writes += 1
        wrong += [f"{op.label}: {p}" for p in problems]
    assert not wrong, "\n".join(wrong)
    assert writes >= 30


def test_a_refused_upload_names_the_school_out_of_scope(world, users, api_client):
    from assessments.models import Upload
    from assessments.services import SCHOOL_OUT_OF_SCOPE

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = api_client(users["methodologist"]).post(
            "/api/v1/uploads/", {"file": _results_file(world)}, format="multipart"
        )
    upload = Upload.objects.get(pk=response.json()["id"])
    assert upload.status == Upload.Status.REJECTED
    assert SCHOOL_OUT_OF_SCOPE.format(code="B-1") in str(upload.errors)


def test_schema_generates_in_process():
    assert len(openapi_schema()["paths"]) >= 30
