"""What every endpoint shares: the contract's pagination, exports of all matching rows, denial logging."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .audit import audit_log
from .converters import CODE_REGEX, ID_REGEX
from .errors import ApplicationError, NotAllowed
from .exports import EXPORT_FORMATS, CSVRenderer, XLSXRenderer
from .models import AuditEvent, Job
from .serializers import JobSerializer

# A record that does not exist and one outside the user's scope get the same answer: nothing to probe with.
NOT_FOUND = "Не найдено: такой записи нет или она вне вашей зоны доступа."
SERVER_ERROR = (
    "На сервере произошла ошибка. Повторите запрос позже; если ошибка повторится, сообщите администратору портала."
)
EXPORT_LISTS_ONLY = (
    "Выгрузка в CSV и XLSX есть только у списков и только для чтения (GET): запросите список "
    "с ?format=csv или ?format=xlsx, а запись или изменение отправьте без параметра format."
)


# The one error body of every endpoint (contracts §3): `detail` is the Russian message a page would show, `code` a
# stable machine code, `errors` each `{field, message}` (field null for the request as a whole). A validation error
# also keeps DRF's own keys (`{"title": ["…"]}`) beside them, which clients read today.
ERROR_KEYS = ("detail", "code", "errors")


def _flatten(data, prefix=None) -> list[dict]:
    """DRF's error detail (a dict of fields, a list, nested serializers) as `[{field, message}]`, fields dotted."""
    if isinstance(data, dict):
        return [
            e
            for key, value in data.items()
            for e in _flatten(
                value,
                None
                if key in ("detail", api_settings.NON_FIELD_ERRORS_KEY)
                else key
                if prefix is None
                else f"{prefix}.{key}",
            )
        ]
    if isinstance(data, list):
        if all(not isinstance(item, (dict, list)) for item in data):
            return [{"field": prefix, "message": str(item)} for item in data]
        return [
            e
            for i, item in enumerate(data)
            if item
            for e in _flatten(item, str(i) if prefix is None else f"{prefix}.{i}")
        ]
    return [{"field": prefix, "message": str(data)}]


def _code(exc) -> str:
    detail = getattr(exc, "detail", None)
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    return str(getattr(detail, "code", "") or getattr(exc, "default_code", "") or "error")


def error_body(*, detail: str, code: str, errors: list[dict]) -> dict:
    return {"detail": detail, "code": code, "errors": errors}


def exception_handler(exc, context):
    """Every error of the API in one shape: ApplicationError, Django's ValidationError/PermissionDenied/Http404 and
    DRF's own exceptions (their statuses as DRF gives them: 400, 401, 403, 404, 405, 406, 409, 415, 429)."""
    request = context.get("request")
    if isinstance(exc, ApplicationError):
        if isinstance(exc, NotAllowed):
            audit_log(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, reason=exc.message)
        return Response(error_body(detail=exc.message, code=exc.code, errors=exc.errors), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):  # get_object_or_404's text is English and names the model
        exc = exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, exceptions.PermissionDenied):
        audit_log(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, reason=str(exc.detail))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    errors = _flatten(data) or [{"field": None, "message": str(exceptions.ValidationError.default_detail)}]
    kept = (
        {k: v for k, v in data.items() if k not in ERROR_KEYS}
        if isinstance(data, dict) and isinstance(exc, exceptions.ValidationError)
        else {}
    )
    response.data = {**kept, **error_body(detail=errors[0]["message"], code=_code(exc), errors=errors)}
    return response


ERROR_SCHEMA = {
    "type": "object",
    "description": "Ошибка: текст по-русски, машинный код и список ошибок по полям (поле null — запрос в целом).",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string", "nullable": True}, "message": {"type": "string"}},
            },
        },
    },
    "required": ["detail", "code", "errors"],
    "additionalProperties": True,  # a validation error keeps DRF's own `{"field": ["…"]}` beside them
}
ERROR_RESPONSES = {
    "400": "неверный запрос",
    "401": "не выполнен вход",
    "403": "недостаточно прав",
    "404": "не найдено или вне вашей зоны доступа",
    "409": "конфликт: запись в другом состоянии или занята",
}


