from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.api import file_download
from core.audit import audit_log
from core.charts import line_chart
from core.errors import ApplicationError, error_show
from core.exports import xlsx_response_bytes
from core.filtersets import filterset_for_page, filterset_values
from core.listing import shown_name, table_page
from core.models import AuditEvent
from core.numbers import format_percent
from core.tables import TableError, table_read
from core.uploads import upload_limits, upload_read
from core.views import capability_required
from core.years import year_select
from schools import selectors as school_selectors
from schools.access import user_can
from schools.models import School

from . import selectors, services
from .figures import FIGURE_LABELS
from .filtersets import ResultFilterSet
from .forms import MappingForm, ResultUploadForm
from .models import ColumnMapping, Procedure, Result, ResultChange, Subject, TerritoryResult
from .template_file import results_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# The results list's sortable columns (core.listing).
RESULT_SORTS = {
    "school": shown_name("school__"),
    "year": "year",
    "procedure": "procedure",
    "subject": "subject__name",
    "grade": "grade",
    "n": "participants",
    "marks_2": "marks_2",
}


@login_required
def result_list(request):
    municipalities = school_selectors.municipality_list(user=request.user)
    filters = filterset_for_page(
        ResultFilterSet,
        request,
        selectors.result_list(user=request.user),
        fields=["municipality", "school", "procedure", "subject", "grade", "year"],
        years_of=School.objects.visible_to(request.user),
        choices={
            "municipality": [(m.code, m.name) for m in municipalities],
            "procedure": Procedure.choices,
            "subject": [(s.code, s.name) for s in Subject.objects.all()],
        },
    )
    page = table_page(request, filters.qs, sorts=RESULT_SORTS, per_page=100)
    rows = list(page.object_list)
    query = urlencode(filterset_values(filters))
    return render(
        request,
        "assessments/result_list.html",
        {
            "form": filters.form,
            "page": page,
            "page_query": query,
            "export_query": query,
            "rows": selectors.result_rows(rows),
            "can_upload": user_can(request.user, "results.upload"),
        },
    )


@login_required
def school_results(request, code: str):
    school = get_object_or_404(School.objects.visible_to(request.user).select_related("municipality"), code=code)
    rows = list(selectors.result_list(user=request.user, school=code))
    charts = []
    municipality_schools = School.objects.filter(municipality=school.municipality)
    for procedure, codes, title, grades in (
        (Procedure.VPR, ["russian"], "ВПР, русский язык: доля «2»", None),
        (Procedure.VPR, ["math"], "ВПР, математика: доля «2»", None),
        (Procedure.OGE, ["russian", "math"], "ОГЭ, русский язык и математика: доля «2»", None),
    ):
        own = selectors.trend(
            schools=School.objects.visible_to(request.user).filter(pk=school.pk),
            procedure=procedure,
            subject_codes=codes,
            label="школа",
        )
        if not own.points:
            continue
        area = selectors.trend(
            schools=municipality_schools, procedure=procedure, subject_codes=codes, label="муниципалитет"
        )
        charts.append(
            line_chart(
                title=title,
                series={"школа": own.series(), school.municipality.name: area.series()},
                coverage={school.municipality.name: area.coverage()},
            )
        )
    return render(
        request,
        "assessments/school_results.html",
        {
            "school": school,
            "charts": charts,
            "rows": selectors.result_rows(rows),
            "changes": school_changes(school, user=request.user),
        },
    )


def school_changes(school, *, user):

    return ResultChange.objects.visible_to(user).filter(school=school).select_related("upload", "user")[:30]


