"""Every background task reports into a Job row: queued by the request, run and retried by the worker."""

import logging
import traceback
from collections.abc import Callable
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import Job

log = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = "Очередь фоновых задач недоступна. Данные сохранены, задачу можно запустить повторно."


def job_create(*, kind: str, title: str, user=None, municipality=None, params: dict | None = None) -> Job:
    return Job.objects.create(
        kind=kind, title=title, created_by=user if getattr(user, "pk", None) else None,
        municipality=municipality, params=params or {},
    )


def job_enqueue(*, job: Job, task, args: tuple = ()) -> Job:
    """Send the task once the surrounding transaction commits, so the worker always finds the job row."""

    def send():
        try:
            task.apply_async(args=(job.pk, *args))
        except OperationalError:
            log.exception("broker unavailable for job %s", job.pk)
            Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=QUEUE_UNAVAILABLE)

    transaction.on_commit(send)
    return job


def job_progress(job_id: int, progress: int) -> None:
    Job.objects.filter(pk=job_id).update(progress=max(0, min(100, int(progress))))


@contextmanager
def job_running(job_id: int):
    """Mark the job running; done with the block's result, or failed with the error (then re-raised)."""
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now(), error="", progress=0)
    job = Job.objects.get(pk=job_id)
    job.attempts += 1
    Job.objects.filter(pk=job_id).update(attempts=job.attempts)
    try:
        yield job
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), error=_error_text(exc)
        )
        raise
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE, progress=100, finished_at=timezone.now(), result=job.result
    )


def job_run(job_id: int, work: Callable[[Job], dict]) -> dict:
    """Run `work(job)` inside job_running and store what it returns as the job's result."""
    with job_running(job_id) as job:
        job.result = work(job)
    return job.result


def _error_text(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    log.error("job failed: %s\n%s", message, traceback.format_exc())
    return str(message)[:2000]


def job_list(*, user) -> QuerySet[Job]:
    from schools.models import Municipality

    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if user.is_superuser or getattr(user, "role", "") == "admin":
        return Job.objects.all()
    return Job.objects.filter(
        Q(created_by=user) | Q(municipality__in=Municipality.objects.visible_to(user))
    ).distinct()
