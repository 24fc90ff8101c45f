"""Indicators of a programme (domain §7): definitions with targets, and their values per year (the municipality
and, where the measure makes sense per school, each school), each value with what stands behind it."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.fields import UnicodeJSONEncoder
from schools.access import ScopedQuerySet

if TYPE_CHECKING:
    from core.coverage import Coverage

__all__ = ["Indicator", "IndicatorFact", "IndicatorValue"]


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", "%"
        COUNT = "count", "количество"
        POINTS = "points", "баллы"
        PP = "pp", "п. п."

    class Direction(models.TextChoices):
        HIGHER = "higher", "чем больше, тем лучше"
        LOWER = "lower", "чем меньше, тем лучше"

    class Comparator(models.TextChoices):
        GE = "ge", "≥"
        LE = "le", "≤"
        EQ = "eq", "="

    class Method(models.TextChoices):
        COMPUTED = "computed", "рассчитывается порталом"
        MANUAL = "manual", "вносится вручную"

    program = models.ForeignKey(
        "programs.Program", verbose_name="программа", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField("код", max_length=60)
    name = models.CharField("наименование", max_length=1000)
    unit = models.CharField("единица", max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    direction = models.CharField("направление", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    comparator = models.CharField("сравнение с целью", max_length=2, choices=Comparator.choices, default=Comparator.GE)
    method = models.CharField("способ", max_length=10, choices=Method.choices, default=Method.COMPUTED)
    # A key of programs.indicators.MEASURES; blank for manual indicators.
    measure = models.CharField("мера", max_length=50, blank=True)
    # The settings that resolve the seeds' ambiguities: {"mode": "pp"}, {"per": "subject"}, {"list": ...}, ...
    params = models.JSONField("настройки расчёта", default=dict, blank=True, encoder=UnicodeJSONEncoder)

    class Population(models.TextChoices):
        # Whose schools the measures over a school set count (contract §3 «Whose schools»): programs.indicators.
        PARTICIPANTS = "participants", "участники программы года (если программа их не называет — список года)"
        LIST_OF_YEAR = "list_of_year", "список года"
        LIST_OF_BASE_YEAR = "list_of_base_year", "список базового года"

    population = models.CharField(
        "совокупность ОО", max_length=20, choices=Population.choices, default=Population.PARTICIPANTS
    )
    baseline_year = models.PositiveSmallIntegerField("базовый год", null=True, blank=True)
    baseline_value = models.DecimalField("базовое значение", max_digits=14, decimal_places=2, null=True, blank=True)
    # {"2023": 79, "2024": 89}
    targets = models.JSONField("целевые значения по годам", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    note = models.TextField("примечание", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=100)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    history = HistoricalRecords(table_name="programs_historicalindicator")

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "program__municipality"

    class Meta:
        db_table = "programs_indicator"  # the table it had as a model of programs
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["program_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=Q(method="manual", measure="") | (Q(method="computed") & ~Q(measure="")),
                name="indicator_method_measure",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def target_for(self, year: int) -> Decimal | None:
        value = (self.targets or {}).get(str(year))
        return None if value in (None, "") else Decimal(str(value))

    @property
    def target_years(self) -> list[int]:
        return sorted(int(y) for y, v in (self.targets or {}).items() if v not in (None, ""))


class IndicatorFact(models.Model):
    """A figure a programme's document records for a computed indicator's year (Lazo's 65 % of 2022), with its
    evidence and author. Shown beside the computed value; where the portal has no data for the year it stands in
    for it, marked as recorded. History keeps every earlier entry."""

    indicator = models.ForeignKey(Indicator, verbose_name="показатель", on_delete=models.CASCADE, related_name="facts")
    year = models.PositiveSmallIntegerField("год")
    value = models.DecimalField("значение", max_digits=18, decimal_places=6)
    evidence = models.TextField("подтверждение", blank=True)
    evidence_url = models.URLField("ссылка на подтверждение", max_length=1000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="записал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("записано")
    history = HistoricalRecords(table_name="programs_historicalindicatorfact")

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "indicator__program__municipality"

    class Meta:
        db_table = "programs_indicatorfact"  # the table it had as a model of programs
        verbose_name = "записанный факт показателя"
        verbose_name_plural = "записанные факты показателей"
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_fact_unique_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="indicator_fact_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value} (записано вручную)"


class IndicatorValue(models.Model):
    """A value of a year: for the programme's municipality (school empty) or for one school."""

    class Status(models.TextChoices):
        MET = "met", "достигнуто"
        NOT_MET = "not_met", "не достигнуто"
        NO_DATA = "no_data", "нет данных"

    class Source(models.TextChoices):
        COMPUTED = "computed", "рассчитано порталом"
        RECORDED = "recorded", "записано вручную"

    indicator = models.ForeignKey(Indicator, verbose_name="показатель", on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField("год")
    school = models.ForeignKey(
        "schools.School", verbose_name="ОО", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField("значение", max_digits=18, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField("числитель", max_digits=16, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField("знаменатель", max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField("цель", max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.NO_DATA)
    # {school code: count}: who stands behind the numerator and the denominator.
    numerator_schools = models.JSONField("ОО в числителе", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    denominator_schools = models.JSONField("ОО в знаменателе", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    # Extra figures the value was made of (the previous year of a change, per-school shares, ...).
    details = models.JSONField("подробности", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    # The definition at compute time: measure, params, targets, comparator, unit.
    definition = models.JSONField("определение при расчёте", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    computed_at = models.DateTimeField("рассчитано (внесено)")
    evidence = models.TextField("подтверждение", blank=True)
    evidence_url = models.URLField("ссылка на подтверждение", max_length=1000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="внёс",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where the value comes from: the portal's computation, or a recorded figure (a manual indicator's entry, or a
    # computed indicator's recorded fact standing in for a year without data).
    source = models.CharField("источник", max_length=10, choices=Source.choices, default=Source.COMPUTED)
    # The recorded fact of the year (municipality rows of computed indicators), beside or instead of the computation.
    fact = models.ForeignKey(
        IndicatorFact,
        verbose_name="записанный факт",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(table_name="programs_historicalindicatorvalue")

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "indicator__program__municipality"
    scope_school = "school"

    class Meta:
        db_table = "programs_indicatorvalue"  # the table it had as a model of programs
        verbose_name = "значение показателя"
        verbose_name_plural = "значения показателей"
        ordering = ["indicator_id", "year", "school_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=Q(school__isnull=True), name="indicator_value_unique_total"
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "school"],
                condition=Q(school__isnull=False),
                name="indicator_value_unique_school",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="indicator_value_year_range"),
        ]
        indexes = [models.Index(fields=["indicator", "school", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"

    @property
    def coverage(self) -> "Coverage | None":
        """For a municipal value of a measure over results: the schools behind it (core.coverage), else None."""
        from core.coverage import Coverage

        c = (self.details or {}).get("coverage")
        return Coverage(schools=c["schools"], of=c["of"]) if c and self.school_id is None else None

    @property
    def note(self) -> str:
        """What a reader must know beside the figure: why there is none, that a list was computed and is empty,
        or that the figure is a recorded one. Empty when the figure speaks for itself."""
        details = self.details or {}
        if self.source == self.Source.RECORDED and self.fact_id:
            return "записано вручную: портал не располагает данными за этот год"
        if self.value is None:
            no_data: str = details.get("no_data", "")
            return no_data
        if details.get("list") == "computed" and self.numerator == 0 and self.denominator:
            return f"0 из {self.denominator:.0f} ОО — список рассчитан, школ в нём нет"
        return ""
