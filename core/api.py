"""What every endpoint shares: the contract's pagination, exports of all matching rows, denial logging."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .audit import audit_log
from .exports import EXPORT_FORMATS, CSVRenderer, XLSXRenderer
from .models import AuditEvent, Job
from .serializers import JobSerializer


# A record that does not exist and one outside the user's scope get the same answer: nothing to probe with.
NOT_FOUND = "Не найдено: такой записи нет или она вне вашей зоны доступа."


def exception_handler(exc, context):
    if isinstance(exc, Http404):  # get_object_or_404's text is English and names the model
        exc = exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, exceptions.PermissionDenied):
        request = context.get("request")
        audit_log(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, reason=str(exc.detail))
    return drf_exception_handler(exc, context)


class ExportMixin:
    """`?format=csv|xlsx` answers with every matching row, not one page, and the export is logged. Only views with
    this mixin have the spreadsheet renderers, so an export can be neither paged nor unlogged."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer, XLSXRenderer]
    export_title = "Данные"
    export_columns: list[tuple[str, str]] | None = None

    def is_export(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) in EXPORT_FORMATS

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


class ReadOnlyScopedViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    """Reads start from the user's scope; whatever is outside it does not exist (404)."""

    lookup_field = "code"


class ScopedViewSet(ExportMixin, viewsets.ModelViewSet):
    lookup_field = "code"


class JobViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    """Any background job the user started or may see; others' are 404."""

    export_title = "Фоновые задачи"
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
        from .jobs import JobError, job_retry

        try:
            job = job_retry(job=self.get_object(), user=request.user)
        except JobError as exc:
            if exc.forbidden:
                raise exceptions.PermissionDenied(exc.message) from exc
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


ROUTES = [("jobs", JobViewSet, "jobs")]
