from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.numbers import api_percent
from core.serializers import SlugRelatedField
from core.years import YEAR_MAX, YEAR_MIN, year_parse
from schools.access import is_curator
from schools.models import Role, School, User
from schools.serializers import MunicipalityCodeField, SchoolCodeField, request_user

from .models import (
    EMPLOYED_FROM_HELP,
    EMPLOYED_TO_HELP,
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    IndividualPlan,
    IndividualPlanItem,
    MentoringPair,
    MethodEvent,
    Partnership,
    PDCourse,
    StaffingFigures,
    StaffingSubject,
    Teacher,
    event_kind_check,
)
from .selectors.common import names_visible
from .selectors.events import MATERIALS_LABELS, event_annotate, event_coverage, materials_status

CURATOR_NOT_FOUND = "Куратор «{value}» не найден."
TEACHER_NOT_FOUND = "Педагог № {pk_value} не найден в вашей зоне доступа."


class CuratorField(SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"does_not_exist": CURATOR_NOT_FOUND})
        super().__init__(slug_field="username", **kwargs)

    def get_queryset(self):
        return User.objects.filter(role=Role.CURATOR, is_active=True)


class TeacherField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": TEACHER_NOT_FOUND}

    def get_queryset(self):
        user = request_user(self)
        return Teacher.objects.filter(school__in=School.objects.visible_to(user)) if user else Teacher.objects.none()


class PersonalDataMixin:
    """Fields naming a teacher leave the output (and the export) for roles without `teachers.names`."""

    personal_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and not names_visible(request.user):
            for name in self.personal_fields:
                fields.pop(name, None)
        return fields


# --- curators -------------------------------------------------------------------------------------------------


class CuratorAssignmentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, label="№")
    curator = CuratorField(label="Куратор (логин)")
    curator_name = serializers.CharField(source="curator.get_full_name", read_only=True, label="Куратор")
    school = SchoolCodeField(label="Код ОО")
    school_name = serializers.CharField(source="school.display_name", read_only=True, label="ОО")
    curator_school = SchoolCodeField(required=False, allow_null=True, label="Код школы-куратора")
    start = serializers.DateField(label="Начало")
    end = serializers.DateField(required=False, allow_null=True, label="Окончание")
    active = serializers.SerializerMethodField(label="Действует")

    class Meta:
        model = CuratorAssignment
        fields = ["id", "curator", "curator_name", "school", "school_name", "curator_school", "start", "end", "active"]

    def get_active(self, obj) -> bool:
        from .models import period_active

        return period_active(obj.start, obj.end)


class CuratorVisitSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, label="№")
    curator = CuratorField(required=False, label="Куратор (логин)")
    curator_name = serializers.CharField(source="curator.get_full_name", read_only=True, label="Куратор")
    school = SchoolCodeField(label="Код ОО")
    school_name = serializers.CharField(source="school.display_name", read_only=True, label="ОО")
    date = serializers.DateField(label="Дата визита")
    lessons_observed = serializers.IntegerField(min_value=0, max_value=100, default=0, label="Посещено уроков")
    findings = serializers.CharField(allow_blank=True, required=False, label="Выводы")
    recommendations = serializers.CharField(allow_blank=True, required=False, label="Рекомендации")
    follow_up_due = serializers.DateField(required=False, allow_null=True, label="Срок проверки исполнения")
    follow_up_done = serializers.BooleanField(required=False, label="Рекомендации выполнены")

    class Meta:
        model = CuratorVisit
        fields = [
            "id",
            "curator",
            "curator_name",
            "school",
            "school_name",
            "date",
            "lessons_observed",
            "findings",
            "recommendations",
            "follow_up_due",
            "follow_up_done",
        ]

    def validate(self, attrs):
        user = self.context["request"].user
        if self.instance is None and "curator" not in attrs:
            if not is_curator(user):
                raise serializers.ValidationError({"curator": "Укажите логин куратора."})
            attrs["curator"] = user
        return attrs


# --- partnerships ---------------------------------------------------------------------------------------------


class PartnershipSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, label="№")
    school = SchoolCodeField(label="Код ОО")
    school_name = serializers.CharField(source="school.display_name", read_only=True, label="ОО")
    partner = SchoolCodeField(label="Код школы-партнёра")
    partner_name = serializers.CharField(source="partner.display_name", read_only=True, label="Школа-партнёр")
    agreement_number = serializers.CharField(allow_blank=True, required=False, max_length=50, label="Номер договора")
    agreement_date = serializers.DateField(required=False, allow_null=True, label="Дата договора")
    start = serializers.DateField(label="Начало")
    end = serializers.DateField(required=False, allow_null=True, label="Окончание")
    form = serializers.ChoiceField(choices=Partnership.Form.choices, default=Partnership.Form.NETWORK, label="Форма")
    joint_plan = serializers.CharField(allow_blank=True, required=False, label="Совместный план")
    active = serializers.SerializerMethodField(
        label="Действует", help_text="действует в году `?year=` запроса (период его захватывает), без него — сегодня"
    )
    activity_count = serializers.IntegerField(read_only=True, default=0, label="Совместных мероприятий")

    class Meta:
        model = Partnership
        fields = [
            "id",
            "school",
            "school_name",
            "partner",
            "partner_name",
            "agreement_number",
            "agreement_date",
            "start",
            "end",
            "form",
            "joint_plan",
            "active",
            "activity_count",
        ]

    def get_active(self, obj) -> bool:
        """In the `?year=` of the request when given (the period overlaps it), else today."""
        request = self.context.get("request")
        year = year_parse(request.query_params.get("year")) if request is not None else None
        return obj.active_in(year)


# --- events ---------------------------------------------------------------------------------------------------


class AttendanceSerializer(serializers.ModelSerializer):
    school = SchoolCodeField(label="Код ОО")
    school_name = serializers.CharField(source="school.display_name", read_only=True, label="ОО")
    participants = serializers.IntegerField(min_value=0, label="Участников")

    class Meta:
        model = EventAttendance
        fields = ["school", "school_name", "participants"]


class MaterialSerializer(serializers.Serializer):
    title = serializers.CharField(label="Материал")
    url = serializers.SerializerMethodField(
        help_text="файл — через маршрут API (тот же токен или сеанс); внешняя ссылка — как её указали"
    )
    uploaded_at = serializers.DateField(label="Размещён")
    late = serializers.BooleanField(source="is_late", label="С опозданием")

    def get_url(self, obj) -> str:
        """A stored file through the API's own route (token or session); an external link as it was given."""
        return f"/api/v1/events/{obj.event_id}/materials/{obj.pk}/" if obj.file else obj.url


# Whose schools an event's «% ШНОР» is of (named in the schema as EventPopulationEnum).
EVENT_POPULATION_KINDS = [("participants", "участники программы года"), ("list_of_year", "ШНОР года")]


class EventPopulationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(EVENT_POPULATION_KINDS, label="Совокупность")
    year = serializers.IntegerField(label="Год")
    label = serializers.CharField(label="Совокупность (текст)")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Field.label


class MethodEventSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, label="№")
    title = serializers.CharField(max_length=300, label="Мероприятие")
    kind = serializers.CharField(
        max_length=30, label="Вид (код)", help_text="код из справочника видов мероприятий (contracts §3)"
    )
    kind_label = serializers.CharField(read_only=True, label="Вид")
    date = serializers.DateField(label="Дата")
    municipality = MunicipalityCodeField(label="Код муниципалитета")
    host_school = SchoolCodeField(required=False, allow_null=True, label="Код базовой ОО")
    organiser = serializers.CharField(allow_blank=True, required=False, max_length=300, label="Организатор")
    audience = serializers.CharField(allow_blank=True, required=False, max_length=300, label="Целевая аудитория")
    target_share_shnor = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        label="Цель: доля ШНОР, %",
    )
    attendance = AttendanceSerializer(many=True, required=False, source="visible_attendances", label="Участники")
    participants_total = serializers.IntegerField(read_only=True, label="Всего участников")
    schools_total = serializers.IntegerField(read_only=True, label="ОО-участников")
    shnor_attended = serializers.IntegerField(read_only=True, label="ШНОР-участников")
    shnor_total = serializers.IntegerField(read_only=True, label="ШНОР в муниципалитете")
    shnor_represented = serializers.SerializerMethodField(label="Представлено ШНОР, %")
    population = serializers.SerializerMethodField(label="Чьи школы (ШНОР или участники программы)")
    target_met = serializers.SerializerMethodField(label="Цель достигнута")
    materials_due = serializers.DateField(read_only=True, label="Срок размещения материалов")
    materials_status = serializers.SerializerMethodField(label="Материалы")
    materials = MaterialSerializer(many=True, read_only=True, label="Файлы материалов")

    class Meta:
        model = MethodEvent
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "date",
            "municipality",
            "host_school",
            "organiser",
            "audience",
            "target_share_shnor",
            "attendance",
            "participants_total",
            "schools_total",
            "shnor_attended",
            "shnor_total",
            "shnor_represented",
            "population",
            "target_met",
            "materials_due",
            "materials_status",
            "materials",
        ]

    def validate_kind(self, value: str) -> str:
        try:
            event_kind_check(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value

    def to_representation(self, instance):
        if not hasattr(instance, "participants_total"):  # a fresh write: read it back with its totals
            instance = event_annotate(
                MethodEvent.objects.filter(pk=instance.pk), user=self.context["request"].user
            ).get()
        return super().to_representation(instance)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_shnor_represented(self, obj):
        return api_percent(event_coverage(obj).share)

    @extend_schema_field(EventPopulationSerializer)
    def get_population(self, obj) -> dict:
        coverage = event_coverage(obj)
        return {"kind": coverage.population, "year": coverage.year, "label": coverage.label}

    def get_target_met(self, obj) -> bool | None:
        return event_coverage(obj).met

    @extend_schema_field(serializers.ChoiceField(choices=list(MATERIALS_LABELS)))
    def get_materials_status(self, obj) -> str:
        return materials_status(obj)


# --- teachers -------------------------------------------------------------------------------------------------


class TeacherSerializer(PersonalDataMixin, serializers.ModelSerializer):
    personal_fields = ("full_name",)

    id = serializers.IntegerField(read_only=True, label="№")
    school = SchoolCodeField(label="Код ОО")
    school_name = serializers.CharField(source="school.display_name", read_only=True, label="ОО")
    full_name = serializers.CharField(max_length=200, label="ФИО")
    subject = serializers.CharField(max_length=200, label="Предмет (должность)")
    category = serializers.ChoiceField(
        choices=Teacher.Category.choices, default=Teacher.Category.NONE, label="Категория"
    )
    weekly_load = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=60,
        required=False,
        allow_null=True,
        label="Нагрузка, ч/нед.",
    )
    experience_band = serializers.ChoiceField(choices=Teacher.Experience.choices, label="Стаж")
    pension_age = serializers.BooleanField(required=False, label="Пенсионный возраст")
    age_band = serializers.ChoiceField(
        choices=Teacher.AgeBand.choices, required=False, allow_blank=True, label="Возраст"
    )
    education = serializers.ChoiceField(
        choices=Teacher.Education.choices, required=False, allow_blank=True, label="Образование"
    )
    employed_from = serializers.DateField(
        required=False, allow_null=True, label="Работает с", help_text=EMPLOYED_FROM_HELP
    )
    employed_to = serializers.DateField(
        required=False, allow_null=True, label="Работал(а) по", help_text=EMPLOYED_TO_HELP
    )
    is_active = serializers.BooleanField(required=False, default=True, label="Работает")

    class Meta:
        model = Teacher
        fields = [
            "id",
            "school",
            "school_name",
            "full_name",
            "subject",
            "category",
            "weekly_load",
            "experience_band",
            "pension_age",
            "age_band",
            "education",
            "employed_from",
            "employed_to",
            "is_active",
        ]


class TeacherSummarySerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="code", label="Код ОО")
    school_name = serializers.CharField(source="display_name", label="ОО")
    teachers_total = serializers.IntegerField(label="Педагогов")
    highest_category = serializers.IntegerField(label="Высшая категория")
    first_category = serializers.IntegerField(label="Первая категория")
    young = serializers.IntegerField(label="Стаж менее 3 лет")
    pension_age_count = serializers.IntegerField(label="Пенсионного возраста")
    under_35 = serializers.IntegerField(label="До 35 лет")
    over_55 = serializers.IntegerField(label="Старше 55 лет")
    higher_education = serializers.IntegerField(label="С высшим образованием")
    diagnosed = serializers.IntegerField(label="Прошли диагностику в году")
    trained = serializers.IntegerField(label="Прошли КПК в году")
    trained_share = serializers.SerializerMethodField(label="Доля прошедших КПК, %")

    class Meta:
        model = School
        fields = [
            "school",
            "school_name",
            "teachers_total",
            "highest_category",
            "first_category",
            "young",
            "pension_age_count",
            "under_35",
            "over_55",
            "higher_education",
            "diagnosed",
            "trained",
            "trained_share",
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_trained_share(self, obj):
        from core.numbers import share

        return api_percent(share(obj.trained, obj.teachers_total))


class _TeacherRecordSerializer(PersonalDataMixin, serializers.ModelSerializer):
    personal_fields: tuple[str, ...] = ("teacher_name",)

    id = serializers.IntegerField(read_only=True, label="№")
    teacher = TeacherField(label="Педагог (№)")
    teacher_name = serializers.CharField(source="teacher.full_name", read_only=True, label="Педагог")
    school = serializers.CharField(source="teacher.school.code", read_only=True, label="Код ОО")


class PDCourseSerializer(_TeacherRecordSerializer):
    title = serializers.CharField(max_length=300, label="Программа курсов")
    provider = serializers.CharField(max_length=300, allow_blank=True, required=False, label="Организатор")
    hours = serializers.IntegerField(min_value=1, max_value=2000, label="Часов")
    form = serializers.ChoiceField(choices=PDCourse.Form.choices, default=PDCourse.Form.DISTANCE, label="Форма")
    start = serializers.DateField(label="Начало")
    end = serializers.DateField(required=False, allow_null=True, label="Окончание")
    completed = serializers.BooleanField(required=False, label="Пройдены")

    class Meta:
        model = PDCourse
        fields = [
            "id",
            "teacher",
            "teacher_name",
            "school",
            "title",
            "provider",
            "hours",
            "form",
            "start",
            "end",
            "completed",
        ]


class DiagnosticSerializer(_TeacherRecordSerializer):
    personal_fields = ("teacher_name", "notes")

    date = serializers.DateField(label="Дата")
    instrument = serializers.CharField(max_length=300, label="Инструмент диагностики")
    subject = serializers.BooleanField(required=False, label="Предметные")
    meta_subject = serializers.BooleanField(required=False, label="Метапредметные")
    methodological = serializers.BooleanField(required=False, label="Методические")
    psycho_pedagogical = serializers.BooleanField(required=False, label="Психолого-педагогические")
    notes = serializers.CharField(allow_blank=True, required=False, label="Описание дефицитов")

    class Meta:
        model = DeficitDiagnostic
        fields = [
            "id",
            "teacher",
            "teacher_name",
            "school",
            "date",
            "instrument",
            "subject",
            "meta_subject",
            "methodological",
            "psycho_pedagogical",
            "notes",
        ]


class PlanItemSerializer(serializers.ModelSerializer):
    title = serializers.CharField(max_length=300, label="Мероприятие")
    due = serializers.DateField(required=False, allow_null=True, label="Срок")
    status = serializers.ChoiceField(
        choices=IndividualPlanItem.Status.choices, default=IndividualPlanItem.Status.PLANNED, label="Статус"
    )

    class Meta:
        model = IndividualPlanItem
        fields = ["title", "due", "status"]


class IndividualPlanSerializer(_TeacherRecordSerializer):
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, label="Год")
    status = serializers.ChoiceField(
        choices=IndividualPlan.Status.choices, default=IndividualPlan.Status.DRAFT, label="Статус"
    )
    items = PlanItemSerializer(many=True, required=False, label="Пункты")

    class Meta:
        model = IndividualPlan
        fields = ["id", "teacher", "teacher_name", "school", "year", "status", "items"]


