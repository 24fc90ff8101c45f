from core.navigation import MenuItem
from schools.models import Role

MENU = [
    MenuItem("Результаты", "assessments:results", roles=frozenset(Role.values) - {Role.API_CLIENT}, order=30),
    MenuItem(
        "Загрузка результатов",
        "assessments:upload_new",
        roles=frozenset({Role.ADMIN, Role.METHODOLOGIST, Role.SCHOOL_ADMIN}),
        order=31,
        pages=frozenset({"assessments:upload", "assessments:upload_confirm", "assessments:upload_mapping"}),
    ),
]
