from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.fields import UnicodeJSONEncoder
from schools.access import MUNICIPAL_STAFF, ScopedQuerySet, role_in
from schools.models import Municipality


class Procedure(models.TextChoices):
    VPR = "VPR", "ВПР"
    OGE = "OGE", "ОГЭ"
    EGE = "EGE", "ЕГЭ"
    GVE = "GVE", "ГВЭ"


GRADES = {
    # Grade 9 beyond the contract's 4–8, 10, 11: the autumn 2020 VPR was written in grade 9 (seed 003).
    Procedure.VPR: (4, 5, 6, 7, 8, 9, 10, 11),
    Procedure.OGE: (9,),
    Procedure.EGE: (11,),
    Procedure.GVE: (9, 11),
}


class Subject(models.Model):
    """Reference data (contract 1.5), with the short forms people write in their tables."""

    code = models.CharField("код", max_length=30, unique=True)
    name = models.CharField("название", max_length=100, unique=True)
    short_forms = models.JSONField("другие написания", default=list, blank=True, encoder=UnicodeJSONEncoder)
    order = models.PositiveSmallIntegerField("порядок", default=100)

    class Meta:
        verbose_name = "предмет"
        verbose_name_plural = "предметы"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MinimumScore(models.Model):
    """The EGE/OGE minimum score in force for a subject and year (official values shipped, editable)."""

    procedure = models.CharField("процедура", max_length=3, choices=Procedure.choices)
    subject = models.ForeignKey(Subject, verbose_name="предмет", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("год")
    score = models.PositiveSmallIntegerField("минимальный балл")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "минимальный балл"
        verbose_name_plural = "минимальные баллы"
        ordering = ["-year", "procedure", "subject__order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "subject", "year"], name="min_score_unique"),
            models.CheckConstraint(condition=Q(score__lte=100), name="min_score_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_procedure_display()} {self.subject} {self.year}: {self.score}"


COUNT_FIELDS = (
    "participants",
    "marks_2",
    "marks_3",
    "marks_4",
    "marks_5",
    "marks_4_5",
    "confirmed",
    "lowered",
    "raised",
    "below_min",
    "high_scores",
)
SHARE_FIELDS = ("share_2", "success", "quality", "share_high", "objectivity", "lowered_share", "below_min_share")
"""Shares as the file gave them (percent, 0–100), NULL when the file gave none: the form the sources print."""
VALUE_FIELDS = (*COUNT_FIELDS, "mean_score", "min_score", *SHARE_FIELDS, "derived_from_shares", "data_warnings")


class ResultValues(models.Model):
    """The values of a result (contract 1.2), whoever it belongs to: a school (Result) or a territory
    (TerritoryResult). Counts may be derived from shares (rounded to whole pupils, `derived_from_shares`); without
    participants the shares stay as given and n is unknown. Every share a page or the API shows comes from
    `assessments.figures.figures_of_row`, whichever form the row came in."""

    participants = models.PositiveIntegerField("участников", null=True, blank=True)
    marks_2 = models.PositiveIntegerField("«2»", null=True, blank=True)
    marks_3 = models.PositiveIntegerField("«3»", null=True, blank=True)
    marks_4 = models.PositiveIntegerField("«4»", null=True, blank=True)
    marks_5 = models.PositiveIntegerField("«5»", null=True, blank=True)
    marks_4_5 = models.PositiveIntegerField("«4» и «5»", null=True, blank=True)
    confirmed = models.PositiveIntegerField("подтвердили", null=True, blank=True)
    lowered = models.PositiveIntegerField("понизили", null=True, blank=True)
    raised = models.PositiveIntegerField("повысили", null=True, blank=True)
    below_min = models.PositiveIntegerField("ниже минимума", null=True, blank=True)
    mean_score = models.DecimalField("средний балл", max_digits=6, decimal_places=2, null=True, blank=True)
    high_scores = models.PositiveIntegerField("высокие баллы", null=True, blank=True)
    min_score = models.PositiveSmallIntegerField("минимальный балл", null=True, blank=True)
    share_2 = models.DecimalField("доля «2», % (из файла)", max_digits=5, decimal_places=2, null=True, blank=True)
    success = models.DecimalField("успеваемость, % (из файла)", max_digits=5, decimal_places=2, null=True, blank=True)
    quality = models.DecimalField("качество, % (из файла)", max_digits=5, decimal_places=2, null=True, blank=True)
    share_high = models.DecimalField(
        "доля высоких, % (из файла)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    objectivity = models.DecimalField(
        "подтвердили, % (из файла)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    lowered_share = models.DecimalField("понизили, % (из файла)", max_digits=5, decimal_places=2, null=True, blank=True)
    below_min_share = models.DecimalField(
        "ниже минимума, % (из файла)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    derived_from_shares = models.BooleanField("количества вычислены из долей", default=False)
    data_warnings = models.TextField("замечания к данным", blank=True, default="")

    class Meta:
        abstract = True

    @property
    def warnings(self) -> list[str]:
        """The data-quality warnings the import kept for this row (one per line): shown, never blocking."""
        return [w for w in self.data_warnings.splitlines() if w]


class Result(ResultValues):
    """Aggregates for one school × procedure × subject × grade × year. NULL is unknown, never zero."""

    # No index of its own: the unique key (school, procedure, subject, grade, year) already starts with it.
    school = models.ForeignKey(
        "schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="results", db_index=False
    )
    procedure = models.CharField("процедура", max_length=3, choices=Procedure.choices)
    subject = models.ForeignKey(Subject, verbose_name="предмет", on_delete=models.PROTECT)
    grade = models.PositiveSmallIntegerField("класс")
    year = models.PositiveSmallIntegerField("год")
    upload = models.ForeignKey(
        "Upload", verbose_name="загрузка", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "результат"
        verbose_name_plural = "результаты"
        ordering = ["year", "procedure", "subject__order", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["school", "procedure", "subject", "grade", "year"], name="result_key"),
            models.CheckConstraint(condition=Q(marks_2__lte=models.F("participants")), name="result_marks_2_le_n"),
            models.CheckConstraint(condition=Q(below_min__lte=models.F("participants")), name="result_below_min_le_n"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="result_year_range"),
        ]
        indexes = [
            models.Index(fields=["year", "procedure", "subject", "grade"]),
            models.Index(fields=["school", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.get_procedure_display()} {self.subject} {self.grade} кл. {self.year}"


class TerritoryResultQuerySet(ScopedQuerySet):
    def scope_q(self, user) -> Q:
        """A municipality's rows where the municipality is visible; a region's where one of its municipalities is."""
        visible = Municipality.objects.visible_to(user)
        return Q(municipality__in=visible) | Q(level=TerritoryLevel.REGION, region__in=visible.values("region_id"))


class TerritoryLevel(models.TextChoices):
    MUNICIPALITY = "municipality", "муниципалитет"
    REGION = "region", "регион"


class TerritoryResult(ResultValues):
    """A whole municipality's or region's result as a source prints it (a row whose «Уровень» is «муниципалитет» or
    «регион»): kept apart from the schools' rows, shown beside the portal's own sums, and used by an indicator at
    that level when the schools' rows are absent."""

    level = models.CharField("уровень", max_length=12, choices=TerritoryLevel.choices)
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name="муниципалитет",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="territory_results",
    )
    region = models.ForeignKey(
        "schools.Region", verbose_name="регион", on_delete=models.CASCADE, related_name="territory_results"
    )
    procedure = models.CharField("процедура", max_length=3, choices=Procedure.choices)
    subject = models.ForeignKey(Subject, verbose_name="предмет", on_delete=models.PROTECT)
    grade = models.PositiveSmallIntegerField("класс")
    year = models.PositiveSmallIntegerField("год")
    upload = models.ForeignKey(
        "Upload", verbose_name="загрузка", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)
    history = HistoricalRecords()

    objects = TerritoryResultQuerySet.as_manager()
    scope_municipality = "municipality"

    class Meta:
        verbose_name = "результат территории"
        verbose_name_plural = "результаты территорий"
        ordering = ["year", "procedure", "subject__order", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "procedure", "subject", "grade", "year"],
                condition=Q(level="municipality"),
                name="territory_result_municipality_key",
            ),
            models.UniqueConstraint(
                fields=["region", "procedure", "subject", "grade", "year"],
                condition=Q(level="region"),
                name="territory_result_region_key",
            ),
            models.CheckConstraint(
                condition=(Q(level="municipality") & Q(municipality__isnull=False))
                | (Q(level="region") & Q(municipality__isnull=True)),
                name="territory_result_level_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory} {self.get_procedure_display()} {self.subject} {self.grade} кл. {self.year}"

    @property
    def territory(self):
        return self.municipality if self.level == TerritoryLevel.MUNICIPALITY else self.region


class UploadQuerySet(ScopedQuerySet):
    def scope_q(self, user) -> Q:
        """A user's own uploads; the staff who read whole municipalities also see those of their municipalities."""
        own = Q(uploaded_by=user)
        if role_in(user, MUNICIPAL_STAFF):
            own |= Q(municipality__in=Municipality.objects.visible_to(user))
        return own


class Upload(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "В очереди"
        RUNNING = "running", "Обрабатывается"
        IMPORTED = "imported", "Загружено"
        DRY_RUN = "dry_run", "Проверено без записи"
        REJECTED = "rejected", "Отклонено"
        FAILED = "failed", "Сбой"

    file = models.CharField("файл", max_length=300)
    filename = models.CharField("имя файла", max_length=255)
    sha256 = models.CharField("контрольная сумма", max_length=64)
    size = models.PositiveIntegerField("размер, байт")
    dry_run = models.BooleanField("пробная проверка", default=False)
    mapping = models.JSONField("сопоставление столбцов", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PENDING)
    created = models.PositiveIntegerField("создано", default=0)
    updated = models.PositiveIntegerField("обновлено", default=0)
    unchanged = models.PositiveIntegerField("без изменений", default=0)
    errors = models.JSONField("ошибки", default=list, blank=True, encoder=UnicodeJSONEncoder)
    error_report = models.CharField("отчёт об ошибках", max_length=300, blank=True)
    job = models.ForeignKey(
        "core.Job", verbose_name="последняя задача", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="загрузил", null=True, on_delete=models.SET_NULL
    )
    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("загружено", auto_now_add=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        verbose_name = "загрузка результатов"
        verbose_name_plural = "загрузки результатов"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class ResultChange(models.Model):
    """History of result rows written set-based: who, when, through which upload, before and after."""

    result = models.ForeignKey(
        Result, verbose_name="результат", null=True, on_delete=models.SET_NULL, related_name="changes"
    )
    school = models.ForeignKey("schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="+")
    key = models.JSONField("ключ", encoder=UnicodeJSONEncoder)
    upload = models.ForeignKey(
        Upload, verbose_name="загрузка", null=True, on_delete=models.SET_NULL, related_name="changes"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="кто", null=True, on_delete=models.SET_NULL)
    before = models.JSONField("было", null=True, encoder=UnicodeJSONEncoder)
    after = models.JSONField("стало", encoder=UnicodeJSONEncoder)
    changed_at = models.DateTimeField("когда", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "изменение результата"
        verbose_name_plural = "история результатов"
        ordering = ["-changed_at"]


class ColumnMapping(models.Model):
    """A user's mapping of their own column names to the contract's, remembered for the next upload."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="column_mappings")
    mapping = models.JSONField("сопоставление", default=dict, encoder=UnicodeJSONEncoder)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "сопоставление столбцов"
        verbose_name_plural = "сопоставления столбцов"
        constraints = [models.UniqueConstraint(fields=["user"], name="one_mapping_per_user")]
