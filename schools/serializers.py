from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import SlugRelatedField

from .models import Municipality, School, SchoolStatus

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


class SchoolDetailSerializer(SchoolSerializer):
    """One school: its card's fields, the distance to next year's ШНОР list and its context group (issue 18)."""

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
        fields = [*SchoolSerializer.Meta.fields, "distance", "context_group"]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_distance(self, school: School) -> dict | None:
        from assessments.risk.near import distance_payload, school_distance

        return distance_payload(school_distance(school=school))

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_context_group(self, school: School) -> dict | None:
        from programs.effect.selectors import school_context

        return school_context(school=school)
