from celery import shared_task

from core.jobs import job_run
from core.tables import table_read
from core.uploads import upload_limits

from .services import registry_import


@shared_task(acks_late=True)
def registry_import_task(job_id: int) -> dict | None:
    """Import a stored registry file; the import is one transaction, so a retry starts from a clean state."""

    def work(job):
        from django.core.files.storage import default_storage

        with default_storage.open(job.params["path"], "rb") as f:
            table = table_read(f.read(), filename=job.params["filename"], limits=upload_limits())
        outcome = registry_import(table=table, user=job.created_by)
        return outcome.as_dict()

    return job_run(job_id, work)
