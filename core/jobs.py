"""Every background task reports into a Job row: queued by the request, run and retried by the worker."""

import logging
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from .errors import ApplicationError, Conflict, NotAllowed
from .models import Job, interrupted_text

log = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = "Очередь фоновых задач недоступна. Данные сохранены, задачу можно запустить повторно."
STALE_MESSAGE = "Задача не завершилась за отведённое время; запустите её повторно."
RETRY_NOT_FAILED = "Повторить можно только задачу, которая завершилась ошибкой."
RETRY_NOT_HERE = "Эту задачу запускают повторно на её собственной странице (например, загрузку — на странице загрузки)."
RETRY_FORBIDDEN = "Недостаточно прав, чтобы запустить эту задачу повторно."
# A job whose worker dies under it (killed, out of memory, the container restarted) is run again once by itself: by
# the watch of stale heartbeats (jobs_interrupted_recover) or by its own message coming back (acks_late), whichever
# comes first. If it dies again, it is failed with the retry offered: a job that takes its worker down (a huge file
# running out of memory, say) must not come back for ever. A person's retry starts the count again.
INTERRUPTIONS_AT_MOST = 2
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


JobError = ApplicationError  # the one application error, by its old name: NotAllowed or Conflict when raised


def job_create(*, kind: str, title: str, user=None, municipality=None, params: dict | None = None) -> Job:
    return Job.objects.create(
        kind=kind,
        title=title,
        created_by=user if getattr(user, "pk", None) else None,
        municipality=municipality,
        params=params or {},
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
    from schools.access import user_can

    capability = RETRY_CAPABILITY.get(job.kind)
    queued = job.params.get("queued")
    if capability is None or not queued:
        raise Conflict(RETRY_NOT_HERE)
    if not user_can(user, capability):
        raise NotAllowed(RETRY_FORBIDDEN)
    with transaction.atomic():
        job.params.pop("interrupted", None)  # a person's retry starts the count of interruptions again
        if not Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.PENDING,
            progress=0,
            error="",
            started_at=None,
            finished_at=None,
            params=job.params,
            heartbeat_at=None,
            run_id="",
        ):
            raise Conflict(RETRY_NOT_FAILED)  # not failed, or another click got there first
        for label in JOB_FOLLOWERS:
            apps.get_model(label).objects.filter(job_id=job.pk, status="failed").update(status="pending")
        job_enqueue(job=job, task=_task(queued["task"]), args=tuple(queued["args"]))
    job.refresh_from_db()
    return job


def job_retry_allowed(*, job: Job, user) -> bool:
    """Whether the job's page offers «Повторить» to this user (who already sees the job)."""
    from schools.access import user_can

    capability = RETRY_CAPABILITY.get(job.kind)
    return (
        job.status == Job.Status.FAILED
        and capability is not None
        and "queued" in job.params
        and user_can(user, capability)
    )


def _task(name: str):
    from celery import current_app

    if name not in current_app.tasks:  # the web process imports a task module only when it queues from it
        import_module(name.rpartition(".")[0])
    return current_app.tasks[name]


def job_progress(job_id: int, progress: int) -> None:
    Job.objects.filter(pk=job_id).update(progress=max(0, min(100, int(progress))))


@contextmanager
def job_running(job_id: int, *, run_id: str):
    """The job claimed by run `run_id` (see job_run): done with the block's result, or failed with the error (then
    re-raised). A run the watch gave up on, and which went on after all, leaves the outcome to the run that holds
    the job now."""
    job = Job.objects.get(pk=job_id)
    mine = Job.objects.filter(pk=job_id, run_id=run_id)
    try:
        yield job
    except Exception as exc:
        mine.update(status=Job.Status.FAILED, finished_at=timezone.now(), error=_error_text(exc))
        raise
    mine.update(status=Job.Status.DONE, progress=100, finished_at=timezone.now(), result=job.result)


def job_run(job_id: int, work: Callable[[Job], dict]) -> dict | None:
    """Run `work(job)` for the message being handled, with a heartbeat, and store what it returns as the result.

    With acks_late a job can have more than one message: its own, redelivered after its worker died, and the one
    jobs_interrupted_recover or a retry sent. Only the message that claims the job runs it (_job_claim)."""
    run_id = _run_id()
    claimed, result = _job_claim(job_id, run_id=run_id)
    if not claimed:
        return result
    with job_heartbeat(job_id, run_id=run_id), job_running(job_id, run_id=run_id) as job:
        job.result = work(job)
    return job.result


def _run_id() -> str:
    """The Celery task id of the message being handled (the same when it is redelivered); a fresh one outside."""
    from celery import current_task

    request = getattr(current_task, "request", None)
    return str(getattr(request, "id", None) or uuid.uuid4().hex)[:64]


def _heartbeat_stale_before():
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)


