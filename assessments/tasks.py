import logging

from celery import shared_task

from core.jobs import job_progress, job_run

from .models import Upload
from .services import upload_process

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def upload_process_task(job_id: int, upload_id: int) -> dict | None:
    """Check or import an uploaded results file. The write is one transaction: a retry after a crash starts clean."""
    if not Upload.objects.filter(pk=upload_id, job_id=job_id).exists():
        # The upload was retried under a newer job: this is the old job's message, redelivered after a crash.
        log.info("upload %s has a newer job than %s: nothing to do", upload_id, job_id)
        return {"upload_id": upload_id, "superseded_job": job_id}

    def work(job):
        upload = Upload.objects.get(pk=upload_id)
        try:
            outcome = upload_process(upload=upload, progress=lambda p: job_progress(job_id, p))
        except Exception:
            Upload.objects.filter(pk=upload_id).update(status=Upload.Status.FAILED)
            raise
        return {**outcome.as_dict(), "upload_id": upload_id, "url": f"/assessments/uploads/{upload_id}/"}

    return job_run(job_id, work)
