from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.numbers import api_percent
from core.serializers import CoverageSerializer
from core.uploads import TOO_LARGE

from .figures import figures_of_row
from .models import TerritoryLevel, Upload
from .selectors import FLAG_LABELS, flags_with_history


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField(label="Код")
    label = serializers.CharField(label="Отметка")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Field.label


class ResultListSerializer(serializers.ListSerializer):
    """The plausibility flags of all the rows at once, against their schools' history (one query)."""

    def to_representation(self, data):

        rows = list(data.all() if hasattr(data, "all") else data)
        self.context["flags"] = flags_with_history(rows)
        return super().to_representation(rows)


class ResultSerializer(serializers.Serializer):
    """Contract 1.2 fields by their aliases, plus the derived figures (percent, one decimal, null when unknown)
    and the plausibility flags beside them (domain §4: shown, never blocking)."""

    class Meta:
        list_serializer_class = ResultListSerializer

    school = serializers.CharField(source="school.code", label="Код ОО")
    school_name = serializers.CharField(source="school.display_name", label="Наименование ОО")
    procedure = serializers.CharField(label="Процедура")
    subject = serializers.CharField(source="subject.code", label="Предмет")
    grade = serializers.IntegerField(label="Класс")
    year = serializers.IntegerField(label="Год")
    participants = serializers.IntegerField(label="Участников", allow_null=True)  # null: given in shares only
    marks_2 = serializers.IntegerField(label="«2»", allow_null=True)
    marks_3 = serializers.IntegerField(label="«3»", allow_null=True)
    marks_4 = serializers.IntegerField(label="«4»", allow_null=True)
    marks_5 = serializers.IntegerField(label="«5»", allow_null=True)
    marks_4_5 = serializers.IntegerField(label="«4» и «5»", allow_null=True)
    confirmed = serializers.IntegerField(label="Подтвердили", allow_null=True)
    lowered = serializers.IntegerField(label="Понизили", allow_null=True)
    raised = serializers.IntegerField(label="Повысили", allow_null=True)
    below_min = serializers.IntegerField(label="Ниже минимума", allow_null=True)
    mean_score = serializers.DecimalField(label="Средний балл", max_digits=6, decimal_places=2, allow_null=True)
    high_scores = serializers.IntegerField(label="Высокие баллы", allow_null=True)
    min_score = serializers.IntegerField(label="Минимальный балл", allow_null=True)
    share_2 = serializers.SerializerMethodField(label="Доля «2», %")
    success = serializers.SerializerMethodField(label="Успеваемость, %")
    quality = serializers.SerializerMethodField(label="Качество знаний, %")
    objectivity = serializers.SerializerMethodField(label="Подтвердили отметку, %")
    high = serializers.SerializerMethodField(label="Доля высоких результатов, %")
    derived_from_shares = serializers.BooleanField(label="Количества вычислены из долей")
    warnings = serializers.ListField(child=serializers.CharField(), label="Замечания к данным")
    flags = serializers.SerializerMethodField(label="Отметки")

    def _figure(self, row, name) -> float | None:
        cache = getattr(row, "_figures", None)
        if cache is None:
            cache = row._figures = figures_of_row(row)
        return api_percent(cache[name])

    def get_share_2(self, row) -> float | None:
        return self._figure(row, "share_2")

    def get_success(self, row) -> float | None:
        return self._figure(row, "success")

    def get_quality(self, row) -> float | None:
        return self._figure(row, "quality")

    def get_objectivity(self, row) -> float | None:
        return self._figure(row, "objectivity")

    def get_high(self, row) -> float | None:
        return self._figure(row, "high")

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, row) -> list[dict]:

        flags = self.context.get("flags")
        if flags is None or row.pk not in flags:  # one result on its own (retrieve)
            flags = flags_with_history([row])
        return [{"code": code, "label": FLAG_LABELS[code]} for code in flags[row.pk]]


class UploadSerializer(serializers.ModelSerializer):
    error_report_url = serializers.SerializerMethodField(
        help_text="файл ошибок через маршрут API: скачивается тем же токеном, что и запрос состояния"
    )
    progress = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField(
        help_text="почему обработка остановилась (очередь недоступна, обработчик прервался); файл сохранён: POST …/retry/"
    )
    notice = serializers.SerializerMethodField(
        label="Перезапуск", help_text="обработчик прервался, и обработка запустилась снова сама; иначе пусто"
    )

    class Meta:
        model = Upload
        fields = [
            "id",
            "filename",
            "status",
            "progress",
            "dry_run",
            "created",
            "updated",
            "unchanged",
            "errors",
            "error_report_url",
            "error",
            "notice",
            "created_at",
        ]

    def get_error(self, upload) -> str:
        """Why processing stopped (the queue was down, the worker died); the file is kept: POST …/retry/."""
        return upload.job.error if upload.status == Upload.Status.FAILED and upload.job_id else ""

    def get_notice(self, upload) -> str:
        """Its worker stopped and the processing was started again by itself (core.models.Job.notice); else ""."""
        return upload.job.notice if upload.job_id else ""

    def get_error_report_url(self, upload) -> str | None:
        """The API's own route, so the token that polls the upload also downloads its report."""
        return f"/api/v1/uploads/{upload.pk}/errors/" if upload.error_report else None

    def get_progress(self, upload) -> int:
        if upload.status in ("imported", "dry_run", "rejected"):
            return 100
        return upload.job.progress if upload.job_id else 0


class UploadCreateSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)

    def validate_file(self, f):

        if f.size > settings.UPLOAD_MAX_BYTES:
            raise serializers.ValidationError(TOO_LARGE.format(limit=settings.UPLOAD_MAX_BYTES // (1024 * 1024)))
        return f


class TerritoryFigureSerializer(serializers.Serializer):
    """One territory's figures for a procedure, subject and year, summed from its schools' rows, with the schools
    behind them: `coverage` (of the share of «2»), `incomplete`, and `figure_coverage` per figure."""

    level = serializers.ChoiceField(choices=TerritoryLevel.choices, label="Уровень")
    territory = serializers.CharField(label="Код территории")
    territory_name = serializers.CharField(label="Территория")
    procedure = serializers.CharField(label="Процедура")
    subject = serializers.CharField(label="Предмет")
    grade = serializers.IntegerField(allow_null=True, label="Класс")
    year = serializers.IntegerField(label="Год")
    participants = serializers.IntegerField(label="Участников")
    share_2 = serializers.SerializerMethodField(label="Доля «2», %")
    success = serializers.SerializerMethodField(label="Успеваемость, %")
    quality = serializers.SerializerMethodField(label="Качество знаний, %")
    objectivity = serializers.SerializerMethodField(label="Подтвердили отметку, %")
    high = serializers.SerializerMethodField(label="Доля высоких результатов, %")
    coverage = serializers.SerializerMethodField(label="Охват ОО")
    incomplete = serializers.SerializerMethodField(label="Неполные данные")
    figure_coverage = serializers.SerializerMethodField(label="Охват ОО по показателям")

    def get_share_2(self, row) -> float | None:
        return api_percent(row["share_2"])

    def get_success(self, row) -> float | None:
        return api_percent(row["success"])

    def get_quality(self, row) -> float | None:
        return api_percent(row["quality"])

    def get_objectivity(self, row) -> float | None:
        return api_percent(row["objectivity"])

    def get_high(self, row) -> float | None:
        return api_percent(row["high"])

    @extend_schema_field(CoverageSerializer)
    def get_coverage(self, row) -> dict:
        return row["coverage"].as_api()

    def get_incomplete(self, row) -> bool:
        return row["coverage"].incomplete

    @extend_schema_field(serializers.DictField(child=CoverageSerializer()))
    def get_figure_coverage(self, row) -> dict:
        return {figure: c.as_api() for figure, c in row["figure_coverage"].items()}


class TerritoryResultSerializer(serializers.Serializer):
    """A whole municipality's or region's row (contract 1.2, «Уровень») as its source gave it, with its figures
    (from counts where known, else the shares as given), its data-quality warnings, and the portal's own sum over
    the territory's schools for the share of «2» with the difference (percentage points)."""

    level = serializers.CharField(source="row.level", label="Уровень")
    municipality = serializers.CharField(source="row.municipality.code", default=None, label="Муниципалитет")
    region = serializers.CharField(source="row.region.code", label="Регион")
    procedure = serializers.CharField(source="row.procedure", label="Процедура")
    subject = serializers.CharField(source="row.subject.code", label="Предмет")
    grade = serializers.IntegerField(source="row.grade", label="Класс")
    year = serializers.IntegerField(source="row.year", label="Год")
    participants = serializers.IntegerField(source="row.participants", allow_null=True, label="Участников")
    marks_2 = serializers.IntegerField(source="row.marks_2", allow_null=True, label="«2»")
    below_min = serializers.IntegerField(source="row.below_min", allow_null=True, label="Ниже минимума")
    confirmed = serializers.IntegerField(source="row.confirmed", allow_null=True, label="Подтвердили")
    lowered = serializers.IntegerField(source="row.lowered", allow_null=True, label="Понизили")
    mean_score = serializers.DecimalField(
        source="row.mean_score", max_digits=6, decimal_places=2, allow_null=True, label="Средний балл"
    )
    derived_from_shares = serializers.BooleanField(source="row.derived_from_shares", label="Вычислено из долей")
    share_2 = serializers.SerializerMethodField(label="Доля «2», %")
    success = serializers.SerializerMethodField(label="Успеваемость, %")
    quality = serializers.SerializerMethodField(label="Качество знаний, %")
    objectivity = serializers.SerializerMethodField(label="Подтвердили отметку, %")
    high = serializers.SerializerMethodField(label="Доля высоких результатов, %")
    warnings = serializers.ListField(child=serializers.CharField(), label="Замечания к данным")
    schools_share_2 = serializers.SerializerMethodField(label="Доля «2» по строкам ОО, %")
    difference_share_2 = serializers.SerializerMethodField(label="Разница с суммой по ОО, п. п.")
    coverage = CoverageSerializer(allow_null=True, label="Охват ОО суммы")

    def get_share_2(self, d) -> float | None:
        return api_percent(d["given"]["share_2"])

    def get_success(self, d) -> float | None:
        return api_percent(d["given"]["success"])

    def get_quality(self, d) -> float | None:
        return api_percent(d["given"]["quality"])

    def get_objectivity(self, d) -> float | None:
        return api_percent(d["given"]["objectivity"])

    def get_high(self, d) -> float | None:
        return api_percent(d["given"]["high"])

    def get_schools_share_2(self, d) -> float | None:
        return api_percent(d["portal"]["share_2"])

    def get_difference_share_2(self, d) -> float | None:
        return api_percent(d["difference"]["share_2"])
