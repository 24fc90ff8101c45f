import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from schools.access import ScopedQuerySet, whole_municipalities
from schools.models import School


class CuratorAssignmentQuerySet(ScopedQuerySet):
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
        "schools.School",
        verbose_name="школа-куратор",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="curated_assignments",
    )
    start = models.DateField("начало")
    end = models.DateField("окончание", null=True, blank=True)
    history = HistoricalRecords()

    objects = CuratorAssignmentQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "назначение куратора"
        verbose_name_plural = "назначения кураторов"
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="curator_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.curator} → {self.school}"


PERIOD_INVALID = "Окончание периода не может быть раньше начала."
PARTNER_SAME = "Школа не может быть партнёром самой себе."
PAIR_SAME = "Наставник и наставляемый — разные педагоги."

MATERIALS_DAYS = 10  # seed 004: materials are published within 10 days after the event


def materials_due(event_date: datetime.date) -> datetime.date:
    return event_date + datetime.timedelta(days=MATERIALS_DAYS)


def material_is_late(event_date: datetime.date, uploaded_on: datetime.date) -> bool:
    """The one place the 10-day rule lives: pages, API and exports all ask it."""
    return uploaded_on > materials_due(event_date)


def period_active(start: datetime.date, end: datetime.date | None, *, year: int | None = None, today=None) -> bool:
    """A period is active in a year when it overlaps it; without a year, when it covers today."""
    if year is not None:
        return start <= datetime.date(year, 12, 31) and (end is None or end >= datetime.date(year, 1, 1))
    today = today or timezone.localdate()
    return start <= today and (end is None or end >= today)


def _period(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
        name=f"{prefix}_period",
        violation_error_message=PERIOD_INVALID,
    )


class CuratorVisit(models.Model):
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="куратор", on_delete=models.PROTECT, related_name="curator_visits"
    )
    school = models.ForeignKey(
        "schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="curator_visits"
    )
    date = models.DateField("дата визита")
    lessons_observed = models.PositiveSmallIntegerField("посещено уроков", default=0)
    findings = models.TextField("выводы", blank=True)
    recommendations = models.TextField("рекомендации", blank=True)
    follow_up_due = models.DateField("срок проверки исполнения", null=True, blank=True)
    follow_up_done = models.BooleanField("рекомендации выполнены", default=False)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "визит куратора"
        verbose_name_plural = "визиты кураторов"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lessons_observed__gte=0),
                name="visit_lessons_nonnegative",
                violation_error_message="Число посещённых уроков не может быть отрицательным.",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True) | Q(follow_up_due__gte=models.F("date")),
                name="visit_follow_up",
                violation_error_message="Срок проверки исполнения не может быть раньше даты визита.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}, {self.date:%d.%m.%Y}"


