from django.db.models import Prefetch

from core.api import ReadOnlyScopedViewSet

from . import selectors
from .filtersets import SchoolFilterSet
from .models import SchoolContext
from .serializers import (
    MunicipalitySerializer,
    SchoolDetailSerializer,
    SchoolRegistryExportSerializer,
    SchoolSerializer,
)


class MunicipalityViewSet(ReadOnlyScopedViewSet):
    serializer_class = MunicipalitySerializer
    export_title = "Муниципалитеты"

    def get_queryset(self):
        return selectors.municipality_list(user=self.request.user)


class SchoolViewSet(ReadOnlyScopedViewSet):
    serializer_class = SchoolSerializer
    export_title = "Школы"

    filterset_class = SchoolFilterSet

    def get_serializer_class(self):
        """The export is the registry file (contract 1.1), importable back; one school adds its context by year."""
        if self.is_export():
            return SchoolRegistryExportSerializer
        if self.action == "retrieve":
            return SchoolDetailSerializer
        return SchoolSerializer

    def get_queryset(self):
        return selectors.school_list(user=self.request.user)

    def filter_queryset(self, queryset):
        # After the filters: `year` replaces the statuses' prefetch, and the contexts' one is added to what it left.
        queryset = super().filter_queryset(queryset)
        if self.is_export() or self.action == "retrieve":
            contexts = SchoolContext.objects.visible_to(self.request.user)
            order = "-year" if self.is_export() else "year"  # the export's row is the latest year
            queryset = queryset.prefetch_related(Prefetch("contexts", queryset=contexts.order_by(order)))
        return queryset


ROUTES = [
    ("municipalities", MunicipalityViewSet, "municipalities"),
    ("schools", SchoolViewSet, "schools"),
]
