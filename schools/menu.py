from core.navigation import MenuItem

from .models import Role

MENU = [
    MenuItem("Школы", "schools:list", order=20),
    MenuItem(
        "Муниципалитеты",
        "schools:municipalities",
        roles=frozenset({Role.ADMIN, Role.REGIONAL, Role.HEAD, Role.METHODOLOGIST}),
        order=15,
    ),
    MenuItem("Реестр ОО", "schools:registry_import", roles=frozenset({Role.ADMIN}), order=90),
    # The list kinds are reference data, edited where the portal edits reference data: the admin.
    MenuItem("Виды списков", "admin:schools_listkind_changelist", roles=frozenset({Role.ADMIN}), order=91),
]
