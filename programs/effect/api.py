"""GET /api/v1/programs/{code}/effect/ (contract 3.2): the programme's effect on one measure, served from the cache.

A miss (nothing cached, or the data changed since) is computed in the request: a region of 2,000 schools × 7 years
takes about 3 s through the portal on the shared 2-core machine and a hit about 0,3 s (benchmarks/README.md,
«Эффект программы через портал»). Misses are rare — the worker refreshes every cached effect after each import or
participant change (services.effect_recompute_later) — so a job and a 202 would only add a poll to the first view
of a new measure.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from schools.permissions import HasCapability

from . import selectors
from .forms import EffectForm
from .models import Measure
from .presenting import effect_payload
from .services import effect_fresh


class GroupSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="школ в оценке")
    before = serializers.FloatField(allow_null=True, help_text="среднее за базовые годы")
    after = serializers.FloatField(allow_null=True, help_text="среднее за годы программы")


class ComparisonSerializer(GroupSerializer):
    matched_on = serializers.ListField(
        child=serializers.CharField(), help_text="признаки сопоставления: result_<год>, context_index, urban_rural"
    )


class PlaceboSerializer(serializers.Serializer):
    estimate = serializers.FloatField(allow_null=True, help_text="разность разностей на годах до программы")
    ci = serializers.ListField(child=serializers.FloatField(), allow_null=True, help_text="95 % интервал")


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    treated = serializers.FloatField(allow_null=True, help_text="среднее сопоставленных участниц")
    comparison = serializers.FloatField(allow_null=True, help_text="взвешенное среднее школ сравнения")


class EffectSerializer(serializers.Serializer):
    program = serializers.CharField(help_text="код программы")
    measure = serializers.CharField(help_text="share_2, success, quality, objectivity, mean_score")
    procedure = serializers.CharField(
        allow_null=True, help_text="VPR, OGE, EGE, GVE; null — все процедуры правила ШНОР"
    )
    subject = serializers.CharField(allow_null=True, help_text="код предмета")
    grade = serializers.IntegerField(allow_null=True)
    first_year = serializers.IntegerField(help_text="первый год программы")
    baseline_years = serializers.ListField(child=serializers.IntegerField(), help_text="годы до программы с данными")
    followup_years = serializers.ListField(child=serializers.IntegerField(), help_text="годы программы с данными")
    treated = GroupSerializer(help_text="школы-участницы")
    comparison = ComparisonSerializer(help_text="сопоставленные школы региона, не участвовавшие в программах")
    estimate = serializers.FloatField(
        allow_null=True, help_text="разность разностей, п. п. (баллы для среднего балла); null — оценки нет"
    )
    ci = serializers.ListField(child=serializers.FloatField(), allow_null=True, help_text="интервал бутстрепа")
    ci_level = serializers.FloatField()
    method = serializers.CharField(help_text="matched_did: сопоставление и разность разностей")
    placebo = PlaceboSerializer()
    baseline_sd_diff = serializers.FloatField(
        allow_null=True, help_text="наибольшая по модулю базовая разница групп, g Хеджеса (в стандартных отклонениях)"
    )
    equivalence = serializers.ChoiceField(
        choices=["equivalent", "adjusted", "not_equivalent"],
        allow_null=True,
        help_text="вердикт WWC: ≤ 0,05 — эквивалентны; 0,05–0,25 — нужна поправка (оценка её делает); "
        "> 0,25 — не эквивалентны, оценка не приводится",
    )
    equivalence_text = serializers.CharField(allow_null=True, help_text="вердикт WWC простыми словами")
    adjusted_estimate = serializers.FloatField(allow_null=True, help_text="регрессионная оценка (ANCOVA)")
    warnings = serializers.ListField(child=serializers.CharField(), help_text="«сравнение ненадёжно: …» и сведения")
    by_year = YearSerializer(many=True, help_text="средние обеих групп по годам")
    computed_at = serializers.DateTimeField()
    data_version = serializers.CharField(help_text="отпечаток данных, по которым рассчитано")


class ProgramEffectView(APIView):
    """Эффект программы: изменились ли результаты школ-участниц больше, чем у похожих школ региона, которые в
    программах не участвовали (сопоставление, разность разностей, бутстреп, плацебо, базовая эквивалентность WWC;
    методика — docs/effect.md). Программа вне доступа пользователя — 404."""

    permission_classes = [HasCapability]

    @extend_schema(
        summary="Эффект программы",
        parameters=[
            OpenApiParameter("measure", str, enum=Measure.values, description="показатель"),
            OpenApiParameter("procedure", str, description="процедура (VPR, OGE, EGE, GVE); без неё — правило ШНОР"),
            OpenApiParameter("subject", str, description="код предмета (с процедурой)"),
            OpenApiParameter("grade", int, description="класс (с процедурой)"),
        ],
        responses=EffectSerializer,
    )
    def get(self, request, program_code: str):
        program = get_object_or_404(selectors.effect_program_list(user=request.user), code=program_code)
        form = EffectForm(data=request.query_params)
        if not form.is_valid():
            errors = {
                ("non_field_errors" if k == "__all__" else k): [str(m) for m in v] for k, v in form.errors.items()
            }
            raise serializers.ValidationError(errors)
        effect = effect_fresh(program=program, key=form.key())
        return Response(effect_payload(effect))


ROUTES: list = []
EXTRA_PATHS = [
    path("programs/<slug:program_code>/effect/", ProgramEffectView.as_view(), name="program-effect"),
]
