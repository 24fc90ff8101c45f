from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core.api import file_download
from core.audit import audit_log
from core.errors import ApplicationError, NotFound, error_show
from core.exports import xlsx_response_bytes
from core.listing import PAGE_SIZE_MAX, rows_sort, table_page
from core.models import AuditEvent
from core.numbers import round1
from core.years import year_select
from mentoring.selectors.staffing import staffing_by_year
from programs.models import Program
from schools.access import MUNICIPAL_READERS, role_in, user_can
from schools.models import Municipality, School

from . import dashboard as dash
from . import selectors
from .models import Report
from .selectors import school_dossier_context
from .services import report_order

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
    if request.GET.get("format") == "xlsx":
        return _region_xlsx(request, rows_sort(rows, REGION_SORTS, request.GET.get("sort")), choice.year)
    page = table_page(request, rows, sorts=REGION_SORTS, per_page=PAGE_SIZE_MAX)
    return render(
        request, "reports/region.html", {"rows": page.object_list, "page": page, **choice.context(), "chart": chart}
    )


# The comparison's sortable columns (core.listing), over the computed rows.
REGION_SORTS = {
    "municipality": "municipality__name",
    "schools": "schools",
    "shnor": "shnor",
    "shnor_share": "shnor_share",
    "russian": "russian",
    "math": "math",
    "russian_quality": "russian_quality",
    "math_quality": "math_quality",
}
REGION_COLUMNS = [
    ("shnor_share", "Доля ШНОР, %"),
    ("russian", "ВПР рус.: доля «2», %"),
    ("math", "ВПР мат.: доля «2», %"),
    ("russian_quality", "ВПР рус.: качество, %"),
    ("math_quality", "ВПР мат.: качество, %"),
]


def _region_xlsx(request, rows, year: int):
    """The comparison as on the page: shares as numbers (one decimal), each VPR share with its coverage beside it."""
    headers = ["Муниципалитет", "Школ", "ШНОР"]
    for key, label in REGION_COLUMNS:
        headers += [label] + (["Данные (ОО)"] if key != "shnor_share" else [])
    lines = []
    for r in rows:
        line = [r["municipality"].name, r["schools"], r["shnor"]]
        for key, _ in REGION_COLUMNS:
            line.append(round1(r[key]))
            if key != "shnor_share":
                coverage = r.get(f"{key}_coverage")
                line.append(coverage.label if coverage else "")
        lines.append(line)
    audit_log(kind=AuditEvent.Kind.EXPORT, request=request, what="region_comparison", year=year)
    response = HttpResponse(
        xlsx_response_bytes(headers=headers, rows=lines, title=f"Муниципалитеты {year}"), content_type=XLSX_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="municipalities-{year}.xlsx"'
    return response


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
            # The staffing by year: from the named teachers of the year, else the school's staffing figures.
            "staffing": staffing_by_year(user=request.user, years=[choice.year], school=school),
            "can_edit": user_can(request.user, "teachers.edit"),
        },
    )
