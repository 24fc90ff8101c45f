from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.numbers import api_percent
from core.years import YEAR_MAX, YEAR_MIN
from schools.serializers import MunicipalityCodeField

from .models import PlanItem, Program, ProgramParticipant, ProgramTrack
from .selectors import Completion, ProgramCompletion


class OrderSerializer(serializers.Serializer):
    number = serializers.CharField(
        source="order_number", required=False, allow_blank=True, max_length=50, label="Номер приказа"
    )
    date = serializers.DateField(source="order_date", required=False, allow_null=True, label="Дата приказа")


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(source="period_start", label="Начало")
    end = serializers.DateField(source="period_end", label="Окончание")


class TrackSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(min_value=1, max_value=99, label="Номер")
    title = serializers.CharField(max_length=500, label="Название")

    class Meta:
        model = ProgramTrack
        fields = ["number", "title"]


class ParticipantSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.code", label="Код ОО")
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, label="Год")
    track = serializers.IntegerField(source="track.number", required=False, allow_null=True, label="Трек")

    class Meta:
        model = ProgramParticipant
        fields = ["school", "year", "track"]


class RiskSerializer(serializers.Serializer):
    risk = serializers.CharField(max_length=1000, label="Риск")
    mitigation = serializers.CharField(max_length=2000, allow_blank=True, required=False, label="Меры")


class CompletionPartSerializer(serializers.Serializer):
    title = serializers.CharField()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    overdue = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class CompletionSerializer(CompletionPartSerializer):
    by_block = CompletionPartSerializer(many=True)
    by_track = CompletionPartSerializer(many=True)


def _part(c: Completion) -> dict:
    return {
        "title": c.title,
        "total": c.total,
        "done": c.done,
        "cancelled": c.cancelled,
        "overdue": c.overdue,
        "percent": api_percent(c.percent),
    }


class ProgramSerializer(serializers.ModelSerializer):
    code = serializers.SlugField(max_length=50, label="Код")
    title = serializers.CharField(max_length=500, label="Название")
    kind = serializers.ChoiceField(choices=Program.Kind.choices, required=False, label="Вид")
    municipality = MunicipalityCodeField(label="Код муниципалитета")  # another's reads as unknown: nothing to probe
    order = OrderSerializer(source="*", required=False, label="Приказ")
    period = PeriodSerializer(source="*", label="Период")
    developer = serializers.CharField(max_length=500, required=False, allow_blank=True, label="Разработчик")
    executors = serializers.CharField(required=False, allow_blank=True, label="Исполнители")
    coordinator = serializers.CharField(max_length=300, required=False, allow_blank=True, label="Координатор")
    period_text = serializers.CharField(
        required=False, allow_blank=True, label="Срок реализации (как в документе; по формулировке в строке)"
    )
    main_idea = serializers.CharField(required=False, allow_blank=True, label="Основная идея")
    goal = serializers.CharField(required=False, allow_blank=True, label="Цель")
    funding_sources = serializers.CharField(required=False, allow_blank=True, label="Источники финансирования")
    normative_basis = serializers.CharField(
        required=False, allow_blank=True, label="Нормативная база (по документу в строке)"
    )
    tasks = serializers.ListField(child=serializers.CharField(max_length=2000), required=False, label="Задачи")
    expected_results = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, label="Ожидаемые результаты"
    )
    risks = RiskSerializer(many=True, required=False, label="Риски и меры")
    tracks = TrackSerializer(many=True, required=False, label="Треки")
    schools = ParticipantSerializer(many=True, source="participants", required=False, label="ОО-участники")
    completion = serializers.SerializerMethodField(label="Выполнено, %")

    class Meta:
        model = Program
        fields = [
            "code",
            "title",
            "kind",
            "municipality",
            "order",
            "period",
            "period_text",
            "developer",
            "executors",
            "coordinator",
            "main_idea",
            "goal",
            "tasks",
            "expected_results",
            "risks",
            "funding_sources",
            "normative_basis",
            "tracks",
            "schools",
            "completion",
        ]

    @extend_schema_field(CompletionSerializer)
    def get_completion(self, program: Program) -> dict | None:
        completion: ProgramCompletion | None = (self.context.get("completion") or {}).get(program.pk)
        if completion is None:
            return None
        return {
            **_part(completion.overall),
            "by_block": [_part(c) for c in completion.by_block],
            "by_track": [_part(c) for c in completion.by_track],
        }

    def validate(self, attrs):
        start = attrs.get("period_start", getattr(self.instance, "period_start", None))
        end = attrs.get("period_end", getattr(self.instance, "period_end", None))
        if start and end and end < start:
            raise serializers.ValidationError({"period": "Окончание периода не может быть раньше начала."})
        return attrs


