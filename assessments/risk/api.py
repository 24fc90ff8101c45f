"""The ШНОР list endpoints: the year's lists (contract 3), recompute on demand, official list upload (contract 1.3)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ExportMixin
from core.tables import TableError, table_read
from core.uploads import upload_limits
from core.years import year_valid
from schools.models import Municipality
from schools.permissions import HasCapability

from . import formatting as risk_formatting
from . import near as risk_near
from . import selectors as risk_selectors
from . import services as risk


class ReasonSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    procedure = serializers.CharField(allow_null=True, help_text="VPR, OGE, EGE; null — все процедуры правила вместе")
    subject = serializers.CharField(allow_null=True)
    grade = serializers.IntegerField(allow_null=True)
    participants = serializers.IntegerField()
    share_2 = serializers.FloatField(allow_null=True)


class ListedSerializer(serializers.Serializer):
    school = serializers.CharField()
    criteria = serializers.ListField(child=serializers.CharField(), help_text="A, B; в зоне риска: threshold, growth")
    reasons = ReasonSerializer(many=True)


class RuleSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    threshold = serializers.IntegerField()
    procedures = serializers.ListField(child=serializers.DictField())
    count_a = serializers.IntegerField()
    count_b = serializers.IntegerField()
    watch_threshold = serializers.IntegerField()


class OfficialSerializer(serializers.Serializer):
    school = serializers.CharField()
    level = serializers.CharField(allow_null=True)


class DifferencesSerializer(serializers.Serializer):
    only_computed = serializers.ListField(child=serializers.CharField())
    only_official = serializers.ListField(child=serializers.CharField())


class NearSerializer(serializers.Serializer):
    school = serializers.CharField(help_text="код ОО")
    direction = serializers.ChoiceField(
        choices=["in", "out"], help_text="in — в шаге от списка следующего года, out — в шаге от выхода из него"
    )
    procedure = serializers.CharField(help_text="процедура, изменение которой меняет вердикт (меньше всего учеников)")
    subject = serializers.CharField()
    grade = serializers.IntegerField()
    share_2 = serializers.FloatField(allow_null=True, help_text="доля «2» (ниже минимума) в этом году, %")
    threshold = serializers.IntegerField(help_text="порог низкой процедуры, %")
    pupils_to_flip = serializers.IntegerField(help_text="сколько учеников с другим результатом меняют вердикт")


class RiskListSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    rule = RuleSerializer()
    computed_at = serializers.DateTimeField(allow_null=True)
    schools = ListedSerializer(many=True)
    watch_list = ListedSerializer(many=True)
    official = OfficialSerializer(many=True)
    differences = DifferencesSerializer()
    near = NearSerializer(
        many=True, help_text="школы в одном шаге от списка следующего года или от выхода из него (по результатам года)"
    )


class RecomputeSerializer(serializers.Serializer):
    municipality = serializers.CharField(required=False, allow_blank=True, help_text="код муниципалитета")


class OfficialUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    region = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="код региона: заменить список всех его муниципалитетов; без него — только муниципалитетов ОО из файла",
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="только показать, что изменится, ничего не записывая"
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class MunicipalityChangeSerializer(serializers.Serializer):
    municipality = serializers.CharField(help_text="код муниципалитета")
    name = serializers.CharField()
    year = serializers.IntegerField()
    kind = serializers.CharField(help_text="shnor, shnsu, 500plus, nonobjective")
    added = serializers.ListField(child=serializers.CharField(), help_text="коды ОО")
    changed = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    unchanged = serializers.IntegerField()


class OfficialOutcomeSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="imported, dry_run, rejected")
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    removed = serializers.IntegerField()
    region = serializers.CharField(allow_null=True, help_text="код региона, если заменялся список всего региона")
    municipalities = MunicipalityChangeSerializer(many=True, help_text="что изменилось (изменится) по муниципалитетам")
    errors = RowErrorSerializer(many=True)  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Serializer.errors


def _year_checked(year: int) -> int:
    """The lists' years are stored as small integers: a year far outside them is no list (404), not a crash."""
    if not year_valid(year):
        raise NotFound("Списков за такой год нет: год должен быть от 2000 до 2100.")
    return year


def _municipality(request, code: str | None) -> Municipality | None:
    """A municipality in the caller's scope by code; outside the scope it does not exist (404)."""
    if not code:
        return None
    return get_object_or_404(Municipality.objects.visible_to(request.user), code=code)


