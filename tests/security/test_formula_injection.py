"""Formula injection in every export: every free-text field of every record gets a formula, and every spreadsheet the
portal hands out — each API endpoint's `?format=csv|xlsx`, each page that answers with a spreadsheet, the error
reports of uploads — must carry it escaped (core.exports.escape_cell: a leading apostrophe)."""

import re

import pytest
from django.apps import apps
from django.db import models

from core.api import ExportMixin
from core.exports import FORMULA_PREFIXES
from tests.support.programs import program_make

from .sweep import (
    API,
    PAGE,
    PROJECT_APPS,
    content,
    route_kwargs,
    route_url,
    routes,
    spreadsheet_cells,
    spreadsheet_format,
)
from .world import rejected_upload

pytestmark = pytest.mark.django_db

PAYLOADS = ('=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1+1")
# A number the portal writes as such (a negative change, say) is not a formula.
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")

# Text that is not free text: identifiers, paths, values the code branches on, reference data of migrations.
NOT_FREE_TEXT = {
    "code",
    "username",
    "password",
    "email",
    "file",
    "sha256",
    "error_report",
    "kind",
    "measure",
    "deadline_recurrence",
    "deadline_text",
    "status",
    "number",
    "target_unit",
}
REFERENCE_DATA = {
    "assessments.subject",
    "assessments.minimumscore",
    "risk.riskrule",
    "programs.riskfactor",
    "schools.region",
}
# Downloads that hand back a file a user uploaded, as it was: not an export of the portal's data.
NOT_EXPORTS = {
    "assessments:upload_file": "the results file as its uploader sent it",
    "programs:version_download": "a school's own document",
    "programs:evidence_download": "a file attached as evidence",
    "mentoring:material_download": "an event's material, as uploaded",
    "reports:download": "a PDF",
}
# Exports whose columns hold no free text at all, so no formula can reach them.
NO_FREE_TEXT = {
    "results-list": "codes and numbers",
    "results-detail": "codes and numbers",
    "territory-results-list": "codes and numbers; its warnings are the import's own messages, not text people type",
    "indicator-values-list": "codes and numbers (the evidence column holds the payload only for manual values)",
    "teachers-summary": "counts per school",
    # The side's indicator is manual, so it has no recorded facts; a fact's evidence in the export is checked in
    # tests/programs/test_indicators_facts.py::test_facts_export_escapes_formulas.
    "indicators-facts": "the side's (manual) indicator has no recorded facts",
    "indicators-fact": "the side's (manual) indicator has no recorded facts",
    "reports-list": "codes, years and statuses",
    "reports-detail": "codes, years and statuses",
    "api-root": "links to the endpoints",
}


def poison_free_text() -> int:
    """Every free-text field of every record of the portal gets one of PAYLOADS; returns how many fields."""
    n = 0
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.app_label not in PROJECT_APPS
            or label in REFERENCE_DATA
            or model.__name__.startswith("Historical")
        ):
            continue
        for field in model._meta.concrete_fields:
            if (
                not isinstance(field, (models.CharField, models.TextField))
                or field.choices
                or field.unique
                or isinstance(field, (models.SlugField, models.URLField, models.EmailField, models.FilePathField))
                or field.name in NOT_FREE_TEXT
                or field.name.endswith("_url")
            ):
                continue
            payload = PAYLOADS[n % len(PAYLOADS)]
            model._base_manager.update(**{field.name: payload[: field.max_length or None]})
            n += 1
    return n


def unescaped(cells) -> list[str]:
    return [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_PREFIXES) and not NUMBER.match(c)]


def escaped_payloads(cells) -> list[str]:
    return [c for c in cells if isinstance(c, str) and c.startswith("'") and c[1:2] in FORMULA_PREFIXES]


@pytest.fixture
def poisoned(world):
    assert poison_free_text() > 50
    return world


def check(response, where: str, problems: list, reached: set):
    if response.status_code >= 500:
        problems.append(f"{where}: server error on hostile text")
    fmt = spreadsheet_format(response)
    if response.status_code != 200 or not fmt:
        return False
    cells = spreadsheet_cells(content(response), fmt)
    if bad := unescaped(cells):
        problems.append(f"{where}: unescaped {bad[:3]}")
    if escaped_payloads(cells):
        reached.add(where.split(" ")[0])
    return True


def test_every_api_export_escapes_formulas(poisoned, users, api_client):
    client = api_client(users["admin"])
    problems, reached, exports = [], set(), set()
    for route in routes():
        if route.kind != API or "format" in route.params:
            continue
        url = route_url(route, route_kwargs(route, poisoned["a"]))
        for fmt in ("csv", "xlsx"):
            if check(client.get(url, {"format": fmt}), f"{route.name} {fmt}", problems, reached):
                exports.add(route.name)
    assert not problems, "\n".join(problems)
    # The contract: every list answers ?format=csv|xlsx (with ExportMixin: all rows, logged).
    lists = {r.name for r in routes() if r.kind == API and getattr(r.callback, "actions", {}).get("get") == "list"}
    assert lists <= exports, f"list endpoints that do not export: {lists - exports}"
    unlogged = {r.name for r in routes() if r.name in exports and not issubclass(r.view_class, ExportMixin)}
    assert not unlogged, f"exports without ExportMixin (paged, not logged): {unlogged}"
    silent = exports - reached - set(NO_FREE_TEXT)
    assert not silent, f"exports no payload reached (give them free text, or say why in NO_FREE_TEXT): {silent}"


def test_every_page_download_escapes_formulas(poisoned, users, page_client):
    """Any page that answers with a spreadsheet, as it is or asked for ?format=xlsx (found by asking)."""
    client = page_client(users["admin"])
    problems, reached, downloads = [], set(), set()
    for route in routes():
        if route.kind != PAGE or route.name in NOT_EXPORTS:
            continue
        url = route_url(route, route_kwargs(route, poisoned["a"]))
        for query in ({}, {"format": "xlsx"}):  # pages export Excel; CSV is the API's
            if check(client.get(url, query), route.name, problems, reached):
                downloads.add(route.name)
    assert not problems, "\n".join(problems)
    assert {"assessments:template", "assessments:municipality", "assessments:upload_errors"} <= downloads
    # An error report holds the uploaded rows, not records: test_upload_error_report_escapes_formulas feeds it.
    unreached = downloads - reached - {"assessments:upload_errors"}
    assert not unreached, f"downloads no payload reached: {unreached}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_upload_error_report_escapes_formulas(users, page_client, payload):
    upload = rejected_upload(user=users["methodologist"], school_code="A-1", text=payload, filename="r.csv")
    response = page_client(users["methodologist"]).get(f"/assessments/uploads/{upload.pk}/errors.xlsx")
    cells = spreadsheet_cells(content(response), "xlsx")
    assert "'" + payload.strip() in cells and not unescaped(cells)  # cells are read stripped


@pytest.mark.parametrize("payload", PAYLOADS)
def test_plan_import_error_report_escapes_formulas(users, two_municipalities, page_client, payload):
    """The plan import's «Ошибка» report: a pasted row with a target that is not a number, its title a formula."""
    program_make(two_municipalities["a"], "prog-a")
    text = f"№\tМероприятие\tСроки\tЦелевое значение\n1\t{payload}\tмарт\tмного\n"
    response = page_client(users["methodologist"]).post("/programs/prog-a/import/", {"text": text, "report": "xlsx"})
    assert spreadsheet_format(response) == "xlsx", response.content[:300]
    cells = spreadsheet_cells(content(response), "xlsx")
    assert "'" + payload.strip() in cells and not unescaped(cells)
