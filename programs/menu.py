from core.navigation import MenuItem
from schools.models import Role

MENU = [
    MenuItem("Программы", "programs:list", order=40),
    MenuItem(
        "Документы школ",
        "programs:documents",
        roles=frozenset({Role.ADMIN, Role.HEAD, Role.METHODOLOGIST, Role.CURATOR, Role.SCHOOL_ADMIN}),
        order=42,
    ),
    MenuItem(
        "Рисковые профили",
        "programs:risk_profiles",
        roles=frozenset({Role.ADMIN, Role.HEAD, Role.METHODOLOGIST, Role.CURATOR, Role.SCHOOL_ADMIN}),
        order=44,
    ),
    MenuItem("Уведомления", "programs:notifications", order=80),
]
