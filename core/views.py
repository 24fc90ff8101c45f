from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.views.decorators.http import require_POST

from schools.access import user_can

from .api import NOT_FOUND, SERVER_ERROR, error_body
from .audit import audit_log
from .errors import ApplicationError, NotAllowed, error_show
from .jobs import job_list, job_retry
from .models import AuditEvent


def capability_required(capability: str):
    """Page views: signed in and allowed; a refusal is logged and answered 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not user_can(request.user, capability):
                audit_log(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, capability=capability)
                raise PermissionDenied("Недостаточно прав для этого действия.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@login_required
def home(request):
    from reports.home import home_context

    return render(request, "core/home.html", home_context(user=request.user))


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    return render(request, "core/job_detail.html", {"job": job})


@login_required
def job_progress(request, pk: int):
    """The htmx fragment a page polls until the job is done."""
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    return render(request, "core/_job_progress.html", {"job": job})


@require_POST
@login_required
def job_retry_view(request, pk: int):
    """«Повторить» on a failed job's page: queue it again and show its progress."""
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    try:
        job_retry(job=job, user=request.user)
    except NotAllowed as exc:
        audit_log(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, what="job_retry", job=job.pk)
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        error_show(request, exc)
    return redirect("job_detail", pk=job.pk)


def not_found(request, exception=None):
    """404: under /api/ the API's own JSON (a client parses it), elsewhere the portal's page."""
    if request.path.startswith("/api/"):
        body = error_body(detail=NOT_FOUND, code="not_found", errors=[{"field": None, "message": NOT_FOUND}])
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return render(request, "404.html", status=404)


def server_error(request):
    """500: rendered without the request's context (the error may be in it), in the portal's layout; JSON under /api/."""
    if request.path.startswith("/api/"):
        body = error_body(detail=SERVER_ERROR, code="server_error", errors=[{"field": None, "message": SERVER_ERROR}])
        return JsonResponse(body, status=500, json_dumps_params={"ensure_ascii": False})
    return HttpResponseServerError(loader.get_template("500.html").render())