class Partnership(models.Model):
    class Form(models.TextChoices):
        NETWORK = "network", "Сетевое взаимодействие"
        TUTORSHIP = "tutorship", "Шефство (школа — школа)"
        METHODOLOGICAL = "methodological", "Методическое сопровождение"
        OTHER = "other", "Другое"

    school = models.ForeignKey(
        "schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="partnerships"
    )
    partner = models.ForeignKey(
        "schools.School", verbose_name="школа-партнёр", on_delete=models.CASCADE, related_name="partner_of"
    )
    agreement_number = models.CharField("номер договора", max_length=50, blank=True)
    agreement_date = models.DateField("дата договора", null=True, blank=True)
    start = models.DateField("начало")
    end = models.DateField("окончание", null=True, blank=True)
    form = models.CharField("форма", max_length=20, choices=Form.choices, default=Form.NETWORK)
    joint_plan = models.TextField("совместный план", blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = ("school", "partner")

    class Meta:
        verbose_name = "партнёрство"
        verbose_name_plural = "партнёрства"
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(school=models.F("partner")),
                name="partnership_distinct_schools",
                violation_error_message=PARTNER_SAME,
            ),
            _period("partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.school} ↔ {self.partner}"

    def active_in(self, year: int | None = None) -> bool:
        return period_active(self.start, self.end, year=year)


class PartnershipActivity(models.Model):
    partnership = models.ForeignKey(
        Partnership, verbose_name="партнёрство", on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField("дата")
    title = models.CharField("мероприятие", max_length=300)
    description = models.TextField("описание", blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = ("partnership__school", "partnership__partner")

    class Meta:
        verbose_name = "совместное мероприятие"
        verbose_name_plural = "совместные мероприятия"
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return self.title


class MethodEventQuerySet(ScopedQuerySet):
    def scope_q(self, user) -> Q:
        """Events of the municipalities the user reads whole, or hosted or attended by the user's schools."""
        schools = School.objects.visible_to(user)
        return (
            Q(municipality__in=whole_municipalities(user))
            | Q(host_school__in=schools)
            | Q(pk__in=EventAttendance.objects.filter(school__in=schools).values("event_id"))
        )


class EventKind(models.Model):
    """A kind of methodological event: reference data the portal's administrator edits (admin site). Events keep the
    kind's code (the API's `kind`, contracts §3); an inactive kind is no longer offered for new events."""

    code = models.SlugField("код", max_length=30, unique=True)
    name = models.CharField("название", max_length=200)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField(
        "используется", default=True, help_text="Снятый вид не предлагается для новых мероприятий."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "вид мероприятия"
        verbose_name_plural = "виды мероприятий"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


EVENT_KIND_UNKNOWN = "Неизвестный вид мероприятия «{value}». Известные виды: {known}."


def event_kind_names() -> dict[str, str]:
    """Code → Russian name of every kind (active or not): what events already recorded are shown with."""
    return dict(EventKind.objects.order_by("order", "name").values_list("code", "name"))


def event_kind_check(value: str) -> None:
    """The one check of an event's kind: a code of the reference table, else a Russian error listing the active
    kinds (code — name)."""
    if value and not EventKind.objects.filter(code=value).exists():
        known = ", ".join(
            f"{code} ({name})" for code, name in EventKind.objects.filter(is_active=True).values_list("code", "name")
        )
        raise ValidationError(EVENT_KIND_UNKNOWN.format(value=value, known=known), code="unknown_kind")


class MethodEvent(models.Model):
    class Kind(models.TextChoices):
        """The kinds the portal starts with (migration 0004 writes them into EventKind); the table is what counts."""

        SEMINAR = "seminar", "Семинар"
        WEBINAR = "webinar", "Вебинар"
        MASTER_CLASS = "master_class", "Мастер-класс"
        GUEST_DAY = "guest_day", "Гостевой методический день"
        LESSON_VISITS = "lesson_visits", "Взаимопосещение уроков"
        INTERNSHIP = "internship", "Стажировка"
        RMO = "rmo", "РМО"
        ROUND_TABLE = "round_table", "Круглый стол"
        COURSE = "course", "Курсы"
        MEETING = "meeting", "Совещание"
        METHODICAL_LANDING = "methodical_landing", "Методический десант"
        FESTIVAL = "festival", "Фестиваль"

    title = models.CharField("название", max_length=300)
    kind = models.CharField(
        "вид", max_length=30, validators=[event_kind_check], help_text="код вида из справочника видов мероприятий"
    )
    date = models.DateField("дата")
    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.CASCADE, related_name="method_events"
    )
    host_school = models.ForeignKey(
        "schools.School",
        verbose_name="базовая ОО",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    organiser = models.CharField("организатор", max_length=300, blank=True)
    audience = models.CharField("целевая аудитория", max_length=300, blank=True)
    target_share_shnor = models.DecimalField(
        "целевая доля ШНОР, %",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="например, 90 — «представлены не менее 90 % ШНОР»",
    )
    history = HistoricalRecords()

    objects = MethodEventQuerySet.as_manager()

    class Meta:
        verbose_name = "методическое мероприятие"
        verbose_name_plural = "методические мероприятия"
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_share_shnor__isnull=True)
                | (Q(target_share_shnor__gte=0) & Q(target_share_shnor__lte=100)),
                name="event_target_share_range",
                violation_error_message="Целевая доля — число от 0 до 100.",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def materials_due(self) -> datetime.date:
        return materials_due(self.date)

    @property
    def kind_label(self) -> str:
        """The kind's Russian name: annotated by the lists (`kind_name`), else read from the reference table."""
        name = getattr(self, "kind_name", None)
        if name is None:
            name = EventKind.objects.filter(code=self.kind).values_list("name", flat=True).first()
        return name or self.kind


class EventAttendance(models.Model):
    event = models.ForeignKey(
        MethodEvent, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="attendances"
    )
    school = models.ForeignKey(
        "schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="event_attendances"
    )
    participants = models.PositiveIntegerField("участников", default=0)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "участие ОО"
        verbose_name_plural = "участие ОО"
        ordering = ["event", "school__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "school"],
                name="attendance_unique_school",
                violation_error_message="Эта ОО уже отмечена среди участников мероприятия.",
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=0),
                name="attendance_participants_nonnegative",
                violation_error_message="Число участников не может быть отрицательным.",
            ),
        ]


class EventMaterialQuerySet(ScopedQuerySet):
    def scope_q(self, user) -> Q:
        return Q(event__in=MethodEvent.objects.visible_to(user))


class EventMaterial(models.Model):
    event = models.ForeignKey(
        MethodEvent, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField("название", max_length=300)
    file = models.FileField("файл", upload_to="event_materials/%Y/", blank=True)
    url = models.URLField("ссылка", blank=True)
    uploaded_at = models.DateField("дата размещения")
    history = HistoricalRecords()

    objects = EventMaterialQuerySet.as_manager()

    class Meta:
        verbose_name = "материал мероприятия"
        verbose_name_plural = "материалы мероприятий"
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="material_file_or_url",
                violation_error_message="Приложите файл или укажите ссылку.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return material_is_late(self.event.date, self.uploaded_at)


def employed_in_q(year: int, prefix: str = "") -> Q:
    """The one rule of «a teacher of year Y»: employed on some day of Y. No start recorded means an unknown start
    (counted in every year up to the end); no end means still working — unless the teacher is marked as not working,
    which without an end (a row written around `Teacher.clean`) counts in no year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        (Q(**{f"{prefix}employed_from__isnull": True}) | Q(**{f"{prefix}employed_from__lte": last}))
        & (Q(**{f"{prefix}employed_to__isnull": True}) | Q(**{f"{prefix}employed_to__gte": first}))
        & (Q(**{f"{prefix}is_active": True}) | Q(**{f"{prefix}employed_to__isnull": False}))
    )


class TeacherQuerySet(ScopedQuerySet):
    def employed_in(self, year: int) -> "TeacherQuerySet":
        return self.filter(employed_in_q(year))


EMPLOYED_FROM_HELP = (
    "Пусто — дата начала работы неизвестна: педагог учитывается во всех годах до даты окончания работы."
)
EMPLOYED_TO_HELP = "Пусто — работает по настоящее время."
EMPLOYMENT_ORDER = "Дата окончания работы не может быть раньше даты начала."


class Teacher(models.Model):
    """A teacher with the least personal data that serves: a name, and bands instead of birth dates and years.
    The dates of employment decide in which years the teacher counts (`employed_in_q`)."""

    class AgeBand(models.TextChoices):
        UNDER_35 = "lt35", "до 35 лет"
        FROM_35_TO_55 = "35_55", "35–55 лет"
        OVER_55 = "gt55", "старше 55 лет"

    class Education(models.TextChoices):
        HIGHER_PEDAGOGICAL = "higher_ped", "Высшее педагогическое"
        HIGHER_OTHER = "higher_other", "Высшее непедагогическое"
        SECONDARY_VOCATIONAL = "secondary_voc", "Среднее профессиональное"
        OTHER = "other", "Другое"

    HIGHER_EDUCATION = (Education.HIGHER_PEDAGOGICAL, Education.HIGHER_OTHER)

    class Category(models.TextChoices):
        NONE = "none", "Без категории"
        CONFORMITY = "conformity", "Соответствие занимаемой должности"
        FIRST = "first", "Первая"
        HIGHEST = "highest", "Высшая"

    class Experience(models.TextChoices):
        UNDER_3 = "lt3", "менее 3 лет"
        FROM_3_TO_10 = "3_10", "3–10 лет"
        FROM_10_TO_20 = "10_20", "10–20 лет"
        OVER_20 = "gt20", "более 20 лет"

    school = models.ForeignKey("schools.School", verbose_name="ОО", on_delete=models.CASCADE, related_name="teachers")
    full_name = models.CharField("ФИО", max_length=200)
    subject = models.CharField("предмет (должность)", max_length=200)
    category = models.CharField("категория", max_length=20, choices=Category.choices, default=Category.NONE)
    weekly_load = models.DecimalField("нагрузка, ч/нед.", max_digits=4, decimal_places=1, null=True, blank=True)
    experience_band = models.CharField("педагогический стаж", max_length=10, choices=Experience.choices)
    age_band = models.CharField("возраст", max_length=10, choices=AgeBand.choices, blank=True)
    education = models.CharField("образование", max_length=20, choices=Education.choices, blank=True)
    pension_age = models.BooleanField("пенсионный возраст", default=False)
    employed_from = models.DateField("работает с", null=True, blank=True, help_text=EMPLOYED_FROM_HELP)
    employed_to = models.DateField("работал(а) по", null=True, blank=True, help_text=EMPLOYED_TO_HELP)
    is_active = models.BooleanField(
        "работает",
        default=True,
        help_text="Снимите отметку, когда педагог уволился: без даты окончания ею станет сегодня.",
    )
    history = HistoricalRecords()

    objects = TeacherQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "педагог"
        verbose_name_plural = "педагоги"
        ordering = ["school_id", "full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_load__isnull=True) | (Q(weekly_load__gte=0) & Q(weekly_load__lte=60)),
                name="teacher_load_range",
                violation_error_message="Нагрузка — от 0 до 60 часов в неделю.",
            ),
            models.CheckConstraint(
                condition=Q(employed_from__isnull=True)
                | Q(employed_to__isnull=True)
                | Q(employed_to__gte=models.F("employed_from")),
                name="teacher_employment_period",
                violation_error_message=EMPLOYMENT_ORDER,
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        """«Работает» and the end of employment say the same thing: one that ended before today is not working, and
        a teacher marked as not working without an end ended today."""
        today = timezone.localdate()
        if self.employed_to is not None and self.employed_to < today:
            self.is_active = False
        elif not self.is_active and self.employed_to is None:
            self.employed_to = today
        if self.employed_from and self.employed_to and self.employed_to < self.employed_from:
            raise ValidationError({"employed_to": EMPLOYMENT_ORDER})

    def employed_in(self, year: int) -> bool:
        """`employed_in_q` for one teacher."""
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return (
            (self.employed_from is None or self.employed_from <= last)
            and (self.employed_to is None or self.employed_to >= first)
            and (self.is_active or self.employed_to is not None)
        )


STAFFING_PART_EXCEEDS = "«{part}» ({value}) больше, чем учителей всего ({total})."
STAFFING_AGES_EXCEED = "Учителей до 35 лет и старше 55 лет вместе ({value}) больше, чем учителей всего ({total})."
STAFFING_SCHOOL_MUNICIPALITY = "ОО «{school}» не относится к муниципалитету «{municipality}»."
STAFFING_SUBJECT_EXCEEDS = "Учителей предмета ({value}) больше, чем учителей всего ({total})."
STAFFING_TEACHERS_HELP = "учителя (без прочих педагогических работников)"


def _verbose_name(obj: models.Model, name: str) -> str:
    return str(getattr(obj._meta.get_field(name), "verbose_name", name))


class StaffingFigures(models.Model):
    """A year's staffing counts of a school, or of a municipality as a whole (no school), where the names of the
    teachers are not kept — as programme documents print them (seed 003: 268 teachers, 55 under 35, 235 with higher
    education…). The parts are counts of the teachers; a part the document does not give stays empty."""

    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", on_delete=models.CASCADE, related_name="staffing_figures"
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name="ОО",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staffing_figures",
        help_text="пусто — по муниципалитету в целом",
    )
    year = models.PositiveSmallIntegerField("год", help_text="учебный год называется по второму календарному году")
    pedagogical_staff = models.PositiveIntegerField("педагогических работников", null=True, blank=True)
    teachers_total = models.PositiveIntegerField("учителей всего", help_text=STAFFING_TEACHERS_HELP)
    higher_education = models.PositiveIntegerField("с высшим образованием", null=True, blank=True)
    under_35 = models.PositiveIntegerField("до 35 лет", null=True, blank=True)
    over_55 = models.PositiveIntegerField("старше 55 лет", null=True, blank=True)
    pension_age = models.PositiveIntegerField("пенсионного возраста", null=True, blank=True)
    qualified_category = models.PositiveIntegerField("с высшей или первой категорией", null=True, blank=True)
    experience_over_20 = models.PositiveIntegerField("со стажем более 20 лет", null=True, blank=True)
    source = models.CharField("источник", max_length=300, blank=True, help_text="например, «Программа, раздел I»")
    history = HistoricalRecords()

    PARTS = ("higher_education", "under_35", "over_55", "pension_age", "qualified_category", "experience_over_20")

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"
    scope_municipality = "municipality"

    class Meta:
        verbose_name = "кадровый состав (сводные данные)"
        verbose_name_plural = "кадровый состав (сводные данные)"
        ordering = ["-year", "municipality_id", "school_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year"],
                condition=Q(school__isnull=False),
                name="staffing_unique_school_year",
                violation_error_message="Сводные данные этой ОО за этот год уже есть.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=Q(school__isnull=True),
                name="staffing_unique_municipality_year",
                violation_error_message="Сводные данные муниципалитета в целом за этот год уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="staffing_year_range",
                violation_error_message="Год — от 2000 до 2100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school or self.municipality}, {self.year}"

    def clean(self) -> None:
        """Parts ≤ total (each, and the two age bands together); a school of the row's municipality."""
        errors: dict[str, str] = {}
        total = self.teachers_total
        school = self.school if self.school_id else None
        if school is not None and self.municipality_id and school.municipality_id != self.municipality_id:
            errors["school"] = STAFFING_SCHOOL_MUNICIPALITY.format(school=self.school, municipality=self.municipality)
        if total is not None:
            for name in self.PARTS:
                value = getattr(self, name)
                if value is not None and value > total:
                    label = _verbose_name(self, name)
                    errors[name] = STAFFING_PART_EXCEEDS.format(part=label, value=value, total=total)
            if self.under_35 is not None and self.over_55 is not None and self.under_35 + self.over_55 > total:
                errors.setdefault(
                    "over_55", STAFFING_AGES_EXCEED.format(value=self.under_35 + self.over_55, total=total)
                )
            if self.pedagogical_staff is not None and total > self.pedagogical_staff:
                errors["teachers_total"] = (
                    f"Учителей ({total}) больше, чем педагогических работников ({self.pedagogical_staff})."
                )
        if errors:
            raise ValidationError(errors)


class StaffingSubject(models.Model):
    """The same year's counts for one subject (seed 003: Russian 32 teachers, 21 with a category)."""

    figures = models.ForeignKey(
        StaffingFigures, verbose_name="сводные данные", on_delete=models.CASCADE, related_name="subjects"
    )
    subject = models.CharField("предмет", max_length=200)
    teachers = models.PositiveIntegerField("учителей")
    qualified_category = models.PositiveIntegerField("с высшей или первой категорией", null=True, blank=True)
    pension_age = models.PositiveIntegerField("пенсионного возраста", null=True, blank=True)
    pd_completed = models.PositiveIntegerField("прошли КПК", null=True, blank=True)
    history = HistoricalRecords()

    PARTS = ("qualified_category", "pension_age", "pd_completed")

    objects = ScopedQuerySet.as_manager()
    scope_school = "figures__school"
    scope_municipality = "figures__municipality"

    class Meta:
        verbose_name = "кадровый состав по предмету"
        verbose_name_plural = "кадровый состав по предметам"
        ordering = ["figures", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["figures", "subject"],
                name="staffing_subject_unique",
                violation_error_message="Этот предмет уже указан.",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name in self.PARTS:
            value = getattr(self, name)
            if value is not None and self.teachers is not None and value > self.teachers:
                label = _verbose_name(self, name)
                errors[name] = f"«{label}» ({value}) больше, чем учителей предмета ({self.teachers})."
        if errors:
            raise ValidationError(errors)


class PDCourse(models.Model):
    class Form(models.TextChoices):
        FULL_TIME = "full_time", "Очная"
        BLENDED = "blended", "Очно-заочная"
        EXTRAMURAL = "extramural", "Заочная"
        DISTANCE = "distance", "Дистанционная"

    teacher = models.ForeignKey(Teacher, verbose_name="педагог", on_delete=models.CASCADE, related_name="courses")
    title = models.CharField("программа курсов", max_length=300)
    provider = models.CharField("организатор", max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField("часов")
    form = models.CharField("форма", max_length=20, choices=Form.choices, default=Form.DISTANCE)
    start = models.DateField("начало")
    end = models.DateField("окончание", null=True, blank=True)
    completed = models.BooleanField("пройдены", default=False)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "teacher__school"

    class Meta:
        verbose_name = "курсы повышения квалификации"
        verbose_name_plural = "курсы повышения квалификации"
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=1),
                name="course_hours_positive",
                violation_error_message="Объём курсов — не менее 1 часа.",
            ),
            _period("course"),
        ]

    def __str__(self) -> str:
        return self.title


class DeficitDiagnostic(models.Model):
    teacher = models.ForeignKey(Teacher, verbose_name="педагог", on_delete=models.CASCADE, related_name="diagnostics")
    date = models.DateField("дата")
    instrument = models.CharField("инструмент диагностики", max_length=300)
    subject = models.BooleanField("предметные дефициты", default=False)
    meta_subject = models.BooleanField("метапредметные дефициты", default=False)
    methodological = models.BooleanField("методические дефициты", default=False)
    psycho_pedagogical = models.BooleanField("психолого-педагогические дефициты", default=False)
    notes = models.TextField("выявленные дефициты (описание)", blank=True)
    history = HistoricalRecords()

    DEFICIT_FIELDS = ("subject", "meta_subject", "methodological", "psycho_pedagogical")

    objects = ScopedQuerySet.as_manager()
    scope_school = "teacher__school"

    class Meta:
        verbose_name = "диагностика дефицитов"
        verbose_name_plural = "диагностики дефицитов"
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.instrument}, {self.date:%d.%m.%Y}"

    @property
    def deficit_labels(self) -> list[str]:
        labels = {
            "subject": "предметные",
            "meta_subject": "метапредметные",
            "methodological": "методические",
            "psycho_pedagogical": "психолого-педагогические",
        }
        return [labels[f] for f in self.DEFICIT_FIELDS if getattr(self, f)]


