from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .jobs import STALE_MESSAGE, jobs_fail, jobs_interrupted_recover
from .models import Job

__all__ = ["STALE_MESSAGE", "jobs_expire_stale", "stale_after"]


def stale_after() -> timedelta:
    """No task outlives the hard time limit (the worker kills it there), so a job 'running' for longer lost its
    worker: killed, out of memory, the machine restarted. A little margin for the job row's own clock."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + timedelta(minutes=5)


@shared_task
def jobs_expire_stale() -> int:
    """Beat, every JOBS_WATCH_SECONDS: the running jobs that lost their worker. One past the hard time limit is
    failed (it would only run out of time again); one whose heartbeat stopped is queued again once, or failed the
    second time (core.jobs.jobs_interrupted_recover). Their uploads and reports follow, so their pages stop showing
    progress. How many jobs were failed or queued again."""
    limit = timezone.now() - stale_after()
    failed = jobs_fail(Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=limit), error=STALE_MESSAGE)
    return failed + jobs_interrupted_recover()
