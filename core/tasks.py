from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import Job

STALE_MESSAGE = "Задача не завершилась за отведённое время; запустите её повторно."


@shared_task
def jobs_expire_stale() -> int:
    """A job whose worker died without a trace stays 'running' forever; mark such jobs failed so they can be retried."""
    limit = timezone.now() - timedelta(hours=2)
    return Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=limit).update(
        status=Job.Status.FAILED, error=STALE_MESSAGE, finished_at=timezone.now()
    )