class MentoringPairSerializer(PersonalDataMixin, serializers.ModelSerializer):
    personal_fields = ("mentor_name", "mentee_name")

    id = serializers.IntegerField(read_only=True, label="№")
    mentor = TeacherField(label="Наставник (№)")
    mentor_name = serializers.CharField(source="mentor.full_name", read_only=True, label="Наставник")
    mentor_school = serializers.CharField(source="mentor.school.code", read_only=True, label="Код ОО наставника")
    mentee = TeacherField(label="Наставляемый (№)")
    mentee_name = serializers.CharField(source="mentee.full_name", read_only=True, label="Наставляемый")
    mentee_school = serializers.CharField(source="mentee.school.code", read_only=True, label="Код ОО наставляемого")
    form = serializers.ChoiceField(
        choices=MentoringPair.Form.choices, default=MentoringPair.Form.TEACHER_TEACHER, label="Форма"
    )
    start = serializers.DateField(label="Начало")
    end = serializers.DateField(required=False, allow_null=True, label="Окончание")

    class Meta:
        model = MentoringPair
        fields = [
            "id",
            "mentor",
            "mentor_name",
            "mentor_school",
            "mentee",
            "mentee_name",
            "mentee_school",
            "form",
            "start",
            "end",
        ]


# --- staffing figures -----------------------------------------------------------------------------------------


class StaffingSubjectSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(max_length=200, label="Предмет")
    teachers = serializers.IntegerField(min_value=0, label="Учителей")
    qualified_category = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, label="С высшей или первой категорией"
    )
    pension_age = serializers.IntegerField(min_value=0, required=False, allow_null=True, label="Пенсионного возраста")
    pd_completed = serializers.IntegerField(min_value=0, required=False, allow_null=True, label="Прошли КПК")

    class Meta:
        model = StaffingSubject
        validators: list = []
        fields = ["subject", "teachers", "qualified_category", "pension_age", "pd_completed"]


def _count(label: str):
    return serializers.IntegerField(min_value=0, required=False, allow_null=True, label=label)


class StaffingFiguresSerializer(serializers.ModelSerializer):
    """A year's staffing counts of a school (`school`), or of a municipality as a whole (`municipality` without
    `school`); parts ≤ total, in Russian when not."""

    id = serializers.IntegerField(read_only=True, label="№")
    municipality = MunicipalityCodeField(required=False, label="Код муниципалитета")
    municipality_name = serializers.CharField(source="municipality.name", read_only=True, label="Муниципалитет")
    school = SchoolCodeField(required=False, allow_null=True, label="Код ОО (пусто — муниципалитет в целом)")
    school_name = serializers.CharField(source="school.display_name", read_only=True, default="", label="ОО")
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, label="Год")
    pedagogical_staff = _count("Педагогических работников")
    teachers_total = serializers.IntegerField(min_value=0, label="Учителей всего")
    higher_education = _count("С высшим образованием")
    under_35 = _count("До 35 лет")
    over_55 = _count("Старше 55 лет")
    pension_age = _count("Пенсионного возраста")
    qualified_category = _count("С высшей или первой категорией")
    experience_over_20 = _count("Стаж более 20 лет")
    source = serializers.CharField(max_length=300, allow_blank=True, required=False, label="Источник")  # type: ignore[assignment]  # DRF's metaclass takes declared fields off the class; stubs see Field.source
    subjects = StaffingSubjectSerializer(many=True, required=False, label="По предметам")

    class Meta:
        model = StaffingFigures
        validators: list = []  # the model's constraints answer (in Russian) through the service's full_clean
        fields = [
            "id",
            "municipality",
            "municipality_name",
            "school",
            "school_name",
            "year",
            "pedagogical_staff",
            "teachers_total",
            "higher_education",
            "under_35",
            "over_55",
            "pension_age",
            "qualified_category",
            "experience_over_20",
            "source",
            "subjects",
        ]
