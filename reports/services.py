"""Ordering and building reports. The request only queues; the worker renders the file: one context per report
(reports.selectors) and a renderer per format — PDF (WeasyPrint), Word (reports.docx, from the same print HTML)
and Excel (reports.xlsx, the report's tables)."""

import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.errors import ApplicationError, NotAllowed, NotFound
from core.jobs import job_create, job_enqueue, job_progress
from core.years import year_valid
from programs.models import Program
from schools.access import MUNICIPAL_READERS, role_in, user_can
from schools.models import Municipality, School

from .models import Report

NOT_ALLOWED = "Недостаточно прав для заказа отчётов."
NEED_SCHOOL = "Для досье школы укажите школу (school)."
NOT_FOUND = "Муниципалитет или школа не найдены в вашей зоне доступа."
BAD_YEAR = "Укажите год от 2000 до 2100."
PROGRAM_NOT_FOUND = "Программа не найдена в муниципалитете отчёта."
PROGRAM_ONLY_FOR_PROGRAM_REPORT = "Программу (program) указывают только для годового отчёта о программе."
BAD_FORMAT = "Формат отчёта: pdf, docx или xlsx."
XLSX_ONLY_FOR_PROGRAM_REPORT = "Таблицы Excel формируются для годового отчёта о программе; выберите PDF или Word."

TEMPLATES = {
    Report.Kind.PROGRAM: "reports/pdf/program.html",
    Report.Kind.SCHOOL: "reports/pdf/school.html",
    Report.Kind.VPR_NOTE: "reports/pdf/vpr_note.html",
}


ReportError = ApplicationError  # the one application error, by its old name


def report_format_check(*, kind: str, fmt: str, program_code: str = "") -> None:
    """What can be ordered: every kind as PDF or Word; Excel and one programme for the programme report."""
    if fmt not in Report.Format.values:
        raise ReportError(BAD_FORMAT)
    if fmt == Report.Format.XLSX and kind != Report.Kind.PROGRAM:
        raise ReportError(XLSX_ONLY_FOR_PROGRAM_REPORT)
    if program_code and kind != Report.Kind.PROGRAM:
        raise ReportError(PROGRAM_ONLY_FOR_PROGRAM_REPORT)


def report_order(
    *,
    user,
    kind: str,
    municipality_code: str,
    year: int,
    school_code: str = "",
    program_code: str = "",
    fmt: str = Report.Format.PDF,
) -> Report:
    if not user_can(user, "reports.order"):
        raise NotAllowed(NOT_ALLOWED)
    if kind not in Report.Kind.values:
        raise ReportError(f"Неизвестный вид отчёта «{kind}»: {', '.join(Report.Kind.values)}.")
    if not year_valid(year):
        raise ReportError(BAD_YEAR)
    report_format_check(kind=kind, fmt=fmt, program_code=program_code)
    school = None
    municipality: Municipality | None
    if kind == Report.Kind.SCHOOL:
        if not school_code:
            raise ReportError(NEED_SCHOOL)
        school = School.objects.visible_to(user).filter(code=school_code).select_related("municipality").first()
        if school is None:
            raise NotFound(NOT_FOUND)
        municipality = school.municipality
    else:
        visible = (
            Municipality.objects.visible_to(user) if role_in(user, MUNICIPAL_READERS) else Municipality.objects.none()
        )
        municipality = visible.filter(code=municipality_code).first()
        if municipality is None:
            raise NotFound(NOT_FOUND)
    program = None
    if program_code:
        program = Program.objects.visible_to(user).filter(code=program_code, municipality=municipality).first()
        if program is None:
            raise NotFound(PROGRAM_NOT_FOUND)
    report = Report.objects.create(
        kind=kind,
        municipality=municipality,
        school=school,
        year=year,
        program=program,
        format=fmt,
        created_by=user,
    )
    job = job_create(
        kind="report",
        title=f"{report.get_kind_display()}: {school or municipality}, {year}",
        user=user,
        municipality=municipality,
        params={"report_id": report.pk},
    )
    Report.objects.filter(pk=report.pk).update(job=job)
    report.job = job
    from .tasks import report_build_task

    job_enqueue(job=job, task=report_build_task, args=(report.pk,))
    return report


def report_context(report: Report) -> dict:
    from . import selectors

    if report.kind == Report.Kind.SCHOOL:
        assert report.school is not None, "a school report has its school"  # report_school_kind_has_school
        return selectors.school_dossier_context(school=report.school, year=report.year)
    if report.kind == Report.Kind.VPR_NOTE:
        return selectors.vpr_note_context(municipality=report.municipality, year=report.year)
    return selectors.program_report_context(municipality=report.municipality, year=report.year, program=report.program)


def report_render(*, report: Report, context: dict) -> tuple[bytes, int | None]:
    """The file of the report in its format, from the one context: (content, pages — None where a format has no
    fixed pages)."""
    template = TEMPLATES[Report.Kind(report.kind)]
    context = {**context, "report": report}
    if report.format == Report.Format.DOCX:
        from .docx import docx_render

        return docx_render(template=template, context=context), None
    if report.format == Report.Format.XLSX:
        from .xlsx import xlsx_render

        return xlsx_render(context=context), None
    from .pdf import pdf_render

    return pdf_render(template=template, context=context)


def report_build(*, report: Report, job_id: int | None = None) -> Report:
    """Gather the figures, render the file, keep it. Rebuilding replaces the file: safe to retry."""
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING)
    started = time.perf_counter()
    context = report_context(report)
    gathered = time.perf_counter()
    if job_id:
        job_progress(job_id, 40)
    content, pages = report_render(report=report, context=context)
    rendered = time.perf_counter()
    path = f"reports/{report.pk}/{report.filename}"
    if default_storage.exists(path):
        default_storage.delete(path)
    path = default_storage.save(path, ContentFile(content))
    # "pdf": the rendering's time whatever the format (the key the benchmark and the command print)
    timings = {"data": round(gathered - started, 3), "pdf": round(rendered - gathered, 3)}
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE,
        file=path,
        pages=pages,
        size=len(content),
        timings=timings,
        finished_at=timezone.now(),
    )
    report.refresh_from_db()
    return report
