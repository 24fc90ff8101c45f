from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from core.api import ExportMixin

from . import selectors
from .models import Report
from .serializers import ReportOrderSerializer, ReportSerializer
from .services import ReportError, report_order


class ReportViewSet(ExportMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                    viewsets.GenericViewSet):
    """Order a PDF (202, then poll) and read its status; the file is at `url` once done."""

    export_title = "Отчёты"
    queryset = Report.objects.none()
    serializer_class = ReportSerializer

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    @extend_schema(request=ReportOrderSerializer, responses={202: ReportSerializer})
    def create(self, request, *args, **kwargs):
        order = ReportOrderSerializer(data=request.data)
        order.is_valid(raise_exception=True)
        data = order.validated_data
        try:
            report = report_order(user=request.user, kind=data["kind"], municipality_code=data["municipality"],
                                  year=data["year"], school_code=data["school"])
        except ReportError as exc:
            if exc.not_found:
                raise NotFound(exc.message) from exc
            if exc.message.startswith("Недостаточно"):
                raise PermissionDenied(exc.message) from exc
            raise ValidationError({"detail": exc.message}) from exc
        report.refresh_from_db()
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)


ROUTES = [("reports", ReportViewSet, "reports")]