class RiskListView(ExportMixin, APIView):
    """The year's computed ШНОР list with criteria and reasons, the watch-list, the official list and the
    differences, in the caller's scope. `?format=csv|xlsx`: one row per school of the three lists."""

    permission_classes = [HasCapability]
    basename = "risk-list"
    export_title = "Списки ШНОР"
    export_columns = [
        ("school", "Код ОО"),
        ("name", "Наименование ОО"),
        ("list", "Список"),
        ("criteria", "Критерии"),
        ("reasons", "Основания"),
        ("level", "Уровень (официальный список)"),
        ("difference", "Расхождение"),
    ]

    @extend_schema(
        parameters=[OpenApiParameter("municipality", OpenApiTypes.STR, description="код муниципалитета")],
        responses=RiskListSerializer,
    )
    def get(self, request, year: int):
        year = _year_checked(year)
        municipality = _municipality(request, request.query_params.get("municipality"))
        lists = risk_selectors.risk_list(user=request.user, year=year, municipality=municipality)
        if self.is_export():
            return Response(risk_formatting.export_rows(lists))
        near = risk_near.near_list(user=request.user, year=year, municipality=municipality, rule=lists.rule)
        return Response(risk_formatting.risk_list_payload(lists, near))


class RiskRecomputeView(APIView):
    """Queue a recompute of the year's lists (one municipality, or the caller's scope): 202 and a job to poll."""

    permission_classes = [HasCapability]
    write_capability = "risk.recompute"
    parser_classes = [FormParser, MultiPartParser, *APIView.parser_classes]

    @extend_schema(
        request=RecomputeSerializer,
        parameters=[OpenApiParameter("municipality", OpenApiTypes.STR, description="код муниципалитета")],
        responses={
            202: inline_serializer(
                "RiskRecomputeQueued",
                {
                    "job": serializers.IntegerField(),
                    "status": serializers.CharField(),
                    "url": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request, year: int):
        year = _year_checked(year)
        if not isinstance(request.data, dict):
            raise serializers.ValidationError('Ожидается объект: {"municipality": "код"}.')
        given = RecomputeSerializer(
            data={"municipality": request.data.get("municipality") or request.query_params.get("municipality", "")}
        )
        given.is_valid(raise_exception=True)  # a text field: refuses what PostgreSQL cannot compare (NUL)
        municipality = _municipality(request, given.validated_data.get("municipality"))
        job = risk.risk_recompute_enqueue(user=request.user, year=year, municipality=municipality)
        return Response(
            {"job": job.pk, "status": job.status, "url": f"/api/v1/jobs/{job.pk}/"}, status=status.HTTP_202_ACCEPTED
        )


class OfficialListUploadView(APIView):
    """Upload an official list (contract 1.3), whole or nothing: 200 with the counts per municipality, or 400 with
    row errors. It replaces the lists of the file's schools' municipalities only; `region` replaces a whole region's;
    `dry_run` writes nothing and answers what would change."""

    permission_classes = [HasCapability]
    write_capability = "risk.official_import"
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=OfficialUploadSerializer, responses={200: OfficialOutcomeSerializer, 400: OfficialOutcomeSerializer}
    )
    def post(self, request):
        serializer = OfficialUploadSerializer(data=request.data)
        if not serializer.is_valid():  # no file, or not a file: the same documented 400 as a rejected table
            return _rejected("; ".join(str(m) for messages in serializer.errors.values() for m in messages), "file")
        f = serializer.validated_data["file"]
        try:
            table = table_read(f.read(), filename=f.name, limits=upload_limits())
        except TableError as exc:
            return _rejected(exc.message)
        data = serializer.validated_data
        outcome = risk.official_list_import(
            table=table, user=request.user, region_code=data["region"], dry_run=data["dry_run"]
        )
        return Response(outcome.as_dict(), status=400 if outcome.status == "rejected" else 200)


def _rejected(message: str, column: str = "") -> Response:
    return Response(
        {
            "status": "rejected",
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "removed": 0,
            "region": None,
            "municipalities": [],
            "errors": [{"row": 0, "column": column, "message": message}],
        },
        status=400,
    )


ROUTES: list = []
EXTRA_PATHS = [
    path("risk-lists/official/", OfficialListUploadView.as_view(), name="risk-official-upload"),
    path("risk-lists/<int:year>/", RiskListView.as_view(), name="risk-list"),
    path("risk-lists/<int:year>/recompute/", RiskRecomputeView.as_view(), name="risk-recompute"),
]
