from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import DOWNLOAD_RENDERERS, ID_REGEX, ExportMixin

from . import selectors
from .models import Report
from .serializers import ReportOrderSerializer, ReportSerializer
from .services import report_order


class ReportViewSet(
    ExportMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Order a report — `format` pdf, docx (Word) or xlsx (Excel, the programme report's tables) — (202, then poll) and read its status; the file is at `url` once done
    (`/api/v1/reports/{id}/download/`, with the same token or session as the rest of the API)."""

    export_title = "Отчёты"
    queryset = Report.objects.none()
    serializer_class = ReportSerializer
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    @extend_schema(request=ReportOrderSerializer, responses={202: ReportSerializer})
    def create(self, request, *args, **kwargs):
        order = ReportOrderSerializer(data=request.data)
        order.is_valid(raise_exception=True)
        data = order.validated_data
        # refusals answer through core.api.exception_handler: NotAllowed 403, NotFound 404, the rest 400
        report = report_order(
            user=request.user,
            kind=data["kind"],
            municipality_code=data["municipality"],
            year=data["year"],
            school_code=data["school"],
            program_code=data["program"] or "",
            fmt=data["format"],
        )
        report.refresh_from_db()
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="файл отчёта: PDF, Word или Excel"
            ),
            404: OpenApiResponse(description="нет такого готового отчёта в вашей зоне доступа"),
        }
    )
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD_RENDERERS)
    def download(self, request, pk=None):
        """The report's file, once it is done; logged as a download like the page's link."""
        from django.shortcuts import get_object_or_404

        from .views import report_file_response

        report = get_object_or_404(self.get_queryset(), pk=pk, status=Report.Status.DONE)
        return report_file_response(request=request, report=report)


ROUTES = [("reports", ReportViewSet, "reports")]
