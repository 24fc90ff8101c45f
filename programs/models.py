"""Programmes and their plan-schedules, school documents and their review, risk profiles, notifications."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.fields import UnicodeJSONEncoder
from schools.access import NO_ROLE, ScopedQuerySet, effective_role

from .deadlines import Deadline


class Program(models.Model):
    """A municipal programme or project (domain §7): the passport; its plan-schedule is `PlanItem`s."""

    class Kind(models.TextChoices):
        PROGRAM = "program", "Программа"
        PROJECT = "project", "Проект"

    code = models.SlugField("код", max_length=50, unique=True)
    title = models.CharField("название", max_length=500)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.PROGRAM)
    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="programs"
    )
    order_number = models.CharField("номер приказа", max_length=50, blank=True)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    period_start = models.DateField("начало периода")
    period_end = models.DateField("окончание периода")
    # The period as the document words it; one wording a line when the document states it differently in two places
    # (seed 002: «на 2022-2024 годы» in the title, «01.2022-12.2024 г.г.» in the passport).
    period_text = models.TextField("срок реализации (как в документе)", blank=True)
    developer = models.CharField("разработчик", max_length=500, blank=True)
    executors = models.TextField("исполнители", blank=True)
    coordinator = models.CharField("координатор", max_length=300, blank=True)
    main_idea = models.TextField("основная идея", blank=True)
    goal = models.TextField("цель", blank=True)
    tasks = models.JSONField("задачи", default=list, blank=True, encoder=UnicodeJSONEncoder)
    expected_results = models.JSONField("ожидаемые результаты", default=list, blank=True, encoder=UnicodeJSONEncoder)
    # [{"risk": "...", "mitigation": "..."}]
    risks = models.JSONField("риски и меры", default=list, blank=True, encoder=UnicodeJSONEncoder)
    # Block titles by the first number of an item («1» → «Организационно-управленческие мероприятия»), for plans whose
    # table has no «Раздел» column.
    funding_sources = models.TextField("источники финансирования", blank=True)
    # The laws, orders and resolutions the programme rests on, one a line, as the document lists them.
    normative_basis = models.TextField("нормативная база", blank=True)
    block_titles = models.JSONField("названия разделов плана", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "municipality"

    class Meta:
        verbose_name = "программа"
        verbose_name_plural = "программы"
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="program_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start.year, self.period_end.year + 1))

    @property
    def period_wordings(self) -> list[str]:
        """The period as the document words it, each wording once (two when the document differs from itself)."""
        return list(dict.fromkeys(line.strip() for line in self.period_text.splitlines() if line.strip()))

    @property
    def normative_acts(self) -> list[str]:
        """The normative basis, one act a line."""
        return [line.strip(" ;") for line in self.normative_basis.splitlines() if line.strip(" ;")]


class ProgramTrack(models.Model):
    """A track of a programme (seed 004: 1 ШНОР, 2 risk zone, 3 all schools)."""

    program = models.ForeignKey(Program, verbose_name="программа", on_delete=models.CASCADE, related_name="tracks")
    number = models.PositiveSmallIntegerField("номер")
    title = models.CharField("название", max_length=500)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "program__municipality"

    class Meta:
        verbose_name = "трек программы"
        verbose_name_plural = "треки программы"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="track_unique_number")]

    def __str__(self) -> str:
        return f"Трек {self.number}. {self.title}"


class ProgramParticipant(models.Model):
    """A school taking part in a programme in a year, on a track."""

    program = models.ForeignKey(
        Program, verbose_name="программа", on_delete=models.CASCADE, related_name="participants"
    )
    school = models.ForeignKey("schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("год")
    track = models.ForeignKey(
        ProgramTrack, verbose_name="трек", null=True, blank=True, on_delete=models.SET_NULL, related_name="participants"
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "program__municipality"
    scope_school = "school"

    class Meta:
        verbose_name = "участник программы"
        verbose_name_plural = "участники программы"
        ordering = ["year", "track__number", "school__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "school", "year"], name="participant_unique_per_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="participant_year_range"),
        ]


class PlanItem(models.Model):
    """One activity of a plan-schedule; `school` set means the school's own plan within the programme."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Запланировано"
        IN_PROGRESS = "in_progress", "Выполняется"
        DONE = "done", "Выполнено"
        CANCELLED = "cancelled", "Отменено"

    # "overdue" is computed (see selectors.overdue_q); it is offered where statuses are filtered.
    OVERDUE = "overdue"
    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)
    FINITE_KINDS = ("date", "month", "period", "months")

    class Kind(models.TextChoices):
        DATE = "date", "Дата"
        MONTH = "month", "Месяц"
        PERIOD = "period", "Период"
        MONTHS = "months", "Месяцы"
        RECURRING = "recurring", "Периодически"
        CONTINUOUS = "continuous", "Постоянно"
        RELATIVE = "relative", "После события"
        UNPARSED = "unparsed", "Срок не распознан"

    program = models.ForeignKey(Program, verbose_name="программа", on_delete=models.CASCADE, related_name="items")
    school = models.ForeignKey(
        "schools.School", verbose_name="ОО", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField("порядок")
    number = models.CharField("№", max_length=30, blank=True)
    block = models.CharField("раздел", max_length=500, blank=True)
    section = models.CharField("подраздел", max_length=500, blank=True)
    track = models.ForeignKey(
        ProgramTrack, verbose_name="трек", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    title = models.TextField("мероприятие")
    responsible = models.TextField("ответственные", blank=True)
    expected_result = models.TextField("ожидаемый результат", blank=True)
    target_value = models.DecimalField("целевое значение", max_digits=14, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField("единица", max_length=50, blank=True)
    # The deadline as written, and as read by programs.deadlines (or set by a person when it could not be read).
    deadline_text = models.CharField("сроки (как написано)", max_length=500)
    deadline_kind = models.CharField("вид срока", max_length=20, choices=Kind.choices, default=Kind.UNPARSED)
    deadline_start = models.DateField("начало срока", null=True, blank=True)
    deadline_end = models.DateField("окончание срока", null=True, blank=True)
    deadline_months = models.JSONField("месяцы", default=list, blank=True)
    deadline_years = models.JSONField("годы", default=list, blank=True)
    deadline_dates = models.JSONField("даты", default=list, blank=True)
    deadline_recurrence = models.CharField("периодичность", max_length=30, blank=True)
    deadline_relative_days = models.PositiveIntegerField("дней после события", null=True, blank=True)
    deadline_set_manually = models.BooleanField("срок установлен вручную", default=False)
    # The due dates within the programme's period (deadlines.occurrences_in), kept on save; the first and the last
    # of them answer «overdue» in SQL (selectors.overdue_q).
    deadline_occurrences = models.JSONField("сроки в периоде программы", null=True, blank=True, default=None)
    deadline_due_first = models.DateField("первый срок", null=True, blank=True)
    deadline_due_last = models.DateField("последний срок", null=True, blank=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PLANNED)
    fact_text = models.TextField("фактическое выполнение", blank=True)
    fact_value = models.DecimalField("фактическое значение", max_digits=14, decimal_places=2, null=True, blank=True)
    # «Выполнено» keeps when and by whom: the day the work was done (a person may give an earlier day) and who said so.
    completed_on = models.DateField("дата выполнения", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="отметил выполнение",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)
    history = HistoricalRecords()
    # Set by the plan page for its template: the item's state as of today.
    overdue_now: bool
    due_now: datetime.date | None

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "program__municipality"
    scope_school = "school"

    class Meta:
        verbose_name = "мероприятие плана"
        verbose_name_plural = "мероприятия плана"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], condition=Q(school__isnull=True), name="item_position_program"
            ),
            models.UniqueConstraint(
                fields=["program", "school", "position"], condition=Q(school__isnull=False), name="item_position_school"
            ),
            models.CheckConstraint(
                condition=Q(deadline_end__isnull=True)
                | Q(deadline_start__isnull=True)
                | Q(deadline_end__gte=F("deadline_start")),
                name="item_deadline_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "done", "cancelled"]), name="item_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["program", "status", "deadline_end"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}".strip()

    def save(self, *args, **kwargs) -> None:
        self.occurrences_fill()
        super().save(*args, **kwargs)

    @property
    def deadline(self) -> Deadline:
        return Deadline(
            text=self.deadline_text,
            kind=self.deadline_kind,
            start=self.deadline_start,
            end=self.deadline_end,
            months=tuple(self.deadline_months or ()),
            recurrence=self.deadline_recurrence,
            relative_days=self.deadline_relative_days,
            years=tuple(self.deadline_years or ()),
            dates=tuple(datetime.date.fromisoformat(d) for d in self.deadline_dates or ()),
            occurrences=None
            if self.deadline_occurrences is None
            else tuple(datetime.date.fromisoformat(d) for d in self.deadline_occurrences),
        )

    @property
    def occurrences(self) -> tuple[datetime.date, ...]:
        """The item's due dates within the programme's period (one for a dated item, one a year for «март»…)."""
        return self.deadline.occurrences or ()

    def occurrences_fill(self) -> None:
        """The due dates within the programme's period, from the deadline's fields as they are now."""
        from dataclasses import replace

        from .deadlines import occurrences_in

        if self.program_id is None:
            return
        program = self.program
        found = occurrences_in(replace(self.deadline, occurrences=None), (program.period_start, program.period_end))
        self.deadline_occurrences = [d.isoformat() for d in found]
        self.deadline_due_first = found[0] if found else None
        self.deadline_due_last = found[-1] if found else None

    @property
    def days_late(self) -> int:
        """Days between the last due date (the end of the term) and the day it was done; 0 when done in time (or not
        done)."""
        due = self.deadline_due_last or self.deadline_end
        if self.status != self.Status.DONE or self.completed_on is None or due is None:
            return 0
        return max((self.completed_on - due).days, 0)

    def is_overdue(self, today: datetime.date) -> bool:
        from .deadlines import is_overdue

        return is_overdue(
            self.deadline,
            today=today,
            done=self.status not in self.OPEN_STATUSES,
            started=self.status == self.Status.IN_PROGRESS,
        )

    def due_date(self, today: datetime.date) -> datetime.date | None:
        return self.deadline.due_date(today=today)


class PlanItemEvidence(models.Model):
    item = models.ForeignKey(PlanItem, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField("описание", max_length=300, blank=True)
    file = models.FileField("файл", upload_to="programs/evidence/%Y/", blank=True)
    filename = models.CharField("имя файла", max_length=255, blank=True)
    url = models.URLField("ссылка", max_length=1000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="добавил", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField("добавлено", auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "item__program__municipality"
    scope_school = "item__school"

    class Meta:
        verbose_name = "подтверждение выполнения"
        verbose_name_plural = "подтверждения выполнения"
        ordering = ["added_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="evidence_file_or_url"),
        ]


class PlanItemComment(models.Model):
    item = models.ForeignKey(PlanItem, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="автор", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("комментарий")
    created_at = models.DateTimeField("написан", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_municipality = "item__program__municipality"
    scope_school = "item__school"

    class Meta:
        verbose_name = "комментарий к мероприятию"
        verbose_name_plural = "комментарии к мероприятиям"
        ordering = ["created_at"]


# --- Risk profiles -------------------------------------------------------------------------------------------------


class RiskProfile(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Заполняется школой"
        SUBMITTED = "submitted", "Передан куратору"
        VERIFIED = "verified", "Верифицирован"

    school = models.ForeignKey(
        "schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="risk_profiles"
    )
    year = models.PositiveSmallIntegerField("год")
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("передан", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="верифицировал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField("верифицирован", null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "рисковый профиль"
        verbose_name_plural = "рисковые профили"
        ordering = ["-year", "school__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="risk_profile_unique_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="risk_profile_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.year}"


class RiskProfileEntry(models.Model):
    class Level(models.TextChoices):
        NONE = "none", "Нет"
        LOW = "low", "Низкий"
        MEDIUM = "medium", "Средний"
        HIGH = "high", "Высокий"

    class Source(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", "Анкета школы"
        COMPUTED = "computed", "Расчёт портала"
        CURATOR = "curator", "Куратор"

    profile = models.ForeignKey(RiskProfile, verbose_name="профиль", on_delete=models.CASCADE, related_name="entries")
    factor = models.ForeignKey("RiskFactor", verbose_name="фактор", on_delete=models.PROTECT, related_name="entries")
    level = models.CharField("уровень", max_length=10, choices=Level.choices, default=Level.NONE)
    source = models.CharField("источник", max_length=20, choices=Source.choices, default=Source.QUESTIONNAIRE)
    comment = models.TextField("комментарий", blank=True)
    verified = models.BooleanField("риск подтверждён", default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="подтвердил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "profile__school"

    class Meta:
        verbose_name = "фактор в профиле"
        verbose_name_plural = "факторы в профиле"
        ordering = ["factor__group", "factor__order"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "factor"], name="risk_entry_unique_factor"),
            models.CheckConstraint(
                condition=Q(verified=False) | ~Q(level="none"), name="risk_entry_verified_has_level"
            ),
        ]


# --- School documents ----------------------------------------------------------------------------------------------


class SchoolDocument(models.Model):
    class Kind(models.TextChoices):
        CONCEPT = "concept", "Концепция развития"
        MEDIUM_TERM = "medium_term", "Среднесрочная программа развития"
        ANTI_RISK = "anti_risk", "Антирисковая программа"
        QUALITY_PROGRAM = "quality_program", "Программа повышения качества образования"
        ACTIVITY_PLAN = "activity_plan", "План мероприятий"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "Отправлен на проверку"
        UNDER_REVIEW = "under_review", "На рассмотрении"
        RETURNED = "returned", "Возвращён с замечаниями"
        APPROVED = "approved", "Согласован"
        PUBLISHED = "published", "Опубликован"

    school = models.ForeignKey("schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="documents")
    year = models.PositiveSmallIntegerField("год")
    kind = models.CharField("вид", max_length=30, choices=Kind.choices)
    title = models.CharField("название", max_length=500)
    program = models.ForeignKey(
        Program, verbose_name="программа", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    risk_factor = models.ForeignKey(
        "RiskFactor",
        verbose_name="фактор риска",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_url = models.URLField("адрес публикации", max_length=1000, blank=True)
    published_on = models.DateField("дата публикации", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="создал", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "документ школы"
        verbose_name_plural = "документы школ"
        ordering = ["-year", "school__short_name", "kind"]
        constraints = [
            # One anti-risk programme per verified factor per school and year.
            models.UniqueConstraint(
                fields=["school", "year", "risk_factor"],
                condition=Q(kind="anti_risk"),
                name="document_one_anti_risk_per_factor",
            ),
            models.CheckConstraint(
                condition=(Q(kind="anti_risk") & Q(risk_factor__isnull=False))
                | (~Q(kind="anti_risk") & Q(risk_factor__isnull=True)),
                name="document_anti_risk_has_factor",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | (~Q(published_url="") & Q(published_on__isnull=False)),
                name="document_published_has_url_and_date",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="document_year_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_and_title(self) -> str:
        """«Концепция развития: …», or the title alone where it already begins with its kind («Антирисковая
        программа МБОУ …», not «Антирисковая программа: Антирисковая программа МБОУ …»)."""
        kind = self.get_kind_display()
        return self.title if self.title.casefold().startswith(kind.casefold()) else f"{kind}: {self.title}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        SchoolDocument, verbose_name="документ", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("версия")
    file = models.FileField("файл", upload_to="programs/documents/%Y/", blank=True)
    filename = models.CharField("имя файла", max_length=255, blank=True)
    text = models.TextField("текст", blank=True)
    note = models.CharField("что изменено", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="загрузил", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("загружена", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_school = "document__school"

    class Meta:
        verbose_name = "версия документа"
        verbose_name_plural = "версии документов"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique"),
            models.CheckConstraint(condition=~Q(file="") | ~Q(text=""), name="document_version_has_content"),
        ]


class DocumentRemark(models.Model):
    """A reviewer's remark on a version; the school answers it."""

    document = models.ForeignKey(
        SchoolDocument, verbose_name="документ", on_delete=models.CASCADE, related_name="remarks"
    )
    version = models.ForeignKey(
        DocumentVersion, verbose_name="версия", null=True, on_delete=models.SET_NULL, related_name="remarks"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="автор", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("замечание")
    created_at = models.DateTimeField("написано", auto_now_add=True)
    answer = models.TextField("ответ школы", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("ответ дан", null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "document__school"

    class Meta:
        verbose_name = "замечание к документу"
        verbose_name_plural = "замечания к документам"
        ordering = ["created_at"]


class DocumentTransition(models.Model):
    """Who moved a document from which status to which, and when: the workflow's own history."""

    document = models.ForeignKey(
        SchoolDocument, verbose_name="документ", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("было", max_length=20, choices=SchoolDocument.Status.choices)
    to_status = models.CharField("стало", max_length=20, choices=SchoolDocument.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("когда", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_school = "document__school"

    class Meta:
        verbose_name = "смена статуса документа"
        verbose_name_plural = "смены статусов документов"
        ordering = ["at", "pk"]


# --- Notifications -------------------------------------------------------------------------------------------------


class NotificationQuerySet(ScopedQuerySet):
    def scope_q(self, user) -> Q:
        """A notification is its addressee's alone, an admin's included."""
        return Q(user=user)

    def visible_to(self, user) -> "NotificationQuerySet":
        return self.none() if effective_role(user) == NO_ROLE else self.filter(self.scope_q(user))


class Notification(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT_REVIEW = "document_review", "Документ ждёт проверки"
        DOCUMENT_RETURNED = "document_returned", "Замечания к документу"
        ITEM_OVERDUE = "item_overdue", "Просрочено мероприятие"
        ITEM_DUE_SOON = "item_due_soon", "Приближается срок"
        RISK_PROFILE = "risk_profile", "Рисковый профиль ждёт верификации"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кому", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("вид", max_length=30, choices=Kind.choices)
    # What the notification is about, so that a daily recompute never repeats it.
    key = models.CharField("ключ", max_length=200)
    text = models.CharField("текст", max_length=1000)
    url = models.CharField("ссылка", max_length=500, blank=True)
    created = models.DateTimeField("создано", auto_now_add=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)
    emailed_at = models.DateTimeField("отправлено письмом", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


# Reference data last: `seed_demo --reset` deletes an app's models in definition order, and profiles and
# documents protect the factors they name.


class RiskFactor(models.Model):
    """Reference data: the federal «500+» risk areas and local factors (seed 004: F1–F11)."""

    class Group(models.TextChoices):
        FEDERAL = "500plus", "Рисковые направления «500+»"
        LOCAL = "local", "Муниципальные факторы"

    code = models.CharField("код", max_length=20, unique=True)
    name = models.CharField("название", max_length=500)
    group = models.CharField("группа", max_length=20, choices=Group.choices)
    measure = models.CharField("как оценивается", max_length=500, blank=True)
    computable = models.BooleanField("рассчитывается порталом", default=False)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("используется", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "фактор риска"
        verbose_name_plural = "факторы риска"
        ordering = ["group", "order", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"
