from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import DOWNLOAD_RENDERERS, ScopedViewSet
from schools.models import School
from schools.permissions import HasCapability

from .filtersets import (
    AssignmentFilterSet,
    CourseFilterSet,
    DiagnosticFilterSet,
    EventFilterSet,
    PairFilterSet,
    PartnershipFilterSet,
    PlanFilterSet,
    StaffingFilterSet,
    TeacherFilterSet,
    TeacherSummaryFilterSet,
    VisitFilterSet,
)
from .models import (
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    IndividualPlan,
    MentoringPair,
    MethodEvent,
    Partnership,
    PDCourse,
    StaffingFigures,
    Teacher,
)
from .selectors.curators import assignment_list, visit_list
from .selectors.events import event_list
from .selectors.partnerships import partnership_list
from .selectors.staffing import staffing_list
from .selectors.teachers import course_list, diagnostic_list, pair_list, plan_list, teacher_list, teacher_summary
from .serializers import (
    CuratorAssignmentSerializer,
    CuratorVisitSerializer,
    DiagnosticSerializer,
    IndividualPlanSerializer,
    MentoringPairSerializer,
    MethodEventSerializer,
    PartnershipSerializer,
    PDCourseSerializer,
    StaffingFiguresSerializer,
    TeacherSerializer,
    TeacherSummarySerializer,
)
from .services.curators import assignment_create, assignment_update, visit_create, visit_delete, visit_update
from .services.events import event_create, event_delete, event_update
from .services.partnerships import partnership_create, partnership_update
from .services.staffing import staffing_delete, staffing_save
from .services.teachers import (
    course_create,
    course_update,
    diagnostic_create,
    diagnostic_update,
    pair_create,
    pair_update,
    plan_save,
    record_delete,
    teacher_create,
    teacher_update,
)


class SupportViewSet(ScopedViewSet):
    """Reads through a scoped selector, lists narrowed by the view's FilterSet (`mentoring.filtersets`); writes
    through one service each, whose Russian errors become 400s."""

    lookup_field = "pk"
    lookup_value_regex = r"\d+"
    permission_classes = [HasCapability]

    def filter_queryset(self, queryset):
        """Only a list is filtered; a detail (`/{id}/?year=2022`) is found whatever the query says."""
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def create_record(self, data: dict):
        raise NotImplementedError

    def update_record(self, instance, data: dict):
        raise NotImplementedError

    def delete_record(self, instance) -> None:
        raise NotImplementedError

    def _service(self, call, *args):
        return call(*args)  # Django's ValidationError answers 400 through core.api.exception_handler

    def perform_create(self, serializer):
        serializer.instance = self._service(self.create_record, dict(serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = self._service(self.update_record, serializer.instance, dict(serializer.validated_data))

    def perform_destroy(self, instance):
        self._service(self.delete_record, instance)


class CuratorAssignmentViewSet(SupportViewSet):
    queryset = CuratorAssignment.objects.none()
    serializer_class = CuratorAssignmentSerializer
    write_capability = "support.edit"
    export_title = "Назначения кураторов"

    filterset_class = AssignmentFilterSet

    def get_queryset(self):
        return assignment_list(user=self.request.user)

    def create_record(self, data):
        return assignment_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return assignment_update(assignment=instance, **data, user=self.request.user)

    def delete_record(self, instance):
        assignment_update(assignment=instance, user=self.request.user)  # the scope and right checks
        instance.delete()


class CuratorVisitViewSet(SupportViewSet):
    queryset = CuratorVisit.objects.none()
    serializer_class = CuratorVisitSerializer
    write_capability = "visits.edit"
    export_title = "Визиты кураторов"

    filterset_class = VisitFilterSet

    def get_queryset(self):
        return visit_list(user=self.request.user)

    def create_record(self, data):
        return visit_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return visit_update(visit=instance, **data, user=self.request.user)

    def delete_record(self, instance):
        visit_delete(visit=instance, user=self.request.user)


class PartnershipViewSet(SupportViewSet):
    queryset = Partnership.objects.none()
    serializer_class = PartnershipSerializer
    write_capability = "support.edit"
    export_title = "Партнёрства"

    filterset_class = PartnershipFilterSet

    def get_queryset(self):
        return partnership_list(user=self.request.user)

    def create_record(self, data):
        return partnership_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return partnership_update(partnership=instance, **data, user=self.request.user)

    def delete_record(self, instance):
        partnership_update(partnership=instance, user=self.request.user)
        instance.delete()


def _attendance(data: dict):
    rows = data.pop("visible_attendances", None)
    return None if rows is None else [(row["school"], row["participants"]) for row in rows]


class MethodEventViewSet(SupportViewSet):
    queryset = MethodEvent.objects.none()
    serializer_class = MethodEventSerializer
    write_capability = "support.edit"
    export_title = "Методические мероприятия"

    filterset_class = EventFilterSet

    def get_queryset(self):
        return event_list(user=self.request.user)

    def create_record(self, data):
        attendance = _attendance(data) or []
        return event_create(**data, attendance=attendance, user=self.request.user)

    def update_record(self, instance, data):
        attendance = _attendance(data)
        event = event_update(event=instance, attendance=attendance, **data, user=self.request.user)
        return MethodEvent.objects.visible_to(self.request.user).get(
            pk=event.pk
        )  # read back with fresh totals, not the stale prefetch

    def delete_record(self, instance):
        event_delete(event=instance, user=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("material_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="№ материала")
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="файл материала"),
            404: OpenApiResponse(description="нет такого материала с файлом у мероприятия в вашей зоне доступа"),
        },
    )
    @action(
        detail=True, methods=["get"], url_path=r"materials/(?P<material_pk>\d+)", renderer_classes=DOWNLOAD_RENDERERS
    )
    def material(self, request, pk=None, material_pk=None):
        """A material's file (the `url` of the event's materials); logged as a download like the page's link."""
        from django.shortcuts import get_object_or_404

        from .views import material_file_response

        material = get_object_or_404(self.get_object().materials.exclude(file=""), pk=material_pk)
        return material_file_response(request=request, material=material)


class _TeacherRecords(SupportViewSet):
    write_capability = "teachers.edit"

    def delete_record(self, instance):
        record_delete(obj=instance, user=self.request.user)


class TeacherViewSet(_TeacherRecords):
    """Teachers of the schools in scope. Names only for roles with access to them (152-ФЗ); others get the
    same rows without names, and `summary/` gives per-school aggregates to everyone."""

    queryset = Teacher.objects.none()
    serializer_class = TeacherSerializer
    export_title = "Педагоги"

    def get_serializer_class(self):
        return TeacherSummarySerializer if self.action == "summary" else TeacherSerializer

    @property
    def filterset_class(self):
        return TeacherSummaryFilterSet if self.action == "summary" else TeacherFilterSet

    def get_queryset(self):
        return teacher_list(user=self.request.user)

    @extend_schema(responses=TeacherSummarySerializer(many=True))
    @action(detail=False, methods=["get"])
    def summary(self, request, *args, **kwargs):
        """Per school: teachers, categories, young and pension-age teachers, diagnosed and trained in the year."""
        filters = TeacherSummaryFilterSet(request.query_params, queryset=School.objects.none(), request=request)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        # The rows are counted in the asked year (else the pages' default), then narrowed like any list.
        filters.queryset = teacher_summary(user=request.user, year=filters.form.cleaned_data.get("year"))
        queryset = filters.qs
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)

    def create_record(self, data):
        return teacher_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return teacher_update(teacher=instance, **data, user=self.request.user)


