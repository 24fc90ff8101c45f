from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import DOWNLOAD_RENDERERS, ScopedViewSet
from schools.permissions import HasCapability

from .models import (
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    IndividualPlan,
    MentoringPair,
    MethodEvent,
    Partnership,
    PDCourse,
    Teacher,
)
from .selectors.curators import assignment_list, visit_list
from .selectors.events import event_list
from .selectors.partnerships import partnership_list
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
    TeacherSerializer,
    TeacherSummarySerializer,
)
from .services.curators import assignment_create, assignment_update, visit_create, visit_delete, visit_update
from .services.events import event_create, event_delete, event_update
from .services.partnerships import partnership_create, partnership_update
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

MUNICIPALITY = OpenApiParameter("municipality", OpenApiTypes.STR, description="код муниципалитета")
SCHOOL = OpenApiParameter("school", OpenApiTypes.STR, description="код ОО")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="год")
TEACHER = OpenApiParameter("teacher", OpenApiTypes.INT, description="№ педагога")


def _filters(*parameters):
    return extend_schema_view(list=extend_schema(parameters=list(parameters)))


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


class SupportViewSet(ScopedViewSet):
    """Reads through a scoped selector; writes through one service each, whose Russian errors become 400s."""

    lookup_field = "pk"
    lookup_value_regex = r"\d+"
    permission_classes = [HasCapability]

    def param(self, name: str) -> str:
        """List filters; a detail (`/{id}/?year=2022`) is found whatever the filters say."""
        if self.action not in ("list", "summary"):
            return ""
        return self.request.query_params.get(name, "").strip()

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


@_filters(MUNICIPALITY, SCHOOL, OpenApiParameter("active", OpenApiTypes.BOOL, description="только действующие"))
class CuratorAssignmentViewSet(SupportViewSet):
    queryset = CuratorAssignment.objects.none()
    serializer_class = CuratorAssignmentSerializer
    write_capability = "support.edit"
    export_title = "Назначения кураторов"

    def get_queryset(self):
        return assignment_list(
            user=self.request.user, municipality=self.param("municipality"), school=self.param("school"),
            active_only=self.param("active") in ("1", "true"),
        )

    def create_record(self, data):
        return assignment_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return assignment_update(assignment=instance, **data, user=self.request.user)

    def delete_record(self, instance):
        assignment_update(assignment=instance, user=self.request.user)  # the scope and right checks
        instance.delete()


@_filters(MUNICIPALITY, SCHOOL, YEAR)
class CuratorVisitViewSet(SupportViewSet):
    queryset = CuratorVisit.objects.none()
    serializer_class = CuratorVisitSerializer
    write_capability = "visits.edit"
    export_title = "Визиты кураторов"

    def get_queryset(self):
        return visit_list(
            user=self.request.user, municipality=self.param("municipality"), school=self.param("school"),
            year=self.param("year"),
        )

    def create_record(self, data):
        return visit_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return visit_update(visit=instance, **data, user=self.request.user)

    def delete_record(self, instance):
        visit_delete(visit=instance, user=self.request.user)


@_filters(MUNICIPALITY, SCHOOL, YEAR)
class PartnershipViewSet(SupportViewSet):
    queryset = Partnership.objects.none()
    serializer_class = PartnershipSerializer
    write_capability = "support.edit"
    export_title = "Партнёрства"

    def get_queryset(self):
        return partnership_list(
            user=self.request.user, municipality=self.param("municipality"), school=self.param("school"),
            year=self.param("year"),
        )

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


@_filters(MUNICIPALITY, SCHOOL, YEAR, OpenApiParameter("kind", OpenApiTypes.STR, enum=MethodEvent.Kind.values))
class MethodEventViewSet(SupportViewSet):
    queryset = MethodEvent.objects.none()
    serializer_class = MethodEventSerializer
    write_capability = "support.edit"
    export_title = "Методические мероприятия"

    def get_queryset(self):
        return event_list(
            user=self.request.user, municipality=self.param("municipality"), school=self.param("school"),
            year=self.param("year"), kind=self.param("kind"),
        )

    def create_record(self, data):
        attendance = _attendance(data) or []
        return event_create(**data, attendance=attendance, user=self.request.user)

    def update_record(self, instance, data):
        attendance = _attendance(data)
        event = event_update(event=instance, attendance=attendance, **data, user=self.request.user)
        return MethodEvent.objects.visible_to(self.request.user).get(pk=event.pk)  # read back with fresh totals, not the stale prefetch

    def delete_record(self, instance):
        event_delete(event=instance, user=self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("material_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="№ материала")],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="файл материала"),
                   404: OpenApiResponse(description="нет такого материала с файлом у мероприятия в вашей зоне доступа")},
    )
    @action(detail=True, methods=["get"], url_path=r"materials/(?P<material_pk>\d+)", renderer_classes=DOWNLOAD_RENDERERS)
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


