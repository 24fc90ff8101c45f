from core.api import ReadOnlyScopedViewSet

from . import selectors
from .filtersets import SchoolFilterSet
from .serializers import MunicipalitySerializer, SchoolSerializer


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


ROUTES = [
    ("municipalities", MunicipalityViewSet, "municipalities"),
    ("schools", SchoolViewSet, "schools"),
]
