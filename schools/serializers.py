from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.numbers import api_percent
from core.serializers import SlugRelatedField

from .models import Municipality, School, SchoolContext, SchoolStatus

SCHOOL_NOT_FOUND = "Школа с кодом «{value}» не найдена в вашей зоне доступа."
MUNICIPALITY_NOT_FOUND = "Муниципалитет с кодом «{value}» не найден в вашей зоне доступа."


def request_user(serializer_field):
    request = serializer_field.context.get("request")
    return getattr(request, "user", None)


class SchoolCodeField(SlugRelatedField):
    """A school named by its code; only the writer's schools are accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"does_not_exist": SCHOOL_NOT_FOUND})
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        user = request_user(self)
        return School.objects.visible_to(user) if user else School.objects.none()


class MunicipalityCodeField(SlugRelatedField):
    """A municipality named by its code; only the writer's are accepted (another's reads as unknown)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"does_not_exist": MUNICIPALITY_NOT_FOUND})
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        user = request_user(self)
        return Municipality.objects.visible_to(user) if user else Municipality.objects.none()


class MunicipalitySerializer(serializers.ModelSerializer):
    code = serializers.CharField(label="Код")
    name = serializers.CharField(label="Муниципалитет")
    region = serializers.CharField(source="region.name", label="Регион")

    class Meta:
        model = Municipality
        fields = ["code", "name", "region"]


class StatusSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="kind")

    class Meta:
        model = SchoolStatus
        fields = ["year", "status", "source", "level"]


class SchoolSerializer(serializers.ModelSerializer):
    code = serializers.CharField(label="Код ОО")
    name = serializers.CharField(label="Наименование ОО")
    short_name = serializers.CharField(label="Краткое наименование")
    type = serializers.CharField(label="Тип ОО")
    municipality = serializers.CharField(source="municipality.code", label="Код муниципалитета")
    settlement = serializers.CharField(label="Населённый пункт")
    parent = serializers.SerializerMethodField(label="Код головной ОО")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Field.parent
    aliases = serializers.ListField(child=serializers.CharField(), label="Синонимы")
    statuses = StatusSerializer(many=True, read_only=True, label="Статусы")

    class Meta:
        model = School
        fields = ["code", "name", "short_name", "type", "municipality", "settlement", "parent", "aliases", "statuses"]

    def get_parent(self, school: School) -> str | None:
        return school.parent.code if school.parent is not None else None


class SchoolContextSerializer(serializers.ModelSerializer):
    """A school's context in a year (contract 1.1): shares as percentages to one decimal, null when unknown."""

    urban_rural = serializers.CharField(label="Город/село")
    low_income_share = serializers.SerializerMethodField(label="Доля детей из малоимущих семей, %")
    sen_share = serializers.SerializerMethodField(label="Доля обучающихся с ОВЗ, %")
    non_native_share = serializers.SerializerMethodField(label="Доля не владеющих русским языком, %")
    resource_index = serializers.FloatField(label="Индекс образовательных ресурсов", allow_null=True)

    class Meta:
        model = SchoolContext
        fields = [
            "year",
            "urban_rural",
            "enrolment",
            "low_income_share",
            "sen_share",
            "non_native_share",
            "resource_index",
        ]

    def get_low_income_share(self, context: SchoolContext) -> float | None:
        return api_percent(context.low_income_share)

    def get_sen_share(self, context: SchoolContext) -> float | None:
        return api_percent(context.sen_share)

    def get_non_native_share(self, context: SchoolContext) -> float | None:
        return api_percent(context.non_native_share)


class SchoolDetailSerializer(SchoolSerializer):
    """One school: the list's fields, its context by year (oldest first), the distance to next year's ШНОР list and
    its context group (issue 18)."""

    context = SchoolContextSerializer(source="contexts", many=True, read_only=True, label="Контекст по годам")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Field.context

    distance = serializers.SerializerMethodField(
        label="Расстояние до списка ШНОР",
        help_text="по последним результатам: в списке ли школа следующего года, в шаге ли от входа (direction in) "
        "или выхода (out), сколько учеников меняют вердикт; по каждой процедуре правила",
    )
    context_group = serializers.SerializerMethodField(
        label="Контекстная группа",
        help_text="школы похожего социального контекста; результат школы (доля «2» по процедурам правила ШНОР) рядом "
        "с медианой группы, муниципалитетом и регионом; null — контекста для группы недостаточно",
    )

    class Meta(SchoolSerializer.Meta):
        fields = [*SchoolSerializer.Meta.fields, "context", "distance", "context_group"]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_distance(self, school: School) -> dict | None:
        from assessments.risk.near import distance_payload, school_distance

        return distance_payload(school_distance(school=school))

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_context_group(self, school: School) -> dict | None:
        from programs.effect.selectors import school_context

        return school_context(school=school)


def _latest_context(school: School) -> SchoolContext | None:
    contexts = list(school.contexts.all())  # prefetched, newest first (schools.api)
    return contexts[0] if contexts else None


class SchoolRegistryExportSerializer(serializers.Serializer):
    """The schools list as a spreadsheet: the registry's own columns (contract 1.1) with the latest context, so the
    file goes back through the registry import as it is; the statuses at the end, for people."""

    region = serializers.CharField(source="municipality.region.name", label="Регион")
    municipality_code = serializers.CharField(source="municipality.code", label="Код муниципалитета")
    municipality = serializers.CharField(source="municipality.name", label="Муниципалитет")
    code = serializers.CharField(label="Код ОО")
    name = serializers.CharField(label="Наименование ОО")
    short_name = serializers.CharField(label="Краткое наименование")
    type = serializers.CharField(label="Тип ОО")
    settlement = serializers.CharField(label="Населённый пункт")
    parent = serializers.SerializerMethodField(label="Код головной ОО")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Field.parent
    aliases = serializers.ListField(child=serializers.CharField(), label="Синонимы")
    year = serializers.SerializerMethodField(label="Год")
    urban_rural = serializers.SerializerMethodField(label="Город/село")
    enrolment = serializers.SerializerMethodField(label="Обучающихся")
    low_income_share = serializers.SerializerMethodField(label="Доля детей из малоимущих семей, %")
    sen_share = serializers.SerializerMethodField(label="Доля обучающихся с ОВЗ, %")
    non_native_share = serializers.SerializerMethodField(label="Доля не владеющих русским языком, %")
    resource_index = serializers.SerializerMethodField(label="Индекс образовательных ресурсов")
    statuses = serializers.SerializerMethodField(label="Статусы")

    def get_parent(self, school: School) -> str | None:
        return school.parent.code if school.parent is not None else None

    def _context_value(self, school: School, key: str):
        context = _latest_context(school)
        return getattr(context, key) if context is not None else None

    def get_year(self, school: School) -> int | None:
        return self._context_value(school, "year")

    def get_urban_rural(self, school: School) -> str | None:
        return self._context_value(school, "urban_rural") or None

    def get_enrolment(self, school: School) -> int | None:
        return self._context_value(school, "enrolment")

    def get_low_income_share(self, school: School):
        return self._context_value(school, "low_income_share")

    def get_sen_share(self, school: School):
        return self._context_value(school, "sen_share")

    def get_non_native_share(self, school: School):
        return self._context_value(school, "non_native_share")

    def get_resource_index(self, school: School):
        return self._context_value(school, "resource_index")

    def get_statuses(self, school: School) -> list[str]:
        return [
            f"{st.get_kind_display()} {st.year}" + (f" ({st.get_level_display().lower()})" if st.level else "")
            for st in school.statuses.all()
        ]
