from celery import shared_task

from core.jobs import job_run

from .models import Report
from .services import report_build


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def report_build_task(job_id: int, report_id: int) -> dict | None:
    def work(job):
        report = Report.objects.select_related("municipality", "school", "program").get(pk=report_id)
        try:
            report = report_build(report=report, job_id=job_id)
        except Exception:
            Report.objects.filter(pk=report_id).update(status=Report.Status.FAILED)
            raise
        return {
            "report_id": report.pk,
            "pages": report.pages,
            "url": f"/reports/{report.pk}/download/",
            "url_label": f"Скачать {report.get_format_display()}",
        }

    return job_run(job_id, work)


@shared_task(acks_late=True)
def dashboard_charts_warm_task(municipality_ids: list[int]) -> int:
    """After a recompute: draw the dashboards' charts now, not in the first request after the change."""
    from .dashboard import dashboard_charts_warm

    return dashboard_charts_warm(municipality_ids=municipality_ids)
