"""The programme's effect as last computed, per measure (the cache the page, the API and the report serve)."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.fields import UnicodeJSONEncoder
from schools.access import ScopedQuerySet


class Measure(models.TextChoices):
    """Contract 3.2's `measure`: a school-year figure (percent, or points for the mean score)."""

    SHARE_2 = "share_2", "доля «2» (ниже минимума)"
    SUCCESS = "success", "успеваемость"
    QUALITY = "quality", "качество знаний"
    OBJECTIVITY = "objectivity", "подтвердили отметку"
    MEAN_SCORE = "mean_score", "средний балл"


class ProgramEffect(models.Model):
    """One programme's effect on one measure of one procedure, subject and grade (blank: all the ШНОР rule's
    procedures together), with the data version it was computed on: a different version is a stale row."""

    program = models.ForeignKey(
        "programs.Program", verbose_name="программа", on_delete=models.CASCADE, related_name="effects"
    )
    measure = models.CharField("показатель", max_length=20, choices=Measure.choices)
    procedure = models.CharField("процедура", max_length=3, blank=True)
    subject = models.CharField("предмет (код)", max_length=30, blank=True)
    grade = models.PositiveSmallIntegerField("класс (0 — все)", default=0)  # not NULL: one row per key, by constraint
    result = models.JSONField("результат", default=dict, encoder=UnicodeJSONEncoder)
    series = models.JSONField("ряды по годам", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    computed_at = models.DateTimeField("рассчитан")
    duration_ms = models.PositiveIntegerField("длительность, мс", default=0)
    data_version = models.CharField("версия данных", max_length=64)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "program__municipality"

    class Meta:
        verbose_name = "эффект программы"
        verbose_name_plural = "эффекты программ"
        ordering = ["program", "measure", "procedure", "subject", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "measure", "procedure", "subject", "grade"],
                name="effect_unique_key",
            ),
            models.CheckConstraint(condition=Q(measure__in=Measure.values), name="effect_measure_known"),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.get_measure_display()}"
