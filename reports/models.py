from django.conf import settings
from django.db import models
from django.db.models import Q

from schools.access import MUNICIPAL_READERS, ScopedQuerySet, role_in
from schools.models import Municipality, School


class ReportQuerySet(ScopedQuerySet):
    def scope_q(self, user) -> Q:
        """School reports of the user's schools; municipal reports only for the roles that read a municipality."""
        scope = Q(school__in=School.objects.visible_to(user))
        if role_in(user, MUNICIPAL_READERS):
            scope |= Q(school__isnull=True, municipality__in=Municipality.objects.visible_to(user))
        return scope


class Report(models.Model):
    """A report (PDF, Word or Excel) ordered by a user and built by the worker; kept with who ordered it and when."""

    class Kind(models.TextChoices):
        PROGRAM = "program", "Годовой отчёт о реализации программы"
        SCHOOL = "school", "Досье школы"
        VPR_NOTE = "vpr-note", "Аналитическая справка по ВПР (5–6 классы)"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"

    class Status(models.TextChoices):
        PENDING = "pending", "В очереди"
        RUNNING = "running", "Формируется"
        DONE = "done", "Готов"
        FAILED = "failed", "Ошибка"

    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey("schools.Municipality", verbose_name="муниципалитет", on_delete=models.CASCADE)
    school = models.ForeignKey("schools.School", verbose_name="ОО", null=True, blank=True, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("год")
    # One programme of the municipality; empty: every programme of the year.
    program = models.ForeignKey(
        "programs.Program", verbose_name="программа", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField("формат", max_length=10, choices=Format.choices, default=Format.PDF)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PENDING)
    file = models.CharField("файл", max_length=300, blank=True)
    pages = models.PositiveIntegerField("страниц", null=True, blank=True)
    size = models.PositiveIntegerField("размер, байт", null=True, blank=True)
    timings = models.JSONField("время построения, с", default=dict, blank=True)
    job = models.ForeignKey("core.Job", verbose_name="задача", null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="заказал", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("заказан", auto_now_add=True)
    finished_at = models.DateTimeField("готов", null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "отчёт"
        verbose_name_plural = "отчёты"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="school") | Q(school__isnull=False), name="report_school_kind_has_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.school or self.municipality}, {self.year}"

    @property
    def filename(self) -> str:
        target = self.school.code if self.school is not None else self.municipality.code
        if self.program is not None:
            target = f"{target}-{self.program.code}"
        return f"{self.kind}-{target}-{self.year}.{self.format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


CONTENT_TYPES: dict[str, str] = {
    Report.Format.PDF: "application/pdf",
    Report.Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Report.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