def schema_error_responses(result, generator, request, public):
    """drf-spectacular hook: one shared `Error` component, answered by every operation's 400/401/403/404 (409 where
    documented); a response an operation documents with its own body (an upload's outcome) keeps it."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code, description in ERROR_RESPONSES.items():
                if code == "409" and code not in responses:
                    continue
                response = responses.setdefault(code, {"description": description})
                response.setdefault("content", content)
    return result


if TYPE_CHECKING:
    _ExportBase = APIView  # what the mixin is mixed into: its request, its renderers
else:
    _ExportBase = object


class ExportMixin(_ExportBase):
    """`?format=csv|xlsx` answers with every matching row, not one page, and the export is logged. Only views with
    this mixin have the spreadsheet renderers, so an export can be neither paged nor unlogged."""

    # drf-stubs type the setting as its dotted paths; at runtime api_settings holds the imported classes.
    renderer_classes: Sequence[type[renderers.BaseRenderer]] = [
        *cast(Sequence[type[renderers.BaseRenderer]], api_settings.DEFAULT_RENDERER_CLASSES),
        CSVRenderer,
        XLSXRenderer,
    ]
    export_title = "Данные"
    export_columns: list[tuple[str, str]] | None = None

    def is_export(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) in EXPORT_FORMATS

    # Actions on one object that answer a list of its parts (an indicator's recorded facts): they export too.
    list_actions: tuple[str, ...] = ()

    def export_allowed(self, request) -> bool:
        """A spreadsheet is a list read: GET or HEAD of a list (a viewset's list or other non-detail action, a
        `list_actions` one, or a plain view's GET); a detail, a write or a download has nothing to tabulate."""
        if request.method not in ("GET", "HEAD"):
            return False
        return getattr(self, "detail", False) is not True or getattr(self, "action", None) in self.list_actions

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # signed in and allowed first: their errors come before ours
        if self.is_export() and not self.export_allowed(request):
            request.accepted_renderer, request.accepted_media_type = renderers.JSONRenderer(), "application/json"
            raise exceptions.NotAcceptable(EXPORT_LISTS_ONLY)

    def paginate_queryset(self, queryset):
        if self.is_export():
            return None
        return super().paginate_queryset(queryset)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.is_export() and response.status_code == 200:
            fmt = request.accepted_renderer.format
            response["Content-Disposition"] = f'attachment; filename="{self.basename}.{fmt}"'
            audit_log(kind=AuditEvent.Kind.EXPORT, request=request, what=self.basename, format=fmt)
        return response


class FileRenderer(renderers.BaseRenderer):
    """Lets a download action answer a client that asks for the file's own type (`Accept: application/pdf`) or
    anything; the file itself is a Django FileResponse, and an error (404, 401) still reads as JSON."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data, "application/json", renderer_context)


# For the actions that serve a stored file: JSON for errors, the file for the rest.
DOWNLOAD_RENDERERS = [renderers.JSONRenderer, FileRenderer]


def file_download(*, request, open_file, filename: str, content_type: str | None = None, what: str, **data):
    """The one way a stored file leaves the portal, from a page or from the API (session or token): logged as a
    download with the signed-in user, then streamed as an attachment. `open_file` opens the file for reading."""
    from django.http import FileResponse

    audit_log(kind=AuditEvent.Kind.DOWNLOAD, request=request, what=what, **data)
    kwargs = {"content_type": content_type} if content_type else {}
    return FileResponse(open_file(), as_attachment=True, filename=filename, **kwargs)


class ReadOnlyScopedViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    """Reads start from the user's scope; whatever is outside it does not exist (404)."""

    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


class ScopedViewSet(ExportMixin, viewsets.ModelViewSet):
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


class JobViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    """Any background job the user started or may see; others' are 404."""

    export_title = "Фоновые задачи"
    lookup_value_regex = ID_REGEX
    queryset = Job.objects.none()  # for the schema; get_queryset scopes the real reads

    def get_serializer_class(self):
        from .serializers import JobSerializer

        return JobSerializer

    def get_queryset(self):
        from .jobs import job_list

        return job_list(user=self.request.user)

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Queue a failed job again (after a crash or a broker outage): 202 and the job to poll; 409 when it is not
        failed or is retried elsewhere (an upload: `/uploads/{id}/retry/`), 403 without the right to start it."""
        from .jobs import job_retry

        job = job_retry(job=self.get_object(), user=request.user)  # NotAllowed 403, Conflict 409
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


ROUTES = [("jobs", JobViewSet, "jobs")]
