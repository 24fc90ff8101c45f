"""GET /api/v1/indicators/ and /{code}/, GET /api/v1/indicator-values/ (contract §3), with the exports.

An indicator is named by its code. When the same code is in several programmes of the caller's scope, `?program=`
picks one; without it `/{code}/` answers the indicator of the programme that started last. Outside the scope: 404.
Writes need `indicators.edit`: POST `{program, preset, targets, baseline}` attaches a preset (or POST a definition:
`code, name, unit, direction, comparator, method, measure, params`), PATCH changes targets, baseline and note.

A computed indicator's recorded facts (a figure its document states for a year): GET/POST `/{code}/facts/`,
GET/PATCH `/{code}/facts/{year}/` with `value, evidence, evidence_url`. A value is `null` with status `no_data` when
the portal has no data for the year (`note` says why); where a recorded fact stands in, `source` is "recorded" and
the fact is in `recorded` (it is there beside a computed value too).
"""

from typing import cast

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import CODE_REGEX, ExportMixin
from core.numbers import api_percent, round1
from core.serializers import CoverageSerializer
from schools.access import sees_whole_municipalities
from schools.permissions import HasCapability

from . import selectors
from . import services as svc
from .filtersets import IndicatorFilterSet, IndicatorValueFilterSet
from .models import Indicator, IndicatorFact, IndicatorValue


def api_number(value, unit: str):
    """Percentages and points: numbers rounded to one decimal; counts: whole where whole; None: null."""
    if value is None:
        return None
    if unit in ("percent", "pp"):
        return api_percent(value)
    rounded = round1(value)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


VISIBLE_CODES = "visible_school_codes"  # serializer context: {school code: visible to the caller}
NULLABLE_NUMBER = serializers.FloatField(allow_null=True)  # null: unknown (no data, nothing to divide)


class BaselineSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True, required=False)
    value = serializers.FloatField(allow_null=True, required=False)


class PopulationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(Indicator.Population.choices, label="Совокупность")
    year = serializers.IntegerField(label="Год участников или списка")
    label = serializers.CharField(label="Совокупность (текст)")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Field.label
    count = serializers.IntegerField(label="ОО в совокупности")
    schools = serializers.ListField(child=serializers.CharField(), label="Коды ОО (в вашей зоне доступа)")


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(label="Код")
    name = serializers.CharField(label="Наименование")
    unit = serializers.CharField(label="Единица")
    direction = serializers.CharField(label="Направление")
    comparator = serializers.CharField(label="Сравнение с целью")
    method = serializers.CharField(label="Способ")
    measure = serializers.CharField(label="Мера")
    params = serializers.JSONField(label="Настройки расчёта")
    population = serializers.CharField(label="Совокупность ОО")
    baseline = serializers.SerializerMethodField(label="Базовое значение")
    targets = serializers.SerializerMethodField(label="Целевые значения")
    note = serializers.CharField(label="Примечание")
    program = serializers.CharField(source="program.code", label="Программа")
    municipality = serializers.CharField(source="program.municipality.code", label="Муниципалитет")

    @extend_schema_field(BaselineSerializer)
    def get_baseline(self, obj) -> dict:
        return {
            "year": obj.baseline_year,
            "value": None if obj.baseline_value is None else api_number(obj.baseline_value, obj.unit),
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_targets(self, obj) -> dict:
        return dict(obj.targets or {})


class IndicatorWriteSerializer(serializers.Serializer):
    """POST: `program` and either `preset` (a library code) or a definition; PATCH: targets, baseline, note."""

    program = serializers.CharField(required=False)
    preset = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    unit = serializers.ChoiceField(Indicator.Unit.choices, required=False)
    direction = serializers.ChoiceField(Indicator.Direction.choices, required=False)
    comparator = serializers.ChoiceField(Indicator.Comparator.choices, required=False)
    method = serializers.ChoiceField(Indicator.Method.choices, required=False)
    measure = serializers.CharField(required=False, allow_blank=True)
    params = serializers.DictField(required=False)
    population = serializers.ChoiceField(
        Indicator.Population.choices,
        required=False,
        error_messages={
            "invalid_choice": "Совокупность ОО «{input}» не предусмотрена: participants, list_of_year или list_of_base_year."
        },
    )
    baseline = BaselineSerializer(required=False)
    targets = serializers.DictField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class IndicatorFactSerializer(serializers.Serializer):
    """A recorded fact of a computed indicator's year."""

    year = serializers.IntegerField(label="Год")
    value = serializers.SerializerMethodField(label="Записанное значение")
    evidence = serializers.CharField(label="Подтверждение")
    evidence_url = serializers.CharField(label="Ссылка на подтверждение")
    author = serializers.CharField(source="author.username", default=None, allow_null=True, label="Записал")
    recorded_at = serializers.DateTimeField(label="Записано")

    @extend_schema_field(NULLABLE_NUMBER)
    def get_value(self, obj):
        return api_number(obj.value, obj.indicator.unit)


class IndicatorFactWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, label="Год")
    value = serializers.CharField(label="Значение", allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True, default="", label="Подтверждение")
    evidence_url = serializers.CharField(required=False, allow_blank=True, default="", label="Ссылка")