class PDCourseViewSet(_TeacherRecords):
    queryset = PDCourse.objects.none()
    serializer_class = PDCourseSerializer
    export_title = "Курсы повышения квалификации"

    filterset_class = CourseFilterSet

    def get_queryset(self):
        return course_list(user=self.request.user)

    def create_record(self, data):
        return course_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return course_update(course=instance, **data, user=self.request.user)


class DiagnosticViewSet(_TeacherRecords):
    queryset = DeficitDiagnostic.objects.none()
    serializer_class = DiagnosticSerializer
    export_title = "Диагностики дефицитов"

    filterset_class = DiagnosticFilterSet

    def get_queryset(self):
        return diagnostic_list(user=self.request.user)

    def create_record(self, data):
        return diagnostic_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return diagnostic_update(diagnostic=instance, **data, user=self.request.user)


class IndividualPlanViewSet(_TeacherRecords):
    queryset = IndividualPlan.objects.none()
    serializer_class = IndividualPlanSerializer
    export_title = "ИОМ"

    filterset_class = PlanFilterSet

    def get_queryset(self):
        return plan_list(user=self.request.user)

    def create_record(self, data):
        return plan_save(**data, user=self.request.user)

    def update_record(self, instance, data):
        fields = {"teacher": instance.teacher, "year": instance.year, "status": instance.status, **data}
        return plan_save(plan=instance, **fields, user=self.request.user)


class MentoringPairViewSet(_TeacherRecords):
    queryset = MentoringPair.objects.none()
    serializer_class = MentoringPairSerializer
    export_title = "Наставничество"

    filterset_class = PairFilterSet

    def get_queryset(self):
        return pair_list(user=self.request.user)

    def create_record(self, data):
        return pair_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return pair_update(pair=instance, **data, user=self.request.user)


class StaffingFiguresViewSet(SupportViewSet):
    """Staffing counts by school (or municipality as a whole) and year, where teachers' names are not kept."""

    queryset = StaffingFigures.objects.none()
    serializer_class = StaffingFiguresSerializer
    write_capability = "teachers.edit"
    export_title = "Кадровый состав (сводные данные)"

    filterset_class = StaffingFilterSet

    def get_queryset(self):
        return staffing_list(user=self.request.user)

    def create_record(self, data):
        return staffing_save(**data, user=self.request.user)

    def update_record(self, instance, data):
        fields = {
            "municipality": instance.municipality,
            "school": instance.school,
            "year": instance.year,
            "teachers_total": instance.teachers_total,
            **{k: getattr(instance, k) for k in ("pedagogical_staff", *StaffingFigures.PARTS, "source")},
            **data,
        }
        return staffing_save(figures=instance, **fields, user=self.request.user)

    def delete_record(self, instance):
        staffing_delete(figures=instance, user=self.request.user)


ROUTES = [
    ("curator-assignments", CuratorAssignmentViewSet, "curator-assignments"),
    ("curator-visits", CuratorVisitViewSet, "curator-visits"),
    ("partnerships", PartnershipViewSet, "partnerships"),
    ("events", MethodEventViewSet, "events"),
    ("teachers", TeacherViewSet, "teachers"),
    ("pd-courses", PDCourseViewSet, "pd-courses"),
    ("diagnostics", DiagnosticViewSet, "diagnostics"),
    ("individual-plans", IndividualPlanViewSet, "individual-plans"),
    ("mentoring-pairs", MentoringPairViewSet, "mentoring-pairs"),
    ("staffing", StaffingFiguresViewSet, "staffing"),
]
