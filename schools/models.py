from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.fields import UnicodeJSONEncoder

# Role is defined by the access module with the capabilities; `schools.models.Role` stays the name callers import.
from .access import Role, ScopedQuerySet, municipalities_visible, schools_visible


class Region(models.Model):
    code = models.CharField("код", max_length=20, unique=True)
    name = models.CharField("название", max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def visible_to(self, user) -> Self:
        """The municipalities a user may read: scope as a filter, never as an if in a view (schools.access)."""
        return municipalities_visible(self, user)


class Municipality(models.Model):
    code = models.CharField("код", max_length=20, unique=True)
    name = models.CharField("название", max_length=200)
    region = models.ForeignKey(Region, verbose_name="регион", on_delete=models.PROTECT, related_name="municipalities")
    history = HistoricalRecords()

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user) -> Self:
        """The schools a user may read (schools.access)."""
        return schools_visible(self, user)


class School(models.Model):
    class Type(models.TextChoices):
        SOSH = "СОШ", "СОШ"
        OOSH = "ООШ", "ООШ"
        NOSH = "НОШ", "НОШ"
        LYCEUM = "лицей", "лицей"
        GYMNASIUM = "гимназия", "гимназия"
        EVENING = "вечерняя", "вечерняя (сменная) школа"
        BRANCH = "филиал", "филиал"
        OTHER = "другое", "другое"

    code = models.CharField("код ОО", max_length=30, unique=True)
    name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200, blank=True)
    aliases = models.JSONField("синонимы", default=list, blank=True, encoder=UnicodeJSONEncoder)
    type = models.CharField("тип ОО", max_length=20, choices=Type.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="schools"
    )
    parent = models.ForeignKey(
        "self", verbose_name="головная ОО", null=True, blank=True, on_delete=models.PROTECT, related_name="branches"
    )
    settlement = models.CharField("населённый пункт", max_length=200, blank=True)
    is_rural = models.BooleanField("сельская", null=True, blank=True)
    enrolment = models.PositiveIntegerField("численность обучающихся", null=True, blank=True)
    website = models.URLField("сайт", blank=True)
    is_active = models.BooleanField("действует", default=True)
    history = HistoricalRecords()

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "общеобразовательная организация"
        verbose_name_plural = "общеобразовательные организации"
        ordering = ["municipality__name", "short_name", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="school_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class ListKind(models.Model):
    """Reference data: the kinds of yearly lists a school can be on (contract 1.3), edited by the portal's admins.

    `code` is what `SchoolStatus.kind` holds and what the API's `status` filter takes; the defaults' codes are the
    constants of `SchoolStatus.Kind` (the code reads the lists it computes by them)."""

    code = models.SlugField("код", max_length=20, unique=True, help_text="латиница, цифры, «_»: shnor, post_project")
    name = models.CharField("название", max_length=100, unique=True, help_text="как пишут в файлах: ШНОР, 500+")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    description = models.TextField("описание", blank=True)
    is_active = models.BooleanField("используется", default=True, help_text="неиспользуемый вид не принимается")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "вид списка"
        verbose_name_plural = "виды списков"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


def validate_list_kind(value: str) -> None:
    """A status's kind must be a known list kind (the reference data, not a fixed set of choices)."""
    from django.core.exceptions import ValidationError

    from .kinds import list_kind_names

    if value not in list_kind_names():
        raise ValidationError("Неизвестный вид списка «%(value)s».", params={"value": value}, code="unknown_kind")


class SchoolStatus(models.Model):
    """A school's place on a yearly list of a kind (`ListKind`): ШНОР, ШНСУ, зона риска, «500+», необъективность, …"""

    class Kind(models.TextChoices):
        """The default kinds' codes (a migration creates them as `ListKind` rows; admins may add more)."""

        SHNOR = "shnor", "ШНОР"
        SHNSU = "shnsu", "ШНСУ"
        WATCH = "watch", "Зона риска"
        PLUS500 = "500plus", "«500+»"
        NONOBJECTIVE = "nonobjective", "Признаки необъективности"
        LOW_IOR = "low_ior", "Низкий ИОР"
        POST_PROJECT = "post_project", "Постпроектное сопровождение"
        REGIONAL_PROJECT = "regional_project", "Региональный проект"

    class Source(models.TextChoices):
        OFFICIAL = "official", "Официальный список"
        COMPUTED = "computed", "Расчёт портала"
        MANUAL = "manual", "Внесено вручную"

    class Level(models.TextChoices):
        NONE = "", "—"
        STRONG = "strong", "Сильно неуспевающие"
        MODERATE = "moderate", "Умеренно неуспевающие"
        BASIC = "basic", "Базово неуспевающие"

    school = models.ForeignKey(School, verbose_name="ОО", on_delete=models.CASCADE, related_name="statuses")
    year = models.PositiveSmallIntegerField("год")
    kind = models.CharField("список", max_length=20, validators=[validate_list_kind])
    source = models.CharField("источник", max_length=20, choices=Source.choices)
    level = models.CharField("уровень", max_length=20, choices=Level.choices, blank=True, default="")
    reasons = models.JSONField("основания", default=list, blank=True)
    rule_version = models.PositiveIntegerField("версия правила", null=True, blank=True)
    note = models.CharField("примечание", max_length=500, blank=True)
    created_at = models.DateTimeField("внесено", auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"

    class Meta:
        verbose_name = "статус ОО"
        verbose_name_plural = "статусы ОО"
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "kind", "source"], name="status_unique_per_source"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="status_year_range"),
        ]
        indexes = [models.Index(fields=["year", "kind", "source"])]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_kind_display()} {self.year}"

    def get_kind_display(self) -> str:
        """The kind's name as the reference data has it now (the field has no fixed choices)."""
        from .kinds import list_kind_label

        return list_kind_label(self.kind)

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()


