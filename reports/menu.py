from core.navigation import MenuItem
from schools.models import Role

MENU = [
    MenuItem("Отчёты", "reports:list", roles=frozenset({Role.ADMIN, Role.REGIONAL, Role.HEAD, Role.METHODOLOGIST, Role.CURATOR}), order=80),
]
