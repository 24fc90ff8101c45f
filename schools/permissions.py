"""Who may do what: one table of capabilities by role. Where they may do it is the scope (visible_to)."""

from rest_framework import permissions

from .models import Role

ALL_ROLES = frozenset(Role.values)
READERS = ALL_ROLES

CAPABILITIES: dict[str, frozenset[str]] = {
    "registry.import": frozenset({Role.ADMIN}),
    "results.upload": frozenset({Role.ADMIN, Role.METHODOLOGIST, Role.SCHOOL_ADMIN}),
    "risk.recompute": frozenset({Role.ADMIN, Role.HEAD, Role.METHODOLOGIST}),
    "risk.rule_edit": frozenset({Role.ADMIN}),
    "risk.official_import": frozenset({Role.ADMIN, Role.METHODOLOGIST}),
    "risk.profile_edit": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN, Role.CURATOR, Role.METHODOLOGIST}),
    "programs.edit": frozenset({Role.ADMIN, Role.HEAD, Role.METHODOLOGIST}),
    "indicators.edit": frozenset({Role.ADMIN, Role.HEAD, Role.METHODOLOGIST}),
    "support.edit": frozenset({Role.ADMIN, Role.METHODOLOGIST}),
    "visits.edit": frozenset({Role.ADMIN, Role.METHODOLOGIST, Role.CURATOR}),
    "documents.edit": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN}),
    "documents.review": frozenset({Role.ADMIN, Role.METHODOLOGIST, Role.CURATOR}),
    "teachers.edit": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN}),
    "teachers.names": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN, Role.CURATOR, Role.METHODOLOGIST}),
    "reports.order": frozenset({Role.ADMIN, Role.REGIONAL, Role.HEAD, Role.METHODOLOGIST, Role.CURATOR}),
    "users.manage": frozenset({Role.ADMIN}),
}


def user_can(user, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in CAPABILITIES[capability]


class HasCapability(permissions.BasePermission):
    """Reads are open to any signed-in user (the queryset scopes them); writes need the view's capability."""

    message = "Недостаточно прав для этого действия."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        capability = getattr(view, "write_capability", None)
        return capability is not None and user_can(request.user, capability)