@_filters(MUNICIPALITY, SCHOOL, OpenApiParameter("active", OpenApiTypes.BOOL, description="только работающие"))
class TeacherViewSet(_TeacherRecords):
    """Teachers of the schools in scope. Names only for roles with access to them (152-ФЗ); others get the
    same rows without names, and `summary/` gives per-school aggregates to everyone."""

    queryset = Teacher.objects.none()
    serializer_class = TeacherSerializer
    export_title = "Педагоги"

    def get_serializer_class(self):
        return TeacherSummarySerializer if self.action == "summary" else TeacherSerializer

    def get_queryset(self):
        active = self.param("active")
        return teacher_list(
            user=self.request.user, municipality=self.param("municipality"), school=self.param("school"),
            active=True if active in ("1", "true") else False if active in ("0", "false") else None,
        )

    @extend_schema(parameters=[MUNICIPALITY, SCHOOL, YEAR], responses=TeacherSummarySerializer(many=True))
    @action(detail=False, methods=["get"])
    def summary(self, request, *args, **kwargs):
        """Per school: teachers, categories, young and pension-age teachers, diagnosed and trained in the year."""
        queryset = teacher_summary(
            user=request.user, municipality=self.param("municipality"), school=self.param("school"),
            year=self.param("year"),
        )
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)

    def create_record(self, data):
        return teacher_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return teacher_update(teacher=instance, **data, user=self.request.user)


@_filters(MUNICIPALITY, SCHOOL, YEAR, TEACHER)
class PDCourseViewSet(_TeacherRecords):
    queryset = PDCourse.objects.none()
    serializer_class = PDCourseSerializer
    export_title = "Курсы повышения квалификации"

    def get_queryset(self):
        return course_list(
            user=self.request.user, municipality=self.param("municipality"), school=self.param("school"),
            year=self.param("year"), teacher=_int(self.param("teacher")),
        )

    def create_record(self, data):
        return course_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return course_update(course=instance, **data, user=self.request.user)


@_filters(MUNICIPALITY, SCHOOL, YEAR, TEACHER)
class DiagnosticViewSet(_TeacherRecords):
    queryset = DeficitDiagnostic.objects.none()
    serializer_class = DiagnosticSerializer
    export_title = "Диагностики дефицитов"

    def get_queryset(self):
        return diagnostic_list(
            user=self.request.user, municipality=self.param("municipality"), school=self.param("school"),
            year=self.param("year"), teacher=_int(self.param("teacher")),
        )

    def create_record(self, data):
        return diagnostic_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return diagnostic_update(diagnostic=instance, **data, user=self.request.user)


@_filters(SCHOOL, YEAR, TEACHER)
class IndividualPlanViewSet(_TeacherRecords):
    queryset = IndividualPlan.objects.none()
    serializer_class = IndividualPlanSerializer
    export_title = "ИОМ"

    def get_queryset(self):
        return plan_list(
            user=self.request.user, school=self.param("school"), year=self.param("year"),
            teacher=_int(self.param("teacher")),
        )

    def create_record(self, data):
        return plan_save(**data, user=self.request.user)

    def update_record(self, instance, data):
        fields = {"teacher": instance.teacher, "year": instance.year, "status": instance.status, **data}
        return plan_save(plan=instance, **fields, user=self.request.user)


@_filters(SCHOOL, YEAR, TEACHER)
class MentoringPairViewSet(_TeacherRecords):
    queryset = MentoringPair.objects.none()
    serializer_class = MentoringPairSerializer
    export_title = "Наставничество"

    def get_queryset(self):
        return pair_list(
            user=self.request.user, school=self.param("school"), year=self.param("year"),
            teacher=_int(self.param("teacher")),
        )

    def create_record(self, data):
        return pair_create(**data, user=self.request.user)

    def update_record(self, instance, data):
        return pair_update(pair=instance, **data, user=self.request.user)


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
]
