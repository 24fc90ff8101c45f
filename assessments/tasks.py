from celery import shared_task

from core.jobs import job_progress, job_run

from .models import Upload
from .risk_tasks import risk_recompute_debounced, risk_recompute_nightly, risk_recompute_task  # noqa: F401
from .services import upload_process


@shared_task(acks_late=True)
def upload_process_task(job_id: int, upload_id: int) -> dict:
    """Check or import an uploaded results file. The write is one transaction: a retry after a crash starts clean."""

    def work(job):
        upload = Upload.objects.get(pk=upload_id)
        try:
            outcome = upload_process(upload=upload, progress=lambda p: job_progress(job_id, p))
        except Exception:
            Upload.objects.filter(pk=upload_id).update(status=Upload.Status.FAILED)
            raise
        return {**outcome.as_dict(), "upload_id": upload_id, "url": f"/assessments/uploads/{upload_id}/"}

    return job_run(job_id, work)
