from core.navigation import MenuItem
from schools.models import Role

MENU = [
    MenuItem(
        "ШНОР", "risk:list", roles=frozenset({Role.ADMIN, Role.REGIONAL, Role.HEAD, Role.METHODOLOGIST}), order=35
    ),
    MenuItem("Правило ШНОР", "risk:rule", roles=frozenset({Role.ADMIN}), order=92),
]
