from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from core.api import ReadOnlyScopedViewSet

from . import selectors
from .serializers import MunicipalitySerializer, SchoolSerializer


class MunicipalityViewSet(ReadOnlyScopedViewSet):
    serializer_class = MunicipalitySerializer
    export_title = "Муниципалитеты"

    def get_queryset(self):
        return selectors.municipality_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("municipality", OpenApiTypes.STR, description="код муниципалитета"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=["shnor", "shnsu", "watch", "500plus", "nonobjective"]),
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("q", OpenApiTypes.STR, description="поиск по названию, коду, синонимам"),
        ]
    )
)
class SchoolViewSet(ReadOnlyScopedViewSet):
    serializer_class = SchoolSerializer
    export_title = "Школы"

    def get_queryset(self):
        params = self.request.query_params
        year = params.get("year")
        return selectors.school_list(
            user=self.request.user,
            municipality=params.get("municipality", ""),
            q=params.get("q", "").strip(),
            status=params.get("status", ""),
            year=int(year) if year and year.isdigit() else None,
        )


ROUTES = [
    ("municipalities", MunicipalityViewSet, "municipalities"),
    ("schools", SchoolViewSet, "schools"),
]