@login_required
def municipality_table(request, code: str):
    municipality = get_object_or_404(school_selectors.municipality_list(user=request.user), code=code)
    schools = School.objects.visible_to(request.user).filter(municipality=municipality)

    # As of the chosen year (default: the latest complete one): its three latest result years up to it.
    choice = year_select(value=request.GET.get("year"), user=request.user, territory=schools)
    years = sorted(
        set(
            Result.objects.visible_to(request.user)
            .filter(school__in=schools, year__lte=choice.year)
            .values_list("year", flat=True)
        )
    )[-3:]
    territory = School.objects.filter(municipality=municipality)  # coverage counts the whole municipality's schools
    table = selectors.appendix_table(schools=schools, years=years, territory=territory)
    if request.GET.get("format") == "xlsx":
        headers = ["Код ОО", "ОО"] + [
            f"{g[2]}, {y}: {what}" for g in table["groups"] for y in years for what in ("% «2»", "% высоких")
        ]
        rows = []
        for line in table["rows"]:
            values = [line["school"].code, line["school"].display_name]
            for group in line["cells"]:
                for cell in group:
                    values += [
                        format_percent(cell["share_2"]) if cell else "",
                        format_percent(cell["high"]) if cell else "",
                    ]
            rows.append(values)
        if table["rows"] and table["groups"]:
            values = ["", f"Итого: {municipality.name}"]
            for group in table["totals"]:
                for cell in group:
                    values += [
                        f"{format_percent(cell['share_2'])} ({cell['coverage'].label})" if cell else "",
                        format_percent(cell["high"]) if cell else "",
                    ]
            rows.append(values)
        audit_log(kind=AuditEvent.Kind.EXPORT, request=request, what="appendix_table", municipality=code)
        content = xlsx_response_bytes(headers=headers, rows=rows, title="Результаты по школам")
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="results-{code}-{choice.year}.xlsx"'
        return response
    trends = {}
    for procedure, codes, title in (
        (Procedure.VPR, ["russian"], "ВПР, русский язык"),
        (Procedure.VPR, ["math"], "ВПР, математика"),
    ):
        t = selectors.trend(
            schools=schools,
            procedure=procedure,
            subject_codes=codes,
            label=title,
            territory=territory,
            up_to=choice.year,
        )
        if t.points:
            trends[title] = t
    chart = (
        line_chart(
            title="Доля «2» по ВПР, все классы",
            series={title: t.series() for title, t in trends.items()},
            coverage={title: t.coverage() for title, t in trends.items()},
        )
        if trends
        else ""
    )
    # The district's own totals (rows «Уровень» = муниципалитет) beside the sums over its schools' rows.
    district = selectors.territory_comparison(
        rows=selectors.territory_row_list(user=request.user).filter(municipality=municipality, year__lte=choice.year),
        schools=schools,
    )
    return render(
        request,
        "assessments/municipality_table.html",
        {
            "municipality": municipality,
            "district": district,
            "table": table,
            "chart": chart,
            "labels": FIGURE_LABELS,
            **choice.context(),
        },
    )


@capability_required("results.upload")
def upload_new(request):
    form = ResultUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        upload = services.upload_create(
            user=request.user, content=f.read(), filename=f.name, dry_run=form.cleaned_data["dry_run"]
        )
        return redirect("assessments:upload", pk=upload.pk)
    uploads = selectors.upload_list(user=request.user).select_related("uploaded_by")[:20]
    return render(request, "assessments/upload_new.html", {"form": form, "uploads": uploads})


@login_required
def upload_detail(request, pk: int):
    upload = get_object_or_404(selectors.upload_list(user=request.user).select_related("job", "uploaded_by"), pk=pk)
    mapping_form = None
    missing_columns = any(
        "Нет обязательного столбца" in e.get("message", "") or "Нет столбца" in e.get("message", "")
        for e in upload.errors
    )
    if missing_columns and upload.uploaded_by_id == request.user.pk:
        mapping_form = _mapping_form(upload, request.user)
    return render(
        request,
        "assessments/upload_detail.html",
        {
            "upload": upload,
            "job": upload.job,
            "mapping_form": mapping_form,
            "can_upload": user_can(request.user, "results.upload"),
            "figure_links": _figure_links(upload, request.user) if upload.status == "imported" else [],
        },
    )


