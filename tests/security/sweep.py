"""Every URL the portal answers, found by walking the resolver, and how to fill each one with a side's records.

Nothing here is a hand list of URLs: `routes()` walks `get_resolver()`. What is by hand is how a URL's parameters
name a record — PAGE_RECORDS for the pages, and for the API the viewset's own model and lookup field — and
`route_kwargs` fails for a URL it cannot fill, so a new URL is never skipped silently.
"""

import copy
import functools
import io
import json
import re
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from core.api import ExportMixin
from core.exports import EXPORT_FORMATS, read_back

from .world import MARKER, YEAR

PAGE, API, ADMIN = "page", "api", "admin"

# URLs anyone may open signed out, each with the reason. (Static files are served by WhiteNoise before the URLconf,
# so they are no URL pattern here; they hold no data.)
PUBLIC = {
    "login": "the sign-in page itself",
    "admin:login": "the admin's sign-in page",
    "schema": "the OpenAPI description: paths and fields, no data (the contract publishes it at /api/schema/)",
    "api-docs": "Swagger UI over that schema, from the portal's own static files, no data",
}


@dataclass(frozen=True)
class Route:
    text: str  # the whole pattern, for messages: "mentoring/teachers/<int:pk>/"
    name: str  # namespaced name, "" for the admin's unnamed redirects
    kind: str  # PAGE, API or ADMIN
    callback: object
    params: tuple[str, ...]
    parts: tuple  # (pattern, ...) from the root, to build the URL

    @property
    def label(self) -> str:
        return f"{self.name or '(unnamed)'} {self.text}"

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None)

    @property
    def is_csrf_exempt(self) -> bool:
        return getattr(self.callback, "csrf_exempt", False)


_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_UNNAMED_GROUP = re.compile(r"\((?!\?)[^)]*\)")


