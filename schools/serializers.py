from rest_framework import serializers

from .models import Municipality, School, SchoolStatus


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
    parent = serializers.SerializerMethodField(label="Код головной ОО")
    aliases = serializers.ListField(child=serializers.CharField(), label="Синонимы")
    statuses = StatusSerializer(many=True, read_only=True, label="Статусы")

    class Meta:
        model = School
        fields = ["code", "name", "short_name", "type", "municipality", "settlement", "parent", "aliases", "statuses"]

    def get_parent(self, school: School) -> str | None:
        return school.parent.code if school.parent_id else None
