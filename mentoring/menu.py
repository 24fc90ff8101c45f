from core.navigation import MenuItem
from schools.models import Role

MENU = [
    MenuItem("Адресная помощь", "mentoring:index", roles=frozenset(Role.values) - {Role.API_CLIENT}, order=40),
    MenuItem(
        "Педагоги",
        "mentoring:teachers",
        roles=frozenset({Role.SCHOOL_ADMIN, Role.CURATOR, Role.METHODOLOGIST, Role.ADMIN}),
        order=45,
    ),
]
