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
