from core.navigation import MenuItem
from schools.models import Role

MENU = [
    MenuItem(
        "Дашборд",
        "reports:dashboard",
        roles=frozenset({Role.ADMIN, Role.REGIONAL, Role.HEAD, Role.METHODOLOGIST}),
        order=5,
        pages=frozenset({"reports:school"}),
    ),
    MenuItem("Сравнение", "reports:region", roles=frozenset({Role.ADMIN, Role.REGIONAL}), order=6),
    MenuItem(
        "Отчёты",
        "reports:list",
        roles=frozenset({Role.ADMIN, Role.REGIONAL, Role.HEAD, Role.METHODOLOGIST, Role.CURATOR}),
        order=80,
    ),
]
