"""Every background task reports into a Job row: queued by the request, run and retried by the worker."""

import logging
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import Job

log = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = "Очередь фоновых задач недоступна. Данные сохранены, задачу можно запустить повторно."
RETRY_NOT_FAILED = "Повторить можно только задачу, которая завершилась ошибкой."
RETRY_NOT_HERE = "Эту задачу запускают повторно на её собственной странице (например, загрузку — на странице загрузки)."
RETRY_FORBIDDEN = "Недостаточно прав, чтобы запустить эту задачу повторно."
# A message comes back when its worker dies mid-task (acks_late): the job is run again from a clean state. A job
# that takes its worker down every time (out of memory on a huge file, say) is failed after this many, instead of
# coming back for ever; a person can still run it again once the cause is dealt with.
INTERRUPTIONS_AT_MOST = 3
INTERRUPTED_TOO_OFTEN = ("Задача прервалась вместе с обработчиком в {n}-й раз (сбой процесса или нехватка памяти) "
                         "и больше не запускается сама. Запустите её повторно, когда причина будет устранена.")

# The kinds a user may run again from the job's page or `POST /api/v1/jobs/{id}/retry/`, with the capability that
# starts them. Uploads are retried from their own page and `/uploads/{id}/retry/`, which keep the upload row in step.
RETRY_CAPABILITY = {
    "risk_recompute": "risk.recompute",
    "report": "reports.order",
    "indicators_recompute": "indicators.edit",
    "registry_import": "registry.import",
}
# Rows whose `status` (pending, running, failed) follows their job's: when a job fails outside its task (the broker
# refused it, its worker died) they are failed with it, so their pages say so and offer the retry.
JOB_FOLLOWERS = ("assessments.Upload", "reports.Report")


class JobError(Exception):
    def __init__(self, message: str, *, forbidden: bool = False):
        super().__init__(message)
        self.message, self.forbidden = message, forbidden


def job_create(*, kind: str, title: str, user=None, municipality=None, params: dict | None = None) -> Job:
    return Job.objects.create(
        kind=kind, title=title, created_by=user if getattr(user, "pk", None) else None,
        municipality=municipality, params=params or {},
    )


def job_enqueue(*, job: Job, task, args: tuple = ()) -> Job:
    """Send the task once the surrounding transaction commits, so the worker always finds the job row.

    The task and its arguments are kept in the job's params: `job_retry` sends exactly the same message again."""
    job.params = {**job.params, "queued": {"task": task.name, "args": list(args)}}
    Job.objects.filter(pk=job.pk).update(params=job.params)

    def send():
        try:
            task.apply_async(args=(job.pk, *args))
        except OperationalError:
            log.exception("broker unavailable for job %s", job.pk)
            jobs_fail(Job.objects.filter(pk=job.pk), error=QUEUE_UNAVAILABLE)
            job.status, job.error = Job.Status.FAILED, QUEUE_UNAVAILABLE  # the caller answers with this object

    transaction.on_commit(send)
    return job


def jobs_fail(jobs: QuerySet[Job], *, error: str) -> int:
    """Fail jobs from outside their task, and the rows that follow them (see JOB_FOLLOWERS)."""
    ids = list(jobs.exclude(status=Job.Status.DONE).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        for label in JOB_FOLLOWERS:
            apps.get_model(label).objects.filter(job_id__in=ids, status__in=("pending", "running")).update(
                status="failed"
            )
        return Job.objects.filter(pk__in=ids).update(status=Job.Status.FAILED, error=error, finished_at=timezone.now())


def job_retry(*, job: Job, user) -> Job:
    """Queue a failed job again on the same row (its page keeps polling it), with the task and arguments it was
    first queued with. The tasks are whole-or-nothing, so a rerun after a crash starts from a clean state."""
    from schools.permissions import user_can

    capability = RETRY_CAPABILITY.get(job.kind)
    queued = job.params.get("queued")
    if capability is None or not queued:
        raise JobError(RETRY_NOT_HERE)
    if not user_can(user, capability):
        raise JobError(RETRY_FORBIDDEN, forbidden=True)
    with transaction.atomic():
        job.params.pop("interrupted", None)  # a person's retry starts the count of interruptions again
        if not Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.PENDING, progress=0, error="", started_at=None, finished_at=None, params=job.params
        ):
            raise JobError(RETRY_NOT_FAILED)  # not failed, or another click got there first
        for label in JOB_FOLLOWERS:
            apps.get_model(label).objects.filter(job_id=job.pk, status="failed").update(status="pending")
        job_enqueue(job=job, task=_task(queued["task"]), args=tuple(queued["args"]))
    job.refresh_from_db()
    return job


def job_retry_allowed(*, job: Job, user) -> bool:
    """Whether the job's page offers «Повторить» to this user (who already sees the job)."""
    from schools.permissions import user_can

    capability = RETRY_CAPABILITY.get(job.kind)
    return (job.status == Job.Status.FAILED and capability is not None and "queued" in job.params
            and user_can(user, capability))


def _task(name: str):
    from celery import current_app

    if name not in current_app.tasks:  # the web process imports a task module only when it queues from it
        import_module(name.rpartition(".")[0])
    return current_app.tasks[name]


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
    """Run `work(job)` inside job_running and store what it returns as the job's result.

    A job that is already done is not run again: with acks_late a message can come back after its work was
    finished (redelivered after a worker crash, once a retry has already done the job)."""
    done = Job.objects.filter(pk=job_id, status=Job.Status.DONE).only("result").first()
    if done is not None:
        log.info("job %s is already done: its repeated message is ignored", job_id)
        return done.result
    if _interrupted_too_often(job_id):
        return {}
    with job_running(job_id) as job:
        job.result = work(job)
    return job.result


def _interrupted_too_often(job_id: int) -> bool:
    """A message that finds its job still running is back because the worker running it died. Count it; at
    INTERRUPTIONS_AT_MOST, fail the job (and its upload or report) instead of running it again."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, status=Job.Status.RUNNING).first()
        if job is None:
            return False
        n = job.params.get("interrupted", 0) + 1
        Job.objects.filter(pk=job_id).update(params={**job.params, "interrupted": n})
        if n < INTERRUPTIONS_AT_MOST:
            log.warning("job %s: its worker died while running it (%s time); running it again", job_id, n)
            return False
        log.error("job %s: its worker died while running it %s times; failing it", job_id, n)
        jobs_fail(Job.objects.filter(pk=job_id), error=INTERRUPTED_TOO_OFTEN.format(n=n))
        return True


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
