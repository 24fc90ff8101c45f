from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from core.api import file_download
from core.errors import ApplicationError, NotFound, error_show
from core.years import year_select
from programs.models import Program
from schools.access import MUNICIPAL_READERS, role_in, user_can
from schools.models import Municipality, School

from . import dashboard as dash
from . import selectors
from .models import Report
from .selectors import school_dossier_context
from .services import report_order

YEAR_NOT_NUMBER = "Укажите год числом."


@login_required
def report_list(request):
    if request.method == "POST":
        try:
            report = report_order(
                user=request.user,
                kind=request.POST.get("kind", ""),
                municipality_code=request.POST.get("municipality", ""),
                year=int(request.POST.get("year") or 0),
                school_code=request.POST.get("school", ""),
                program_code=request.POST.get("program", ""),
                fmt=request.POST.get("format", "") or Report.Format.PDF,
            )
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            error_show(request, exc)
            return redirect("reports:list")
        except ValueError:
            messages.error(request, YEAR_NOT_NUMBER)
            return redirect("reports:list")
        return redirect("job_detail", pk=report.job_id)
    municipal = role_in(request.user, MUNICIPAL_READERS)
    visible = Municipality.objects.visible_to(request.user)
    return render(
        request,
        "reports/report_list.html",
        {
            **year_select(value=request.GET.get("year"), user=request.user).context(),
            "reports": selectors.report_list(user=request.user)[:50],
            "can_order": user_can(request.user, "reports.order"),
            "municipalities": visible if municipal else [],
            "schools": School.objects.visible_to(request.user).order_by("short_name")[:500],
            "kinds": Report.Kind.choices if municipal else [(Report.Kind.SCHOOL, Report.Kind.SCHOOL.label)],
            "formats": Report.Format.choices,
            "programs": Program.objects.visible_to(request.user)
            .select_related("municipality")
            .order_by("municipality__name", "-period_start", "title")
            if municipal
            else [],
        },
    )


@login_required
def report_download(request, pk: int):
    """The browser's link; API clients use `url` from `/api/v1/reports/{id}/` (the same file, token or session)."""
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk, status=Report.Status.DONE)
    return report_file_response(request=request, report=report)


def report_file_response(*, request, report: Report):
    return file_download(
        request=request,
        open_file=lambda: default_storage.open(report.file, "rb"),
        filename=report.filename,
        content_type=report.content_type,
        what="report",
        report=report.pk,
        report_kind=report.kind,
    )


@login_required
def dashboard(request):

    municipalities = list(Municipality.objects.visible_to(request.user).order_by("name"))
    if not municipalities or not role_in(request.user, MUNICIPAL_READERS):
        raise Http404
    code = request.GET.get("municipality") or (
        request.user.municipality.code if request.user.municipality_id else municipalities[0].code
    )
    municipality = next((m for m in municipalities if m.code == code), None)
    if municipality is None:
        raise Http404
    choice = year_select(
        value=request.GET.get("year"), user=request.user, territory=School.objects.filter(municipality=municipality)
    )
    context = dash.dashboard_context(municipality=municipality, year=choice.year)
    return render(
        request,
        "reports/dashboard.html",
        {
            **context,
            **choice.context(),
            "municipalities": municipalities,
            "can_order": user_can(request.user, "reports.order"),
        },
    )


@login_required
def region(request):

    if not user_can(request.user, "reports.region"):
        raise Http404
    municipalities = Municipality.objects.visible_to(request.user).order_by("name")
    choice = year_select(
        value=request.GET.get("year"),
        user=request.user,
        territory=School.objects.filter(municipality__in=municipalities),
    )
    rows = dash.region_comparison(municipalities=municipalities, year=choice.year)
    chart = dash.region_chart(rows, choice.year)
    return render(request, "reports/region.html", {"rows": rows, **choice.context(), "chart": chart})


@login_required
def school_dossier(request, code: str):
    """The school's dossier as a page: the same context as the PDF."""

    school = get_object_or_404(
        School.objects.visible_to(request.user).select_related("municipality__region"), code=code
    )
    choice = year_select(
        value=request.GET.get("year"),
        user=request.user,
        territory=School.objects.filter(municipality_id=school.municipality_id),
    )
    return render(
        request,
        "reports/school_dossier.html",
        {
            **school_dossier_context(school=school, year=choice.year),
            **choice.context(),
            "can_order": user_can(request.user, "reports.order"),
        },
    )
