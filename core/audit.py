"""The event log: one function to write to it, so every caller records the same who, where and request."""

import ipaddress

from django.conf import settings

from .middleware import current_request_var, request_id_var
from .models import AuditEvent


def client_ip(request) -> str | None:
    """The client's address: the direct peer, or behind TRUSTED_PROXY_COUNT proxies the address the nearest trusted
    proxy saw (X-Forwarded-For, counted from the end: entries before it are whatever the client sent)."""
    if request is None:
        return None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            try:
                return str(ipaddress.ip_address(forwarded[-hops]))
            except ValueError:
                pass  # not an address: fall back to the peer
    return request.META.get("REMOTE_ADDR") or None


def audit_log(*, kind: str, user=None, request=None, username: str = "", **data) -> AuditEvent:
    request = request if request is not None else current_request_var.get()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip=client_ip(request),
        path=(request.get_full_path()[:500] if request is not None else ""),
        request_id=request_id_var.get(),
        data=data,
    )
