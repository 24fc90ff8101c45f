from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.audit import audit_log
from core.models import AuditEvent
from schools.models import Municipality, School
from schools.permissions import user_can

from . import selectors
from .models import Report
from .selectors import MUNICIPAL_READERS
from .services import ReportError, report_order


@login_required
def report_list(request):
    if request.method == "POST":
        try:
            report = report_order(
                user=request.user, kind=request.POST.get("kind", ""), municipality_code=request.POST.get("municipality", ""),
                year=int(request.POST.get("year") or 0), school_code=request.POST.get("school", ""),
            )
        except (ReportError, ValueError) as exc:
            if getattr(exc, "not_found", False):
                raise Http404 from exc
            messages.error(request, getattr(exc, "message", "Укажите год числом."))
            return redirect("reports:list")
        return redirect("job_detail", pk=report.job_id)
    municipal = request.user.is_superuser or request.user.role in MUNICIPAL_READERS
    return render(request, "reports/report_list.html", {
        "reports": selectors.report_list(user=request.user)[:50],
        "can_order": user_can(request.user, "reports.order"),
        "municipalities": Municipality.objects.visible_to(request.user) if municipal else [],
        "schools": School.objects.visible_to(request.user).order_by("short_name")[:500],
        "kinds": Report.Kind.choices if municipal else [(Report.Kind.SCHOOL, Report.Kind.SCHOOL.label)],
        "year": timezone.localdate().year,
    })


@login_required
def report_download(request, pk: int):
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk, status=Report.Status.DONE)
    audit_log(kind=AuditEvent.Kind.DOWNLOAD, request=request, what="report", report=report.pk, report_kind=report.kind)
    return FileResponse(default_storage.open(report.file, "rb"), as_attachment=True, filename=report.filename,
                        content_type="application/pdf")
