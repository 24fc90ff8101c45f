from rest_framework import serializers

from core.years import YEAR_MAX, YEAR_MIN

from .models import Report


class ReportOrderSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    municipality = serializers.CharField(required=False, allow_blank=True, default="")
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)
    school = serializers.CharField(required=False, allow_blank=True, default="")
    program = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,  # a report read back (`program: null`) orders the same again
        default="",
        help_text="код программы (для вида program); пусто — все программы года",
    )
    format = serializers.ChoiceField(choices=Report.Format.choices, default=Report.Format.PDF)


class ReportSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code")
    school = serializers.SerializerMethodField()
    program = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(
        help_text="ссылка на файл готового отчёта: скачивается тем же токеном или сеансом, что и этот запрос"
    )
    job: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )  # null once its job is cleaned up

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "municipality",
            "school",
            "program",
            "year",
            "format",
            "status",
            "progress",
            "url",
            "pages",
            "job",
            "created_at",
        ]

    def get_school(self, report) -> str | None:
        return report.school.code if report.school_id else None

    def get_program(self, report) -> str | None:
        return report.program.code if report.program_id else None

    def get_progress(self, report) -> int:
        if report.status == Report.Status.DONE:
            return 100
        return report.job.progress if report.job_id else 0

    def get_url(self, report) -> str | None:
        """The API's own download route: it answers the same token or session as this endpoint."""
        return f"/api/v1/reports/{report.pk}/download/" if report.status == Report.Status.DONE else None