class DeadlineSerializer(serializers.Serializer):
    text = serializers.CharField(source="deadline_text")
    kind = serializers.CharField(source="deadline_kind")
    start = serializers.DateField(source="deadline_start", allow_null=True)
    end = serializers.DateField(source="deadline_end", allow_null=True)
    months = serializers.ListField(child=serializers.IntegerField(), source="deadline_months")
    due_date = serializers.SerializerMethodField(
        help_text="Ближайший срок в периоде программы на сегодня; когда все прошли — последний (пропущенный). "
        "Никогда не позже окончания программы."
    )
    # Every due date within the programme's period (one a year for «март», each quarter for «ежеквартально»…).
    occurrences = serializers.ListField(
        child=serializers.DateField(),
        read_only=True,
        help_text="Все сроки мероприятия в периоде программы: формулировка без года («март», «в течение года», "
        "«ежегодно») относится к каждому году периода; повторение не выходит за окончание программы.",
    )
    set_manually = serializers.BooleanField(source="deadline_set_manually")

    def get_due_date(self, item: PlanItem) -> str | None:
        due = item.due_date(self.context["today"])
        return due.isoformat() if due else None


class FactSerializer(serializers.Serializer):
    text = serializers.CharField(source="fact_text", allow_blank=True, required=False)
    value = serializers.DecimalField(
        source="fact_value", max_digits=14, decimal_places=2, allow_null=True, required=False, min_value=0
    )


class ActivitySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, label="Ид.")
    number = serializers.CharField(read_only=True, label="№")
    block = serializers.CharField(read_only=True, label="Раздел")
    section = serializers.CharField(read_only=True, label="Подраздел")
    track = serializers.IntegerField(source="track.number", read_only=True, allow_null=True, label="Трек")
    school = serializers.CharField(source="school.code", read_only=True, allow_null=True, label="Код ОО")
    title = serializers.CharField(read_only=True, label="Мероприятие")
    deadline = DeadlineSerializer(source="*", read_only=True, label="Сроки")
    responsible = serializers.CharField(read_only=True, label="Ответственные")
    expected_result = serializers.CharField(read_only=True, label="Ожидаемый результат")
    target_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True, label="Целевое значение"
    )
    status = serializers.ChoiceField(choices=PlanItem.Status.choices, label="Статус")
    fact = FactSerializer(source="*", required=False, label="Факт")
    overdue = serializers.SerializerMethodField(label="Просрочено")
    completed_on = serializers.DateField(required=False, allow_null=True, label="Дата выполнения")
    completed_by = serializers.CharField(
        source="completed_by.get_full_name", read_only=True, allow_null=True, label="Отметил выполнение"
    )
    days_late = serializers.IntegerField(read_only=True, label="Опоздание, дней")

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "number",
            "block",
            "section",
            "track",
            "school",
            "title",
            "deadline",
            "responsible",
            "expected_result",
            "target_value",
            "status",
            "fact",
            "overdue",
            "completed_on",
            "completed_by",
            "days_late",
        ]

    def get_overdue(self, item: PlanItem) -> bool:
        return item.is_overdue(self.context["today"])