def _figure_links(upload, user) -> list[tuple[str, str]]:
    """Where an import's figures are shown: the school's results when its rows are one school's, else the tables
    of the municipalities they are in (rows «Уровень» = муниципалитет count too); the user's own school or
    municipality when the import changed nothing."""
    rows = Result.objects.visible_to(user).filter(upload=upload)
    schools = list(
        School.objects.visible_to(user)
        .filter(pk__in=rows.values("school"))
        .select_related("municipality")
        .order_by("municipality__name", "code")[:2]
    )
    if len(schools) == 1:
        return [("Открыть результаты школы", reverse("assessments:school", args=[schools[0].code]))]
    municipalities = school_selectors.municipality_list(user=user).filter(
        Q(pk__in=School.objects.visible_to(user).filter(pk__in=rows.values("school")).values("municipality"))
        | Q(pk__in=TerritoryResult.objects.visible_to(user).filter(upload=upload).values("municipality"))
    )
    links = [
        (f"Открыть результаты муниципалитета: {m.name}", reverse("assessments:municipality", args=[m.code]))
        for m in municipalities.order_by("name")[:10]
    ]
    if links:
        return links
    if user.school_id:
        return [("Открыть результаты школы", reverse("assessments:school", args=[user.school.code]))]
    if user.municipality_id:
        return [
            ("Открыть результаты муниципалитета", reverse("assessments:municipality", args=[user.municipality.code]))
        ]
    return [("Открыть результаты", reverse("assessments:results"))]


def _mapping_form(upload, user, data=None):

    try:
        table = table_read(upload_read(upload.file), filename=upload.filename, limits=upload_limits())
    except TableError:
        return None
    saved = ColumnMapping.objects.filter(user=user).values_list("mapping", flat=True).first() or {}
    return MappingForm(
        data, headers=table.headers, initial_mapping=saved, guesses=services.mapping_guess(table.headers)
    )


@require_POST
@capability_required("results.upload")
def upload_mapping(request, pk: int):
    upload = get_object_or_404(selectors.upload_list(user=request.user), pk=pk, uploaded_by=request.user)
    form = _mapping_form(upload, request.user, request.POST)
    if form is None or not form.is_valid():
        raise Http404
    services.mapping_save(user=request.user, mapping=form.mapping())
    services.upload_enqueue(upload=upload, dry_run=True, user=request.user)
    messages.success(request, "Сопоставление столбцов сохранено и будет использоваться в следующих загрузках.")
    return redirect("assessments:upload", pk=upload.pk)


@require_POST
@capability_required("results.upload")
def upload_confirm(request, pk: int):
    """After a clean dry run (or a crash): import for real."""
    upload = get_object_or_404(selectors.upload_list(user=request.user), pk=pk)
    try:
        services.upload_enqueue(upload=upload, dry_run=request.POST.get("dry_run") == "1", user=request.user)
    except ApplicationError as exc:  # UploadBusy: already queued or running
        error_show(request, exc)
    return redirect("assessments:upload", pk=upload.pk)


@login_required
def upload_errors(request, pk: int):
    upload = get_object_or_404(selectors.upload_list(user=request.user).exclude(error_report=""), pk=pk)
    return upload_error_report_response(request=request, upload=upload)


def upload_error_report_response(*, request, upload):
    """The rejected file's error report, for the page's link and for the API's `error_report_url` alike."""

    return file_download(
        request=request,
        open_file=lambda: default_storage.open(upload.error_report, "rb"),
        filename=f"ошибки-{upload.filename.rsplit('.', 1)[0]}.xlsx",
        content_type=XLSX,
        what="error_report",
        upload=upload.pk,
    )


@login_required
def upload_file(request, pk: int):
    upload = get_object_or_404(selectors.upload_list(user=request.user), pk=pk)

    audit_log(kind=AuditEvent.Kind.DOWNLOAD, request=request, what="upload_file", upload=upload.pk)
    return FileResponse(default_storage.open(upload.file, "rb"), as_attachment=True, filename=upload.filename)


@login_required
def template_download(request):
    response = HttpResponse(results_template(user=request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="shablon-rezultaty.xlsx"'
    return response
