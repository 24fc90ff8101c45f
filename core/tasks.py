from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .jobs import jobs_fail
from .models import Job

STALE_MESSAGE = "Задача не завершилась за отведённое время; запустите её повторно."


def stale_after() -> timedelta:
    """No task outlives the hard time limit (the worker kills it there), so a job 'running' for longer lost its
    worker: killed, out of memory, the machine restarted. A little margin for the job row's own clock."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + timedelta(minutes=5)


@shared_task
def jobs_expire_stale() -> int:
    """Beat, every 15 minutes: fail the jobs whose worker died without a trace, with the rows that follow them (an
    upload, a report), so their pages stop showing progress and offer the retry. A crashed job's own message comes
    back later by itself (acks_late; Redis's visibility_timeout); if the user retried first, it does nothing."""
    limit = timezone.now() - stale_after()
    return jobs_fail(Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=limit), error=STALE_MESSAGE)
