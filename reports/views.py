from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from core.api import file_download
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
    from .dashboard import latest_year

    municipal = request.user.is_superuser or request.user.role in MUNICIPAL_READERS
    visible = Municipality.objects.visible_to(request.user)
    return render(request, "reports/report_list.html", {
        "reports": selectors.report_list(user=request.user)[:50],
        "can_order": user_can(request.user, "reports.order"),
        "municipalities": visible if municipal else [],
        "schools": School.objects.visible_to(request.user).order_by("short_name")[:500],
        "kinds": Report.Kind.choices if municipal else [(Report.Kind.SCHOOL, Report.Kind.SCHOOL.label)],
        "year": latest_year(municipality_ids=visible.values("pk")),  # as the dashboard: the latest results year
    })


@login_required
def report_download(request, pk: int):
    """The browser's link; API clients use `url` from `/api/v1/reports/{id}/` (the same file, token or session)."""
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk, status=Report.Status.DONE)
    return report_file_response(request=request, report=report)


def report_file_response(*, request, report: Report):
    return file_download(request=request, open_file=lambda: default_storage.open(report.file, "rb"),
                         filename=report.filename, content_type="application/pdf", what="report",
                         report=report.pk, report_kind=report.kind)


def _year_choices(year: int) -> list[int]:
    return list(range(year - 4, year + 2))


@login_required
def dashboard(request):
    from . import dashboard as dash

    municipalities = list(Municipality.objects.visible_to(request.user).order_by("name"))
    if not municipalities or not (request.user.is_superuser or request.user.role in MUNICIPAL_READERS):
        raise Http404
    code = request.GET.get("municipality") or (request.user.municipality.code if request.user.municipality_id else municipalities[0].code)
    municipality = next((m for m in municipalities if m.code == code), None)
    if municipality is None:
        raise Http404
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else dash.latest_year(municipality_ids=[municipality.pk])
    context = dash.dashboard_context(municipality=municipality, year=year)
    return render(request, "reports/dashboard.html", {
        **context, "municipalities": municipalities, "years": _year_choices(dash.latest_year(municipality_ids=[municipality.pk])),
        "can_order": user_can(request.user, "reports.order"),
    })


@login_required
def region(request):
    from . import dashboard as dash

    if not (request.user.is_superuser or request.user.role in ("admin", "regional")):
        raise Http404
    municipalities = Municipality.objects.visible_to(request.user).order_by("name")
    ids = [m.pk for m in municipalities]
    year_text = request.GET.get("year", "")
    latest = dash.latest_year(municipality_ids=ids)
    year = int(year_text) if year_text.isdigit() else latest
    rows = dash.region_comparison(municipalities=municipalities, year=year)
    chart = dash.region_chart(rows, year)
    return render(request, "reports/region.html", {"rows": rows, "year": year, "years": _year_choices(latest), "chart": chart})


@login_required
def school_dossier(request, code: str):
    """The school's dossier as a page: the same context as the PDF."""
    from .dashboard import latest_year
    from .selectors import school_dossier_context

    school = get_object_or_404(School.objects.visible_to(request.user).select_related("municipality__region"), code=code)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else latest_year(municipality_ids=[school.municipality_id])
    return render(request, "reports/school_dossier.html", {
        **school_dossier_context(school=school, year=year), "years": _year_choices(year),
        "can_order": user_can(request.user, "reports.order"),
    })
