from core.api import ReadOnlyScopedViewSet

from . import selectors
from .filtersets import SchoolFilterSet
from .serializers import MunicipalitySerializer, SchoolDetailSerializer, SchoolSerializer


class MunicipalityViewSet(ReadOnlyScopedViewSet):
    serializer_class = MunicipalitySerializer
    export_title = "Муниципалитеты"

    def get_queryset(self):
        return selectors.municipality_list(user=self.request.user)


class SchoolViewSet(ReadOnlyScopedViewSet):
    serializer_class = SchoolSerializer
    export_title = "Школы"

    filterset_class = SchoolFilterSet

    def get_queryset(self):
        return selectors.school_list(user=self.request.user)

    def get_serializer_class(self):
        return SchoolDetailSerializer if self.action == "retrieve" else SchoolSerializer


ROUTES = [
    ("municipalities", MunicipalityViewSet, "municipalities"),
    ("schools", SchoolViewSet, "schools"),
]