def _params(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    unnamed = len(_UNNAMED_GROUP.findall(str(pattern)))  # the history admin's positional ids
    return [*pattern.regex.groupindex, *(f"_{i}" for i in range(unnamed))]


@functools.cache
def _routes() -> tuple[Route, ...]:
    found = []

    def walk(resolver, parts, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = ":".join(filter(None, [namespace, entry.namespace])) if entry.namespace else namespace
                walk(entry, (*parts, entry.pattern), ns)
                continue
            assert isinstance(entry, URLPattern)
            all_parts = (*parts, entry.pattern)
            text = "".join(str(p) for p in all_parts)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            kind = ADMIN if (namespace or "").startswith("admin") else API if text.startswith("api/") else PAGE
            params = tuple(p for part in all_parts for p in _params(part))
            found.append(Route(text, name, kind, entry.callback, params, all_parts))

    walk(get_resolver(), (), None)
    return tuple(found)


def routes() -> list[Route]:
    """Every URL pattern, walked once per test process (the URLconf does not change while tests run)."""
    return list(_routes())


def route_url(route: Route, kwargs: dict) -> str:
    """The URL of a route with these parameters, built from the pattern text (the admin's redirects have no
    name to reverse)."""
    url = ""
    for part in route.parts:
        if isinstance(part, RoutePattern):
            text = str(part)
            for name, converter in part.converters.items():
                value = str(converter.to_url(kwargs[name]))
                text = re.sub(rf"<(\w+:)?{name}>", lambda _: value, text)
        else:
            assert isinstance(part, RegexPattern)
            text = _GROUP.sub(lambda m: str(kwargs[m.group(1)]), str(part))
            text = _UNNAMED_GROUP.sub("1", text)
            text = text.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")
        url += text
    return "/" + url.replace("//", "/")


# --- filling a route with one side's records -------------------------------------------------------------------

# Which record each page's parameters name. A page whose parameters are not here fails `route_kwargs`.
PAGE_RECORDS = {
    "job_detail": lambda w: {"pk": w.job.pk},
    "job_progress": lambda w: {"pk": w.job.pk},
    "job_retry": lambda w: {"pk": w.job.pk},
    "schools:municipality": lambda w: {"code": w.municipality.code},
    "schools:detail": lambda w: {"code": w.school.code},
    "assessments:upload": lambda w: {"pk": w.upload.pk},
    "assessments:upload_confirm": lambda w: {"pk": w.upload.pk},
    "assessments:upload_mapping": lambda w: {"pk": w.upload.pk},
    "assessments:upload_errors": lambda w: {"pk": w.upload.pk},
    "assessments:upload_file": lambda w: {"pk": w.upload.pk},
    "assessments:school": lambda w: {"code": w.school.code},
    "assessments:municipality": lambda w: {"code": w.municipality.code},
    "programs:document": lambda w: {"pk": w.document.pk},
    "programs:document_version": lambda w: {"pk": w.document.pk},
    "programs:document_transition": lambda w: {"pk": w.document.pk},
    "programs:version_download": lambda w: {"pk": w.version.pk},
    "programs:remark_answer": lambda w: {"pk": w.remark.pk},
    "programs:risk_profile": lambda w: {"school": w.school.code, "year": w.risk_profile.year},
    "programs:evidence_download": lambda w: {"pk": w.evidence.pk},
    "programs:detail": lambda w: {"code": w.program.code},
    "programs:edit": lambda w: {"code": w.program.code},
    "programs:plan": lambda w: {"code": w.program.code},
    "programs:import": lambda w: {"code": w.program.code},
    "programs:item": lambda w: {"code": w.program.code, "pk": w.plan_item.pk},
    "effect:program": lambda w: {"code": w.program.code},
    "mentoring:assignment_edit": lambda w: {"pk": w.assignment.pk},
    "mentoring:visit_edit": lambda w: {"pk": w.visit.pk},
    "mentoring:partnership": lambda w: {"pk": w.partnership.pk},
    "mentoring:partnership_edit": lambda w: {"pk": w.partnership.pk},
    "mentoring:event": lambda w: {"pk": w.event.pk},
    "mentoring:event_edit": lambda w: {"pk": w.event.pk},
    "mentoring:material_download": lambda w: {"pk": w.material.pk},
    "mentoring:teacher": lambda w: {"pk": w.teacher.pk},
    "mentoring:teacher_edit": lambda w: {"pk": w.teacher.pk},
    "mentoring:course_edit": lambda w: {"pk": w.course.pk},
    "mentoring:diagnostic_edit": lambda w: {"pk": w.diagnostic.pk},
    "mentoring:plan_edit": lambda w: {"pk": w.plan.pk},
    "mentoring:pair_edit": lambda w: {"pk": w.pair.pk},
    "mentoring:staffing_edit": lambda w: {"pk": w.staffing.pk},
    "reports:school": lambda w: {"code": w.school.code},
    "reports:download": lambda w: {"pk": w.report.pk},
    "indicators:program": lambda w: {"program_code": w.program.code},
    "indicators:add": lambda w: {"program_code": w.program.code},
    "indicators:recompute": lambda w: {"program_code": w.program.code},
    "indicators:detail": lambda w: {"program_code": w.program.code, "code": w.indicator.code},
    "indicators:edit": lambda w: {"program_code": w.program.code, "code": w.indicator.code},
    "indicators:manual_value": lambda w: {"program_code": w.program.code, "code": w.indicator.code},
    "indicators:fact": lambda w: {"program_code": w.program.code, "code": w.indicator.code},
}

# The side's record of each model an API viewset serves (one per kind).
RECORD_ATTRS = (
    "municipality",
    "school",
    "job",
    "upload",
    "result",
    "program",
    "plan_item",
    "indicator",
    "indicator_value",
    "assignment",
    "visit",
    "partnership",
    "event",
    "teacher",
    "course",
    "diagnostic",
    "plan",
    "pair",
    "staffing",
    "report",
)
# Parameters that are values rather than records: any value in range is a fair question.
VALUE_PARAMS = {"year": YEAR}
# The admin refuses anyone but staff before it looks anything up, so any well-formed value will do.
ADMIN_PARAMS = {"object_id": "1", "id": "1", "content_type_id": "1", "url": "no-such-page/"}


class UnfilledRoute(AssertionError):
    pass


def records_by_model(w) -> dict[type[Model], Model]:
    return {type(getattr(w, attr)): getattr(w, attr) for attr in RECORD_ATTRS}


def viewset_model(view_class):
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(view_class, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def route_kwargs(route: Route, w, *, fmt: str = "json") -> dict:
    """The parameters that make `route` name side `w`'s records; UnfilledRoute when the sweep cannot tell."""
    if not route.params:
        return {}
    if route.kind == ADMIN:
        kwargs = {}
        for name in route.params:
            if name == "app_label":
                match = re.search(r"\(\?P<app_label>([\w]+)", route.text)
                assert match, route.text
                kwargs[name] = match.group(1)
            elif name in ADMIN_PARAMS or name.startswith("_"):
                kwargs[name] = ADMIN_PARAMS.get(name, "1")
            else:
                raise UnfilledRoute(f"admin URL {route.label}: unknown parameter {name!r}")
        return kwargs
    if route.kind == PAGE:
        if route.name not in PAGE_RECORDS:
            raise UnfilledRoute(f"page {route.label}: add its record to PAGE_RECORDS in tests/security/sweep.py")
        kwargs = PAGE_RECORDS[route.name](w)
        if set(kwargs) != set(route.params):
            raise UnfilledRoute(f"page {route.label}: PAGE_RECORDS gives {sorted(kwargs)}, it takes {route.params}")
        return kwargs
    view = route.view_class
    kwargs = {}
    record = None
    model = viewset_model(view) if view is not None else None
    for name in route.params:
        if name == "format":  # the spreadsheet formats belong to the exporting views (core.api.ExportMixin)
            exports = isinstance(view, type) and issubclass(view, ExportMixin)
            kwargs[name] = fmt if exports or fmt not in EXPORT_FORMATS else "json"
        elif name in VALUE_PARAMS:
            kwargs[name] = VALUE_PARAMS[name]
        elif name == "program_code":
            kwargs[name] = w.program.code
        elif name == "material_pk":  # an event's material: /events/{id}/materials/{material_pk}/
            kwargs[name] = w.material.pk
        elif name in (getattr(view, "lookup_url_kwarg", None), getattr(view, "lookup_field", None)):
            record = records_by_model(w).get(model) if model is not None else None
            if record is None:
                raise UnfilledRoute(f"API {route.label}: no {model} in the world (tests/security/world.py)")
            kwargs[name] = getattr(record, view.lookup_field)
        else:
            raise UnfilledRoute(f"API {route.label}: unknown parameter {name!r}")
    return kwargs


def names_record(route: Route) -> bool:
    """Whether the route's parameters point at a record (rather than a value such as a year or a format)."""
    return any(p not in ("format", *VALUE_PARAMS) for p in route.params)


# --- reading responses ---------------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPREADSHEET_TYPES = (XLSX, "text/csv")


def content(response) -> bytes:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
        response.streaming_content = iter([data])  # so it can be read again
        return data
    return response.content


def spreadsheet_format(response) -> str | None:
    kind = response.get("Content-Type", "").split(";")[0].strip()
    return {XLSX: "xlsx", "text/csv": "csv"}.get(kind)


def spreadsheet_cells(data: bytes, fmt: str) -> list:
    """Every cell of every sheet."""
    if fmt == "csv":
        return [cell for row in read_back(data, "csv") for cell in row]
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [cell for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for cell in row]


def body_text(response) -> str:
    """What a person would read in the response: spreadsheets unpacked, JSON escapes undone."""
    data = content(response)
    fmt = spreadsheet_format(response)
    if fmt and response.status_code == 200:
        return "\n".join(str(c) for c in spreadsheet_cells(data, fmt) if c is not None)
    text = data.decode("utf-8", errors="replace")
    return text + json.dumps(text)  # covers \uXXXX-escaped JSON both ways


def leaks(response) -> bool:
    text = body_text(response)
    return MARKER in text or json.dumps(MARKER)[1:-1] in text


# --- the database, to prove a refused request changed nothing ------------------------------------------------------

PROJECT_APPS = ("core", "schools", "assessments", "risk", "programs", "indicators", "mentoring", "reports")
# Rows a refused request writes on purpose: the log of the refusal.
SNAPSHOT_SKIP = {"core.auditevent"}
SNAPSHOT_SKIP_FIELDS = {"schools.user": {"last_login"}}  # signing in touches it


def db_snapshot() -> dict[str, list[dict]]:
    """Every row of the portal's own tables (their history tables follow them, so they are left out)."""
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.app_label not in PROJECT_APPS
            or label in SNAPSHOT_SKIP
            or model.__name__.startswith("Historical")
        ):
            continue
        skip = SNAPSHOT_SKIP_FIELDS.get(label, set())
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
        snapshot[label] = list(model._base_manager.order_by("pk").values(*fields))
    return snapshot


def snapshot_diff(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# --- the OpenAPI schema --------------------------------------------------------------------------------------------

UNSAFE = ("post", "put", "patch", "delete")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_DUMMY = {"id": "1", "year": str(YEAR), "material_pk": "1"}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as the schema writes it: /api/v1/teachers/{id}/
    route: Route

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@functools.cache
def _openapi_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def openapi_schema() -> dict:
    """Generated in-process, once per test process (a second or two each time otherwise)."""
    return copy.deepcopy(_openapi_schema())


def operations(schema: dict | None = None) -> list[Operation]:
    """Every (method, path) of the schema, each tied to the URL pattern that serves it."""
    from django.urls import resolve

    by_name = {}
    for route in routes():
        if route.kind == API and "format" not in route.params:
            by_name[route.name] = route
    found = []
    for path, item in (schema or openapi_schema())["paths"].items():
        match = resolve(_PLACEHOLDER.sub(lambda m: _DUMMY.get(m.group(1), "x"), path))
        route = by_name[match.view_name]
        for method in item:
            if method in ("get", *UNSAFE):
                found.append(Operation(method, path, route))
    return found
