"""Models of the ШНОР rule: its versioned parameters and the log of every list recompute."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.fields import UnicodeJSONEncoder
from schools.access import ScopedQuerySet
from schools.models import Municipality

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from schools.models import User

# Domain §5 defaults: VPR 5 and 6 Russian and maths, OGE Russian and maths, EGE Russian, base and profile maths.
DEFAULT_PROCEDURES: list[dict[str, Any]] = [
    {"procedure": "VPR", "subject": "russian", "grade": 5},
    {"procedure": "VPR", "subject": "math", "grade": 5},
    {"procedure": "VPR", "subject": "russian", "grade": 6},
    {"procedure": "VPR", "subject": "math", "grade": 6},
    {"procedure": "OGE", "subject": "russian", "grade": 9},
    {"procedure": "OGE", "subject": "math", "grade": 9},
    {"procedure": "EGE", "subject": "russian", "grade": 11},
    {"procedure": "EGE", "subject": "math_base", "grade": 11},
    {"procedure": "EGE", "subject": "math_profile", "grade": 11},
]


class RiskRuleQuerySet(models.QuerySet["RiskRule"]):
    def current(self) -> "RiskRule":
        """The version in force: the newest one (a data migration creates version 1)."""
        return self.latest("version")


class RiskRule(models.Model):
    """One version of the ШНОР rule's parameters. Versions are only ever added, never changed."""

    version = models.PositiveIntegerField("версия", unique=True)
    threshold = models.PositiveSmallIntegerField("порог низкого результата, %", default=30)
    watch_threshold = models.PositiveSmallIntegerField("порог зоны риска, %", default=20)
    procedures = models.JSONField("процедуры правила", default=list, encoder=UnicodeJSONEncoder)
    count_a = models.PositiveSmallIntegerField("критерий A: низких процедур в прошлом году", default=2)
    count_b = models.PositiveSmallIntegerField("критерий B: низких процедур в каждом из двух лет", default=1)
    note = models.CharField("что изменено и почему", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("когда", auto_now_add=True)

    objects = RiskRuleQuerySet.as_manager()

    class Meta:
        db_table = "assessments_riskrule"  # the table predates the app: kept, with its data
        verbose_name = "версия правила ШНОР"
        verbose_name_plural = "версии правила ШНОР"
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=1) & Q(threshold__lte=100), name="risk_rule_threshold_range"
            ),
            models.CheckConstraint(
                condition=Q(watch_threshold__gte=1) & Q(watch_threshold__lte=100), name="risk_rule_watch_range"
            ),
            models.CheckConstraint(condition=Q(count_a__gte=1) & Q(count_b__gte=1), name="risk_rule_counts_positive"),
        ]

    def __str__(self) -> str:
        return f"Правило ШНОР v{self.version}"


class RiskRunQuerySet(ScopedQuerySet):
    def scope_q(self, user: "User | AnonymousUser") -> Q:
        """A run over the whole region (no municipality) is seen by all; a municipality's, by its readers."""
        return Q(municipality__isnull=True) | Q(municipality__in=Municipality.objects.visible_to(user))


class RiskRun(models.Model):
    """One recompute of the computed lists for a year (one municipality, or all): what it changed and by which rule.

    Statuses are replaced set-based (no per-row history), so the run keeps the change: schools added and removed.
    """

    year = models.PositiveSmallIntegerField("год списка")
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name="муниципалитет",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    rule_version = models.PositiveIntegerField("версия правила")
    previous_rule_versions = models.JSONField("прежние версии правила", default=list, blank=True)
    listed = models.PositiveIntegerField("в списке", default=0)
    watch = models.PositiveIntegerField("в зоне риска", default=0)
    added = models.JSONField("добавлены в список (коды ОО)", default=list, blank=True, encoder=UnicodeJSONEncoder)
    removed = models.JSONField("исключены из списка (коды ОО)", default=list, blank=True, encoder=UnicodeJSONEncoder)
    duration_ms = models.PositiveIntegerField("длительность, мс", default=0)
    trigger = models.CharField("повод", max_length=20, default="manual")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField("рассчитано", auto_now_add=True)

    objects = RiskRunQuerySet.as_manager()

    class Meta:
        db_table = "assessments_riskrun"  # the table predates the app: kept, with its data
        verbose_name = "пересчёт списка ШНОР"
        verbose_name_plural = "пересчёты списков ШНОР"
        ordering = ["-computed_at", "-pk"]
        indexes = [models.Index(fields=["year", "municipality", "computed_at"])]

    def __str__(self) -> str:
        return f"Пересчёт ШНОР {self.year} (v{self.rule_version})"
