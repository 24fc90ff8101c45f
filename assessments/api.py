from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import DOWNLOAD_RENDERERS, ID_REGEX, ExportMixin
from schools.permissions import HasCapability

from . import selectors, services
from .filtersets import ResultFilterSet, ResultSummaryFilterSet, TerritoryResultFilterSet
from .models import Result, TerritoryLevel, TerritoryResult, Upload
from .serializers import (
    ResultSerializer,
    TerritoryFigureSerializer,
    TerritoryResultSerializer,
    UploadCreateSerializer,
    UploadSerializer,
)
from .views import upload_error_report_response


class ResultViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ResultSerializer
    queryset = Result.objects.none()
    lookup_value_regex = ID_REGEX
    export_title = "Результаты"

    filterset_class = ResultFilterSet

    def get_queryset(self):
        return selectors.result_list(user=self.request.user)


class ResultSummaryViewSet(ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Territories' figures by procedure, subject and year, summed from their schools' rows; each row says how many
    of the territory's schools stand behind it (`coverage`, `incomplete`). Only territories whose every school the
    user sees."""

    serializer_class = TerritoryFigureSerializer
    queryset = Result.objects.none()
    export_title = "Итоги территорий"

    filterset_class = ResultSummaryFilterSet

    def get_queryset(self):
        return selectors.territory_result_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        filters = ResultSummaryFilterSet(request.query_params, queryset=Result.objects.none(), request=request)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        given = filters.form.cleaned_data
        level = "region" if given.get("level") == "region" else "municipality"
        # `level` picks the territories summed; their results are then narrowed like any list's.
        filters.queryset = selectors.territory_result_list(user=request.user, level=level)
        figures = selectors.territory_figure_list(
            user=request.user, level=level, results=filters.qs, grade=given.get("grade") or None
        )
        page = self.paginate_queryset(figures)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(figures, many=True).data)


class TerritoryResultViewSet(ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Whole municipalities' and regions' rows as their sources gave them (contract 1.2, «Уровень»): the figures,
    the data-quality warnings, and beside them the portal's own sum over the territory's schools (those the caller
    sees) with the difference."""

    serializer_class = TerritoryResultSerializer
    queryset = TerritoryResult.objects.none()
    export_title = "Итоги территорий по данным источников"
    filterset_class = TerritoryResultFilterSet

    def get_queryset(self):
        return selectors.territory_row_list(user=self.request.user).order_by(
            "year", "procedure", "subject__order", "grade", "pk"
        )

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        data = self.get_serializer(self._compared(page if page is not None else list(rows)), many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _compared(self, rows):
        """The rows with their comparison, one sum query per territory on the page."""
        from schools.models import School

        visible = School.objects.visible_to(self.request.user)
        by_territory: dict[tuple, list] = {}
        for r in rows:
            by_territory.setdefault((r.level, r.municipality_id, r.region_id), []).append(r)
        compared = {}
        for (level, municipality_id, region_id), group in by_territory.items():
            schools = (
                visible.filter(municipality_id=municipality_id)
                if level == TerritoryLevel.MUNICIPALITY
                else visible.filter(municipality__region_id=region_id)
            )
            for d in selectors.territory_comparison(rows=group, schools=schools):
                compared[d["row"].pk] = d
        return [compared[r.pk] for r in rows]


class UploadViewSet(
    ExportMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """POST a results file (multipart `file`, optional `dry_run`): 202 with the upload to poll."""

    export_title = "Загрузки результатов"
    permission_classes = [HasCapability]
    write_capability = "results.upload"
    queryset = Upload.objects.none()
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        return selectors.upload_list(user=self.request.user).select_related("job")

    def get_serializer_class(self):
        return UploadCreateSerializer if self.action == "create" else UploadSerializer

    @extend_schema(request=UploadCreateSerializer, responses={202: UploadSerializer})
    def create(self, request, *args, **kwargs):
        serializer = UploadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        f = serializer.validated_data["file"]
        upload = services.upload_create(
            user=request.user, content=f.read(), filename=f.name, dry_run=serializer.validated_data["dry_run"]
        )
        upload.refresh_from_db()
        return Response(UploadSerializer(upload).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={202: UploadSerializer, 409: OpenApiResponse(description="файл уже в очереди или обрабатывается")},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Run a failed or checked upload again (after a crash, or to import after a clean dry run)."""
        upload = self.get_object()
        dry_run = request.data.get("dry_run") in (True, "true", "1") if "dry_run" in request.data else False
        upload = services.upload_enqueue(upload=upload, dry_run=dry_run, user=request.user)  # busy: 409
        return Response(UploadSerializer(upload).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(
                OpenApiTypes.BINARY, description="отчёт об ошибках"
            ),
            404: OpenApiResponse(description="нет такой загрузки с отчётом об ошибках в вашей зоне доступа"),
        }
    )
    @action(detail=True, methods=["get"], url_path="errors", renderer_classes=DOWNLOAD_RENDERERS)
    def error_report(self, request, pk=None):
        """The rejected file with a column of errors (the upload's `error_report_url`); logged as a download."""

        upload = get_object_or_404(self.get_queryset().exclude(error_report=""), pk=pk)
        return upload_error_report_response(request=request, upload=upload)


ROUTES = [
    ("results-summary", ResultSummaryViewSet, "results-summary"),
    ("results", ResultViewSet, "results"),
    ("territory-results", TerritoryResultViewSet, "territory-results"),
    ("uploads", UploadViewSet, "uploads"),
]
