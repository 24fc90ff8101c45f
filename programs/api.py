import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from core.api import CODE_REGEX, ID_REGEX, ScopedViewSet
from schools.permissions import HasCapability

from . import selectors
from .filtersets import ActivityFilterSet, ProgramFilterSet
from .models import PlanItem, Program
from .serializers import ActivitySerializer, ProgramSerializer
from .services.plan_items import plan_item_update
from .services.programmes import ParticipantData, TrackData, program_save


def _service_call(fn, **kwargs):
    return fn(**kwargs)  # a refusal (ApplicationError) answers through core.api.exception_handler


class ProgramViewSet(ScopedViewSet):
    """Programmes and projects of the user's municipalities; methodologists and heads create and edit them."""

    queryset = Program.objects.none()
    serializer_class = ProgramSerializer
    permission_classes = [HasCapability]
    write_capability = "programs.edit"
    http_method_names = ["get", "post", "patch", "head", "options"]
    export_title = "Программы"

    filterset_class = ProgramFilterSet

    def get_queryset(self):
        return selectors.program_detail_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else None
        if instance is not None:
            programs = list(instance) if not isinstance(instance, Program) else [instance]
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["completion"] = selectors.program_completion_map(
                program_ids=[p.pk for p in programs], today=timezone.localdate()
            )
            if not isinstance(instance, Program):
                args = (programs, *args[1:])
        return super().get_serializer(*args, **kwargs)

    def _save(self, serializer, program=None):
        data = dict(serializer.validated_data)
        tracks = data.pop("tracks", None)
        participants = data.pop("participants", None)
        if program is not None:
            for name in (
                "code",
                "title",
                "municipality",
                "period_start",
                "period_end",
                "kind",
                "order_number",
                "order_date",
                "developer",
                "executors",
                "coordinator",
                "goal",
                "period_text",
                "main_idea",
                "funding_sources",
                "normative_basis",
            ):
                data.setdefault(name, getattr(program, name))
        data.setdefault("kind", Program.Kind.PROGRAM)
        serializer.instance = _service_call(
            program_save,
            user=self.request.user,
            program=program,
            tracks=None if tracks is None else [TrackData(t["number"], t["title"]) for t in tracks],
            participants=None
            if participants is None
            else [
                ParticipantData(p["school"]["code"], p["year"], (p.get("track") or {}).get("number"))
                for p in participants
            ],
            **data,
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, program=serializer.instance)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("program_code", OpenApiTypes.STR, OpenApiParameter.PATH, description="код программы"),
        ]
    ),
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter("program_code", OpenApiTypes.STR, OpenApiParameter.PATH, description="код программы"),
        ]
    ),
    partial_update=extend_schema(
        parameters=[
            OpenApiParameter("program_code", OpenApiTypes.STR, OpenApiParameter.PATH, description="код программы"),
        ]
    ),
)
class ActivityViewSet(ScopedViewSet):
    """The plan-schedule of a programme: every activity with its deadline as written and as read."""

    queryset = PlanItem.objects.none()
    serializer_class = ActivitySerializer
    permission_classes = [HasCapability]
    write_capability = "programs.edit"
    lookup_field = "pk"
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "patch", "head", "options"]
    export_title = "План-график"
    export_columns = [
        ("number", "№"),
        ("block", "Раздел"),
        ("section", "Подраздел"),
        ("title", "Мероприятие"),
        ("deadline_text", "Сроки"),
        ("deadline_kind", "Вид срока"),
        ("due_date", "Ближайший срок"),
        ("occurrences", "Сроки в периоде программы"),
        ("responsible", "Ответственные"),
        ("expected_result", "Ожидаемый результат"),
        ("target_value", "Целевое значение"),
        ("status", "Статус"),
        ("fact_text", "Факт"),
        ("fact_value", "Фактическое значение"),
        ("overdue", "Просрочено"),
    ]

    def program(self) -> Program:
        if not hasattr(self, "_program"):
            self._program = get_object_or_404(
                selectors.program_list(user=self.request.user), code=self.kwargs.get("program_code")
            )
        return self._program

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    filterset_class = ActivityFilterSet

    def get_queryset(self):
        # Every item of the programme the user may see; ActivityFilterSet picks the municipal or a school's plan.
        return selectors.plan_item_program_list(user=self.request.user, program=self.program())

    def get_object(self):
        # Any item of the programme the user may see, the municipal plan's or a visible school's.
        return get_object_or_404(
            selectors.plan_item_get_list(user=self.request.user).filter(program=self.program()),
            pk=self.kwargs["pk"],
        )

    def finalize_response(self, request, response, *args, **kwargs):
        if self.is_export() and response.status_code == 200 and isinstance(response.data, list):
            response.data = [_flat(row) for row in response.data]
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_update(self, serializer):
        item = serializer.instance
        data = serializer.validated_data
        serializer.instance = _service_call(
            plan_item_update,
            item=item,
            user=self.request.user,
            status=data.get("status", item.status),
            fact_text=data.get("fact_text", item.fact_text),
            fact_value=data["fact_value"] if "fact_value" in data else item.fact_value,
            completed_on=data.get("completed_on"),
        )


def _flat(row: dict) -> dict:
    """One spreadsheet row per activity: the deadline and the fact spread into their own columns."""
    deadline = row.get("deadline") or {}
    fact = row.get("fact") or {}
    labels: dict[str | None, str] = dict(PlanItem.Status.choices)
    return {
        **row,
        "deadline_text": deadline.get("text"),
        "deadline_kind": deadline.get("kind"),
        "due_date": deadline.get("due_date"),
        "occurrences": ", ".join(
            datetime.date.fromisoformat(x).strftime("%d.%m.%Y") for x in deadline.get("occurrences") or ()
        ),
        "fact_text": fact.get("text"),
        "fact_value": fact.get("value"),
        "status": labels.get(row.get("status"), row.get("status")),
        "overdue": "да" if row.get("overdue") else "",
    }


ROUTES = [
    ("programs", ProgramViewSet, "programs"),
    (rf"programs/(?P<program_code>{CODE_REGEX})/activities", ActivityViewSet, "program-activities"),
]
