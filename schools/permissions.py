"""The DRF side of the capabilities: who may write through an endpoint. The table itself is `schools.access`."""

from rest_framework import permissions

from .access import user_can

__all__ = ["HasCapability"]


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
