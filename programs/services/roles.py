"""Whose role a write of the programmes app is judged by: a superuser acts as the admin."""

from schools.models import Role


def acting_role(user) -> str:
    return Role.ADMIN if getattr(user, "is_superuser", False) else getattr(user, "role", "")


def acting_role_label(user) -> str:
    role = acting_role(user)
    return Role(role).label if role in Role.values else role