def _job_claim(job_id: int, *, run_id: str) -> tuple[bool, dict | None]:
    """Whether this message runs the job, under the job row's lock; if not, what its task returns.

    - pending (queued, retried, or sent again after its worker died): claimed;
    - done: its work is finished, a repeated message is ignored;
    - running under this very message: it is back because its worker died; running under another message whose
      heartbeat has stopped: that worker died. Either is an interruption (_job_interrupted): run again here the
      first time, failed the second;
    - running under another message with a fresh heartbeat: that run is alive, this message is ignored;
    - failed: run again (an old message of a job failed by the time limit), unless it was failed for stopping its
      worker again: only a person's retry runs it then."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            log.warning("job %s does not exist: its message is ignored", job_id)
            return False, {}
        if job.status == Job.Status.DONE:
            log.info("job %s is already done: its repeated message is ignored", job_id)
            return False, job.result
        interrupted = job.params.get("interrupted", 0)
        if job.status == Job.Status.FAILED and interrupted >= INTERRUPTIONS_AT_MOST:
            log.info("job %s was failed after its worker stopped again: its old message is ignored", job_id)
            return False, {}
        params = job.params
        if job.status == Job.Status.RUNNING:
            alive = job.heartbeat_at is not None and job.heartbeat_at >= _heartbeat_stale_before()
            if job.run_id != run_id and alive:
                log.info("job %s is being run by message %s: message %s is ignored", job_id, job.run_id, run_id)
                return False, {}
            if not _job_interrupted(job):
                return False, {}
            params = job.params
            log.warning("job %s: its worker died while running it; message %s runs it again", job_id, run_id)
        now = timezone.now()
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.RUNNING,
            run_id=run_id,
            started_at=now,
            finished_at=None,
            error="",
            progress=0,
            heartbeat_at=now if settings.JOB_HEARTBEAT_SECONDS > 0 else None,
            attempts=F("attempts") + 1,
            params=params,
        )
        return True, {}


def _job_interrupted(job: Job) -> bool:
    """Count that the job's worker died under it (the caller holds the row's lock). The first time: True, the job
    is to run again; the second: the job is failed, with its upload or report, and False."""
    n = job.params.get("interrupted", 0) + 1
    job.params = {**job.params, "interrupted": n}
    Job.objects.filter(pk=job.pk).update(params=job.params)
    if n < INTERRUPTIONS_AT_MOST:
        return True
    log.error("job %s: its worker died while running it %s times; failing it", job.pk, n)
    jobs_fail(Job.objects.filter(pk=job.pk), error=interrupted_text(job.kind, again=True))
    return False


def jobs_interrupted_recover() -> int:
    """Beat (core.tasks.jobs_expire_stale), every JOBS_WATCH_SECONDS: the running jobs whose heartbeat stopped for
    JOB_STALE_SECONDS lost their worker. Each is queued again, once, with the message it was first queued with
    (its upload or report back to «в очереди», the page saying why), or failed if it had been already. How many."""
    n = 0
    for job_id in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=_heartbeat_stale_before()).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            # Looked at again under the lock: its own message may have come back and claimed it meanwhile.
            job = (
                Job.objects.select_for_update()
                .filter(pk=job_id, status=Job.Status.RUNNING, heartbeat_at__lt=_heartbeat_stale_before())
                .first()
            )
            if job is None:
                continue
            n += 1
            queued = job.params.get("queued")
            if not queued:  # not queued by job_enqueue: nothing to send again
                jobs_fail(Job.objects.filter(pk=job.pk), error=interrupted_text(job.kind, again=True))
                continue
            task = _task(queued["task"])
            limit = timedelta(seconds=getattr(task, "time_limit", None) or settings.CELERY_TASK_TIME_LIMIT)
            if job.started_at and job.started_at <= timezone.now() - limit:
                # The worker killed it at its hard time limit: run again, it would only run out of time again.
                jobs_fail(Job.objects.filter(pk=job.pk), error=STALE_MESSAGE)
                continue
            if not _job_interrupted(job):
                continue
            log.warning("job %s: its worker stopped (no heartbeat since %s); queued again", job.pk, job.heartbeat_at)
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.PENDING, progress=0, run_id="", heartbeat_at=None, started_at=None
            )
            for label in JOB_FOLLOWERS:
                apps.get_model(label).objects.filter(job_id=job.pk, status="running").update(status="pending")
            job_enqueue(job=job, task=task, args=tuple(queued["args"]))
    return n


@contextmanager
def job_heartbeat(job_id: int, *, run_id: str):
    """While the block runs, a thread writes the job's heartbeat every JOB_HEARTBEAT_SECONDS (0: none).

    The thread has its own database connection (Django's are per thread), in autocommit: each beat is one short
    UPDATE, outside the import's long transaction and never waiting for it. It beats for this run only: a run the
    watch has given up on (and queued again) stops refreshing the job another run now holds.

    Every JOBS_WATCH_SECONDS the thread also runs the watch of the other jobs (jobs_interrupted_recover), as the
    beat task does: when every process of the worker is busy with a long import, the beat task waits in the queue,
    and a dead worker's job would wait with it."""
    interval = settings.JOB_HEARTBEAT_SECONDS
    if interval <= 0:
        yield
        return
    stop = threading.Event()

    def beat():
        watch_at = time.monotonic() + settings.JOBS_WATCH_SECONDS
        try:
            while not stop.wait(interval):
                try:
                    if not Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, run_id=run_id).update(
                        heartbeat_at=timezone.now()
                    ):
                        log.warning("job %s is no longer run by message %s: heartbeat stopped", job_id, run_id)
                        return
                    if time.monotonic() >= watch_at:
                        watch_at = time.monotonic() + settings.JOBS_WATCH_SECONDS
                        jobs_interrupted_recover()
                except DatabaseError:
                    log.warning("job %s: heartbeat not written", job_id, exc_info=True)
                    connections.close_all()  # the next beat reconnects
                except Exception:  # the watch's own trouble (the broker, say) must not stop the heartbeat
                    log.exception("job %s: the watch of stale jobs failed", job_id)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 10)


def _error_text(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    log.error("job failed: %s\n%s", message, traceback.format_exc())
    return str(message)[:2000]


def job_list(*, user) -> QuerySet[Job]:
    return Job.objects.visible_to(user).distinct()
