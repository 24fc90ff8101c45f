import re
import uuid
from contextvars import ContextVar

from django.http import HttpResponseBadRequest

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
request_id_var: ContextVar[str] = ContextVar("request_id", default="")
current_request_var: ContextVar[object | None] = ContextVar("current_request", default=None)


class RequestIdMiddleware:
    """Tags each request with an id (kept in audit entries) and makes the request reachable by the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex  # a proxy's id, if it looks like one
        token_id = request_id_var.set(request.id)
        token_req = current_request_var.set(request)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token_id)
            current_request_var.reset(token_req)
        response["X-Request-ID"] = request.id
        return response


NUL_REFUSED = "Недопустимый символ (NUL) в запросе."


class NulCharacterMiddleware:
    """Refuses a NUL character in the address, the query or a page's form field (400) before any view reads it:
    PostgreSQL can neither store nor compare it, so a lookup on it would be a server error. Form and serializer
    fields refuse it themselves; this covers the values views read directly. The API's bodies are left to its
    parsers (its views are exempt from Django's CSRF check, so nothing has read their body yet)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul([request.path, *_items(request.GET)]):
            return _nul_refused()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and not getattr(view_func, "csrf_exempt", False) and _has_nul(_items(request.POST)):
            return _nul_refused()
        return None


def _items(query) -> list[str]:
    return [item for key, values in query.lists() for item in (key, *values)]


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def _nul_refused():
    return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