def _call(fn, **kwargs):
    return fn(**kwargs)  # a refusal (ApplicationError) answers through core.api.exception_handler


# The list's filters are IndicatorFilterSet's; on one indicator the same two codes pick among same-coded ones.
_PICK = [
    OpenApiParameter("program", OpenApiTypes.STR, description="код программы"),
    OpenApiParameter("municipality", OpenApiTypes.STR, description="код муниципалитета"),
]


@extend_schema_view(retrieve=extend_schema(parameters=_PICK))
class IndicatorViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer
    permission_classes = [HasCapability]
    write_capability = "indicators.edit"
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]
    export_title = "Показатели"

    def get_serializer_class(self):
        if self.action in ("facts", "fact"):  # the export's columns are the facts' own
            return IndicatorFactWriteSerializer if self.request.method in ("POST", "PATCH") else IndicatorFactSerializer
        return IndicatorWriteSerializer if self.request.method in ("POST", "PATCH") else IndicatorSerializer

    filterset_class = IndicatorFilterSet

    def get_queryset(self):
        return selectors.indicator_list(user=self.request.user)

    def get_object(self):
        p = self.request.query_params
        indicator = selectors.indicator_by_code(
            user=self.request.user,
            code=self.kwargs["code"],
            program=p.get("program", ""),
            municipality=p.get("municipality", ""),
        )
        if indicator is None:
            raise Http404
        self.check_object_permissions(self.request, indicator)
        return indicator

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request, *args, **kwargs):
        data = IndicatorWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        program = selectors.program_for(user=request.user, code=d.get("program", "")).first()
        if program is None:
            raise serializers.ValidationError({"program": "Программа не найдена в вашей зоне доступа."})
        baseline = d.get("baseline") or {}
        common = dict(
            user=request.user,
            program=program,
            targets=d.get("targets"),
            params=d.get("params"),
            baseline_year=baseline.get("year"),
            baseline_value=baseline.get("value"),
            note=d.get("note", ""),
            population=d.get("population"),
        )
        if d.get("preset"):
            ind = _call(svc.indicator_attach_preset, code=d["preset"], name=d.get("name", ""), **common)
        else:
            missing = [f for f in ("code", "name", "unit", "direction", "comparator", "method") if not d.get(f)]
            if missing:
                raise serializers.ValidationError(dict.fromkeys(missing, "Обязательное поле."))
            ind = _call(
                svc.indicator_save,
                code=d["code"],
                name=d["name"],
                unit=d["unit"],
                direction=d["direction"],
                comparator=d["comparator"],
                method=d["method"],
                measure=d.get("measure", ""),
                **common,
            )
        return Response(IndicatorSerializer(ind).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorWriteSerializer, responses={200: IndicatorSerializer})
    def partial_update(self, request, *args, **kwargs):
        ind = self.get_object()
        data = IndicatorWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        baseline = d.get("baseline")
        ind = _call(
            svc.indicator_save,
            user=request.user,
            program=ind.program,
            indicator=ind,
            code=ind.code,
            name=d.get("name", ind.name),
            unit=ind.unit,
            direction=ind.direction,
            comparator=d.get("comparator", ind.comparator),
            method=ind.method,
            measure=ind.measure,
            params=d.get("params", ind.params),
            baseline_year=baseline.get("year") if baseline is not None else ind.baseline_year,
            baseline_value=baseline.get("value") if baseline is not None else ind.baseline_value,
            targets=d.get("targets", ind.targets),
            note=d.get("note", ind.note),
            population=d.get("population", ind.population),
        )
        return Response(IndicatorSerializer(ind).data)

    list_actions = ("facts",)

    def _facts(self, indicator):
        return (
            IndicatorFact.objects.visible_to(self.request.user)
            .filter(indicator=indicator)
            .select_related("indicator", "author")
        )

    @extend_schema(methods=["GET"], responses={200: IndicatorFactSerializer(many=True)})
    @extend_schema(methods=["POST"], request=IndicatorFactWriteSerializer, responses={201: IndicatorFactSerializer})
    @action(detail=True, methods=["get", "post"], url_path="facts")
    def facts(self, request, code=None, **kwargs):
        """The recorded facts of a computed indicator; POST records one for a year (or corrects that year's)."""
        ind = self.get_object()
        if request.method == "GET":  # a list like every other: paged, all rows in an export
            facts = self._facts(ind).order_by("year")
            page = self.paginate_queryset(facts)
            if page is None:
                return Response(IndicatorFactSerializer(facts, many=True).data)
            return self.get_paginated_response(IndicatorFactSerializer(page, many=True).data)
        data = IndicatorFactWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        if d.get("year") is None:
            raise serializers.ValidationError({"year": "Укажите год."})
        fact = _call(
            svc.indicator_fact_record,
            user=request.user,
            indicator=ind,
            year=d["year"],
            value=d["value"],
            evidence=d["evidence"],
            evidence_url=d["evidence_url"],
        )
        return Response(IndicatorFactSerializer(self._facts(ind).get(pk=fact.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: IndicatorFactSerializer})
    @extend_schema(methods=["PATCH"], request=IndicatorFactWriteSerializer, responses={200: IndicatorFactSerializer})
    @action(detail=True, methods=["get", "patch"], url_path=r"facts/(?P<year>\d{4})")
    def fact(self, request, code=None, year=None, **kwargs):
        """One year's recorded fact; PATCH corrects its value or evidence (history keeps the earlier entry)."""
        ind = self.get_object()
        fact = self._facts(ind).filter(year=int(year)).first()
        if fact is None:
            raise Http404
        if request.method == "GET":
            return Response(IndicatorFactSerializer(fact).data)
        data = IndicatorFactWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        _call(
            svc.indicator_fact_record,
            user=request.user,
            indicator=ind,
            year=fact.year,
            value=d.get("value", str(fact.value)),
            evidence=d["evidence"] if "evidence" in request.data else fact.evidence,
            evidence_url=d["evidence_url"] if "evidence_url" in request.data else fact.evidence_url,
        )
        return Response(IndicatorFactSerializer(self._facts(ind).get(pk=fact.pk)).data)


class IndicatorValueSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code", label="Показатель")
    program = serializers.CharField(source="indicator.program.code", label="Программа")
    year = serializers.IntegerField(label="Год")
    scope = serializers.SerializerMethodField(label="Уровень")
    municipality = serializers.CharField(source="indicator.program.municipality.code", label="Муниципалитет")
    school = serializers.CharField(source="school.code", default=None, allow_null=True, label="Код ОО")
    value = serializers.SerializerMethodField(label="Значение")
    numerator = serializers.SerializerMethodField(label="Числитель")
    denominator = serializers.SerializerMethodField(label="Знаменатель")
    target = serializers.SerializerMethodField(label="Цель")
    status = serializers.CharField(label="Статус")
    unit = serializers.CharField(source="indicator.unit", label="Единица")
    computed_at = serializers.DateTimeField(label="Рассчитано")
    evidence = serializers.CharField(label="Подтверждение")
    population = serializers.SerializerMethodField(label="Совокупность ОО")
    coverage = serializers.SerializerMethodField(label="Охват ОО")
    source = serializers.CharField(label="Источник")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Field.source
    note = serializers.CharField(label="Пояснение")
    recorded = serializers.SerializerMethodField(label="Записанный факт")

    @extend_schema_field(IndicatorFactSerializer(allow_null=True))
    def get_recorded(self, obj):
        if obj.fact is None:
            return None
        obj.fact.indicator = obj.indicator  # the same row: no query per value
        return IndicatorFactSerializer(obj.fact).data

    def get_scope(self, obj) -> str:
        return "school" if obj.school_id else "municipality"

    @extend_schema_field(NULLABLE_NUMBER)
    def get_value(self, obj):
        return api_number(obj.value, obj.indicator.unit)

    @extend_schema_field(NULLABLE_NUMBER)
    def get_numerator(self, obj):
        return api_number(obj.numerator, "count")

    @extend_schema_field(NULLABLE_NUMBER)
    def get_denominator(self, obj):
        return api_number(obj.denominator, "count")

    @extend_schema_field(NULLABLE_NUMBER)
    def get_target(self, obj):
        return api_number(obj.target, obj.indicator.unit)

    @extend_schema_field(PopulationSerializer(allow_null=True))
    def get_population(self, obj):
        """Whose schools the municipality's value is taken over; the schools listed are those the caller may see."""
        population = (obj.details or {}).get("population")
        if obj.school_id or not population:
            return None
        codes = population.get("schools", [])
        visible = self._visible_codes(codes)
        return {
            "kind": population["kind"],
            "year": population["year"],
            "label": population["label"],
            "count": len(codes),
            "schools": [c for c in codes if c in visible],
        }

    def _visible_codes(self, codes) -> set[str]:
        cache = cast(dict, self.context).setdefault(VISIBLE_CODES, {})  # drf-stubs: a Mapping; DRF's is a dict
        request = self.context.get("request")
        if request is None or sees_whole_municipalities(request.user):
            return set(codes)  # the population is of the value's municipality, visible as a whole
        missing = [c for c in codes if c not in cache]
        if missing:
            seen = set(selectors.visible_school_codes(user=request.user, codes=missing)) if request else set(missing)
            cache.update({c: c in seen for c in missing})
        return {c for c in codes if cache[c]}

    @extend_schema_field(CoverageSerializer(allow_null=True))
    def get_coverage(self, obj) -> dict | None:
        """Municipal values of measures built from results: how many of the population's schools stand behind them."""
        coverage = (obj.details or {}).get("coverage")
        return None if obj.school_id or not coverage else {"schools": coverage["schools"], "of": coverage["of"]}


class IndicatorValueViewSet(ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = IndicatorValue.objects.none()
    serializer_class = IndicatorValueSerializer
    export_title = "Значения показателей"

    def get_serializer(self, *args, **kwargs):
        """A page of values: which of their populations' schools the caller may see, read in one query."""
        if args and isinstance(args[0], (list, QuerySet)) and not sees_whole_municipalities(self.request.user):
            codes = {c for v in args[0] for c in ((v.details or {}).get("population") or {}).get("schools", ())}
            visible = set(selectors.visible_school_codes(user=self.request.user, codes=codes)) if codes else set()
            kwargs.setdefault("context", self.get_serializer_context())[VISIBLE_CODES] = {
                c: c in visible for c in codes
            }
        return super().get_serializer(*args, **kwargs)

    def get_serializer_class(self):
        return IndicatorValueExportSerializer if self.is_export() else IndicatorValueSerializer

    filterset_class = IndicatorValueFilterSet

    def get_queryset(self):
        return selectors.value_list(user=self.request.user)


class IndicatorValueExportSerializer(IndicatorValueSerializer):
    """The spreadsheet: the same rows, with the result and the source in Russian and the recorded fact spelled out
    (an unknown value is an empty cell beside «нет данных», never 0)."""

    name = serializers.CharField(source="indicator.name", label="Наименование")
    status = serializers.CharField(source="get_status_display", label="Итог")
    source = serializers.CharField(source="get_source_display", label="Источник")
    recorded = None  # type: ignore[assignment]  # DRF: a field set to None is dropped from the subclass
    recorded_value = serializers.SerializerMethodField(label="Записанное значение")
    recorded_evidence = serializers.CharField(source="fact.evidence", default="", label="Подтверждение записи")
    recorded_url = serializers.CharField(source="fact.evidence_url", default="", label="Ссылка на подтверждение")
    recorded_by = serializers.CharField(source="fact.author.username", default="", label="Записал")

    def get_recorded_value(self, obj):
        return None if obj.fact is None else api_number(obj.fact.value, obj.indicator.unit)


ROUTES = [
    ("indicators", IndicatorViewSet, "indicators"),
    ("indicator-values", IndicatorValueViewSet, "indicator-values"),
]