class IndividualPlan(models.Model):
    """ИОМ: a teacher's individual development plan for a school year (named by its second calendar year)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Разрабатывается"
        ACTIVE = "active", "Реализуется"
        DONE = "done", "Выполнен"

    teacher = models.ForeignKey(Teacher, verbose_name="педагог", on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField("год")
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.DRAFT)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "teacher__school"

    class Meta:
        verbose_name = "ИОМ"
        verbose_name_plural = "ИОМ"
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "year"],
                name="plan_unique_teacher_year",
                violation_error_message="ИОМ педагога на этот год уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="plan_year_range",
                violation_error_message="Год — от 2000 до 2100.",
            ),
        ]

    def __str__(self) -> str:
        return f"ИОМ {self.year}"


class IndividualPlanItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Запланировано"
        DONE = "done", "Выполнено"
        CANCELLED = "cancelled", "Отменено"

    plan = models.ForeignKey(IndividualPlan, verbose_name="ИОМ", on_delete=models.CASCADE, related_name="items")
    title = models.CharField("мероприятие", max_length=300)
    due = models.DateField("срок", null=True, blank=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "plan__teacher__school"

    class Meta:
        verbose_name = "пункт ИОМ"
        verbose_name_plural = "пункты ИОМ"
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title


class MentoringPair(models.Model):
    class Form(models.TextChoices):
        TEACHER_TEACHER = "teacher_teacher", "Педагог — педагог"
        EXPERIENCED_YOUNG = "experienced_young", "Опытный педагог — молодой специалист"
        LEADER_TEAM = "leader_team", "Руководитель — педагог"
        GROUP = "group", "Групповое наставничество"

    mentor = models.ForeignKey(
        Teacher, verbose_name="наставник", on_delete=models.CASCADE, related_name="mentees_pairs"
    )
    mentee = models.ForeignKey(
        Teacher, verbose_name="наставляемый", on_delete=models.CASCADE, related_name="mentor_pairs"
    )
    form = models.CharField("форма наставничества", max_length=30, choices=Form.choices, default=Form.TEACHER_TEACHER)
    start = models.DateField("начало")
    end = models.DateField("окончание", null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = ("mentor__school", "mentee__school")

    class Meta:
        verbose_name = "пара наставничества"
        verbose_name_plural = "пары наставничества"
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")),
                name="pair_distinct_teachers",
                violation_error_message=PAIR_SAME,
            ),
            _period("pair"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class EventTeacherAttendance(models.Model):
    event = models.ForeignKey(
        MethodEvent, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="teacher_attendances"
    )
    teacher = models.ForeignKey(
        Teacher, verbose_name="педагог", on_delete=models.CASCADE, related_name="event_attendances"
    )

    objects = ScopedQuerySet.as_manager()
    scope_school = "teacher__school"

    class Meta:
        verbose_name = "участие педагога"
        verbose_name_plural = "участие педагогов"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "teacher"],
                name="teacher_attendance_unique",
                violation_error_message="Педагог уже отмечен на этом мероприятии.",
            )
        ]
