from django.utils.encoding import smart_str
from rest_framework import serializers

from .models import Job


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's, but a value with a NUL character is simply not found, before the lookup: PostgreSQL cannot compare
    it and would answer with a server error (DRF's related fields, unlike its CharField, let it through)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=smart_str(data.replace("\x00", "")))
        return super().to_internal_value(data)


class JobSerializer(serializers.ModelSerializer):
    notice = serializers.CharField(
        read_only=True,
        label="Перезапуск",
        help_text="Что случилось с задачей, если её обработчик "
        "остановился и она перезапущена автоматически; иначе пусто.",
    )

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "status", "progress", "result", "error", "notice", "created_at", "finished_at"]


class CoverageSerializer(serializers.Serializer):
    """`coverage: {"schools": N, "of": M}` of a territory's figure summed from schools' rows (core.coverage)."""

    schools = serializers.IntegerField(label="ОО с данными")
    of = serializers.IntegerField(label="ОО территории в реестре")
