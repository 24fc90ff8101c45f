from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class CuratorAssignmentQuerySet(models.QuerySet):
    def active(self, on=None) -> "CuratorAssignmentQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)))


class CuratorAssignment(models.Model):
    """A curator (and optionally a curator school) helping a school for a period; it is the curator's scope."""

    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="куратор", on_delete=models.CASCADE, related_name="curator_assignments"
    )
    school = models.ForeignKey(
        "schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="curator_assignments"
    )
    curator_school = models.ForeignKey(
        "schools.School", verbose_name="школа-куратор", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="curated_assignments",
    )
    start = models.DateField("начало")
    end = models.DateField("окончание", null=True, blank=True)
    history = HistoricalRecords()

    objects = CuratorAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "назначение куратора"
        verbose_name_plural = "назначения кураторов"
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="curator_period"),
        ]

    def __str__(self) -> str:
        return f"{self.curator} → {self.school}"