class SchoolContext(models.Model):
    """A school's social context in a year (contract 1.1's context columns), kept with its history: the context
    groups and the programme effect's comparison groups are drawn from it."""

    class Settlement(models.TextChoices):
        URBAN = "город", "город"
        RURAL = "село", "село"

    school = models.ForeignKey(School, verbose_name="ОО", on_delete=models.CASCADE, related_name="contexts")
    year = models.PositiveSmallIntegerField("год")
    urban_rural = models.CharField("город/село", max_length=10, choices=Settlement.choices, blank=True)
    enrolment = models.PositiveIntegerField("обучающихся", null=True, blank=True)
    low_income_share = models.DecimalField(
        "доля детей из малоимущих семей, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    sen_share = models.DecimalField("доля обучающихся с ОВЗ, %", max_digits=5, decimal_places=2, null=True, blank=True)
    non_native_share = models.DecimalField(
        "доля не владеющих русским языком, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    resource_index = models.DecimalField(
        "индекс образовательных ресурсов", max_digits=9, decimal_places=4, null=True, blank=True
    )
    updated_at = models.DateTimeField("обновлено", auto_now=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_school = "school"

    VALUE_FIELDS = ("urban_rural", "enrolment", "low_income_share", "sen_share", "non_native_share", "resource_index")

    class Meta:
        verbose_name = "социальный контекст ОО"
        verbose_name_plural = "социальный контекст ОО"
        ordering = ["school", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="school_context_unique_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="school_context_year_range"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0, f"{name}__lte": 100}),
                    name=f"school_context_{name}_0_100",
                )
                for name in ("low_income_share", "sen_share", "non_native_share")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: контекст {self.year}"


class User(AbstractUser):
    role = models.CharField("роль", max_length=20, choices=Role.choices, default=Role.SCHOOL_ADMIN)
    region = models.ForeignKey(Region, verbose_name="регион", null=True, blank=True, on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", null=True, blank=True, on_delete=models.PROTECT
    )
    school = models.ForeignKey(School, verbose_name="ОО", null=True, blank=True, on_delete=models.PROTECT)
    organisation = models.CharField("организация", max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["head", "methodologist"]) | Q(municipality__isnull=False),
                name="user_municipal_role_has_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(role="school_admin") | Q(school__isnull=False), name="user_school_admin_has_school"
            ),
            models.CheckConstraint(
                condition=~Q(role="regional") | Q(region__isnull=False), name="user_regional_has_region"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role
