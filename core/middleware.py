import re
import uuid
from contextvars import ContextVar

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
