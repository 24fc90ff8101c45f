import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
current_request_var: ContextVar[object | None] = ContextVar("current_request", default=None)


class RequestIdMiddleware:
    """Tags each request with an id (kept in audit entries) and makes the request reachable by the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        token_id = request_id_var.set(request.id)
        token_req = current_request_var.set(request)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token_id)
            current_request_var.reset(token_req)
        response["X-Request-ID"] = request.id
        return response
