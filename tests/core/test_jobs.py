import pytest
from rest_framework.test import APIClient

from core.jobs import job_create, job_enqueue, job_run
from core.models import Job
from tests.support.runtime import wait_for

pytestmark = pytest.mark.django_db


def test_job_run_stores_result_and_marks_done(users):
    job = job_create(kind="test", title="t", user=users["head"])
    job_run(job.pk, lambda j: {"answer": 42})
    job.refresh_from_db()
    assert (job.status, job.progress, job.result, job.attempts) == ("done", 100, {"answer": 42}, 1)


def test_job_failure_keeps_message_and_can_rerun(users):
    job = job_create(kind="test", title="t", user=users["head"])

    def boom(j):
        raise ValueError("сломалось")

    with pytest.raises(ValueError):
        job_run(job.pk, boom)
    job.refresh_from_db()
    first = (job.status, job.error)
    job_run(job.pk, lambda j: {"ok": True})
    job.refresh_from_db()
    assert (first, job.status, job.attempts) == (("failed", "сломалось"), "done", 2)


def test_job_endpoint_returns_status_and_progress(users):
    job = job_create(kind="test", title="t", user=users["head"])
    client = APIClient()
    client.force_authenticate(users["head"])
    body = client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert (body["status"], body["progress"], body["result"]) == ("pending", 0, None)


def test_job_of_another_user_is_404(users):
    job = job_create(kind="test", title="t", user=users["head_b"], municipality=users["head_b"].municipality)
    client = APIClient()
    client.force_authenticate(users["head"])
    assert client.get(f"/api/v1/jobs/{job.pk}/").status_code == 404


def test_job_progress_fragment_polls_until_finished(users, client):
    job = job_create(kind="test", title="Загрузка", user=users["head"])
    client.force_login(users["head"])
    running = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    job_run(job.pk, lambda j: {})
    done = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in running and "hx-trigger" not in done


def test_job_page_of_other_municipality_is_404(users, client):
    job = job_create(kind="test", title="t", user=users["head_b"], municipality=users["head_b"].municipality)
    client.force_login(users["head"])
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_stale_running_job_is_failed_by_beat_task(users):
    from datetime import timedelta

    from django.utils import timezone

    from core.tasks import jobs_expire_stale

    job = job_create(kind="test", title="t", user=users["head"])
    Job.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now() - timedelta(hours=3))
    jobs_expire_stale()
    job.refresh_from_db()
    assert job.status == "failed"


@pytest.mark.worker
def test_registry_import_runs_in_real_worker_through_redis(celery_worker, users, tmp_path):
    """The page's task goes through Redis to a separate worker process, which updates the Job row."""
    from core.uploads import upload_store
    from schools.models import School
    from schools.tasks import registry_import_task
    from tests.support.registry_files import GOOD, xlsx

    path = upload_store(content=xlsx(GOOD), filename="r.xlsx", folder="registry")
    job = job_create(
        kind="registry_import", title="реестр", user=users["admin"], params={"path": path, "filename": "r.xlsx"}
    )
    registry_import_task.apply_async(args=(job.pk,))
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=["done", "failed"]).first())
    assert (job.status, job.result["created"], School.objects.filter(code__in=["S-1", "F-1"]).count()) == ("done", 2, 2)


@pytest.mark.worker
def test_on_commit_enqueue_reaches_worker(celery_worker, users):
    from core.tasks import jobs_expire_stale  # noqa: F401  (the worker must know the task module)
    from schools.tasks import registry_import_task

    job = job_create(
        kind="registry_import",
        title="нет файла",
        user=users["admin"],
        params={"path": "missing.xlsx", "filename": "x.xlsx"},
    )
    job_enqueue(job=job, task=registry_import_task)  # transactional test: on_commit fires at once
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, status="failed").first())
    assert job.attempts == 1 and job.error


# -- retry, and what a crash or a broker outage leaves for the user (the faults themselves: tests/faults) ----------


@pytest.fixture
def broker_down(monkeypatch):
    """Every send to the broker fails as kombu fails when Redis is unreachable."""
    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refuse)
    return monkeypatch


def recompute_failed(user, django_capture_on_commit_callbacks, broker_down) -> Job:
    from assessments.risk.services import risk_recompute_enqueue

    with django_capture_on_commit_callbacks(execute=True):
        job = risk_recompute_enqueue(user=user, year=2023, municipality=user.municipality)
    broker_down.undo()
    job.refresh_from_db()
    return job


def test_broker_outage_fails_the_job_with_the_message_and_keeps_what_to_rerun(
    users, django_capture_on_commit_callbacks, broker_down
):
    from core.jobs import QUEUE_UNAVAILABLE

    job = recompute_failed(users["head"], django_capture_on_commit_callbacks, broker_down)
    assert (job.status, job.error, job.params["queued"]["task"]) == (
        "failed",
        QUEUE_UNAVAILABLE,
        "assessments.risk_tasks.risk_recompute_task",
    )


def test_retry_endpoint_reruns_the_same_job(users, django_capture_on_commit_callbacks, broker_down):
    from assessments.risk.models import RiskRun

    job = recompute_failed(users["head"], django_capture_on_commit_callbacks, broker_down)
    client = APIClient()
    client.force_authenticate(users["head"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert (response.status_code, response.json()["id"], job.status, job.error, RiskRun.objects.count()) == (
        202,
        job.pk,
        "done",
        "",
        1,
    )


def test_retry_of_a_job_that_did_not_fail_is_409(users):
    job = job_create(kind="risk_recompute", title="t", user=users["head"], params={"queued": {"task": "x", "args": []}})
    client = APIClient()
    client.force_authenticate(users["head"])
    response = client.post(f"/api/v1/jobs/{job.pk}/retry/")
    from core.jobs import RETRY_NOT_FAILED

    assert (response.status_code, response.json()["detail"]) == (409, RETRY_NOT_FAILED)


def test_retry_of_another_municipalitys_job_is_404(users, django_capture_on_commit_callbacks, broker_down):
    job = recompute_failed(users["head_b"], django_capture_on_commit_callbacks, broker_down)
    client = APIClient()
    client.force_authenticate(users["head"])
    assert client.post(f"/api/v1/jobs/{job.pk}/retry/").status_code == 404


def test_retry_without_the_right_to_start_the_job_is_403(users, django_capture_on_commit_callbacks, broker_down):
    job = recompute_failed(users["head"], django_capture_on_commit_callbacks, broker_down)
    client = APIClient()
    client.force_authenticate(users["regional"])  # sees the region's jobs, may not recompute
    assert client.post(f"/api/v1/jobs/{job.pk}/retry/").status_code == 403
    job.refresh_from_db()
    assert job.status == "failed"


def test_upload_jobs_are_retried_from_their_upload(users):
    from core.jobs import RETRY_NOT_HERE

    job = job_create(
        kind="results_import",
        title="t",
        user=users["methodologist"],
        params={"queued": {"task": "assessments.tasks.upload_process_task", "args": [1]}},
    )
    Job.objects.filter(pk=job.pk).update(status="failed")
    client = APIClient()
    client.force_authenticate(users["methodologist"])
    response = client.post(f"/api/v1/jobs/{job.pk}/retry/")
    assert (response.status_code, response.json()["detail"]) == (409, RETRY_NOT_HERE)


def test_job_page_offers_retry_only_to_who_may_start_it(users, client, django_capture_on_commit_callbacks, broker_down):
    job = recompute_failed(users["head"], django_capture_on_commit_callbacks, broker_down)
    button = f'action="/jobs/{job.pk}/retry/"'
    client.force_login(users["regional"])
    regional = client.get(f"/jobs/{job.pk}/").content.decode()
    client.force_login(users["head"])
    head = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert (button in regional, button in head, response.status_code, job.status) == (False, True, 302, "done")


def test_stale_expiry_fails_the_upload_and_the_report_that_follow_the_job(users, two_municipalities):
    from datetime import timedelta

    from django.utils import timezone

    from assessments.models import Upload
    from core.tasks import STALE_MESSAGE, jobs_expire_stale
    from reports.models import Report

    job = job_create(kind="results_import", title="t", user=users["methodologist"])
    Job.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now() - timedelta(hours=1))
    upload = Upload.objects.create(file="x.xlsx", filename="x.xlsx", sha256="0", size=1, job=job, status="running")
    report = Report.objects.create(
        kind="vpr-note", municipality=two_municipalities["a"], year=2023, job=job, status="running"
    )
    fresh = job_create(kind="report", title="t", user=users["head"])
    Job.objects.filter(pk=fresh.pk).update(status="running", started_at=timezone.now() - timedelta(minutes=10))
    assert jobs_expire_stale() == 1
    job.refresh_from_db()
    upload.refresh_from_db()
    report.refresh_from_db()
    assert (job.status, job.error, upload.status, report.status, Job.objects.get(pk=fresh.pk).status) == (
        "failed",
        STALE_MESSAGE,
        "failed",
        "failed",
        "running",
    )


def test_a_done_job_is_not_run_again(users):
    job = job_create(kind="test", title="t", user=users["head"])
    job_run(job.pk, lambda j: {"n": 1})

    def again(j):
        raise AssertionError("a repeated message ran the work again")

    assert job_run(job.pk, again) == {"n": 1}


def test_the_old_message_of_a_retried_upload_changes_nothing(users, django_capture_on_commit_callbacks):
    from assessments.models import Upload
    from assessments.services import upload_create, upload_enqueue
    from assessments.tasks import upload_process_task
    from tests.support.results_files import row, xlsx

    with django_capture_on_commit_callbacks(execute=True):
        upload = upload_create(user=users["methodologist"], content=xlsx([row()]), filename="r.xlsx", dry_run=False)
    old_job = upload.job_id
    with django_capture_on_commit_callbacks(execute=True):
        upload_enqueue(upload=upload, dry_run=False, user=users["methodologist"])
    before = Upload.objects.values("status", "created", "unchanged", "job_id").get(pk=upload.pk)
    assert upload_process_task(old_job, upload.pk) == {"upload_id": upload.pk, "superseded_job": old_job}
    assert Upload.objects.values("status", "created", "unchanged", "job_id").get(pk=upload.pk) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_job_list_export_has_every_job_of_the_scope_and_is_logged(users, fmt):
    """Like every list of the contract: all matching rows, not a page of 50, and an «export» event."""
    from core.exports import read_back
    from core.models import AuditEvent

    Job.objects.bulk_create(
        [
            Job(kind="test", title=f"задача {n}", created_by=users["head"], municipality=users["head"].municipality)
            for n in range(60)
        ]
    )
    job_create(kind="test", title="чужая", user=users["head_b"], municipality=users["head_b"].municipality)
    client = APIClient()
    client.force_authenticate(users["head"])
    response = client.get("/api/v1/jobs/", {"format": fmt})
    rows = read_back(response.content, fmt)
    titles = {r[rows[0].index("Описание")] for r in rows[1:]}
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert len(rows) == 61 and "чужая" not in titles and "задача 59" in titles
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT, user=users["head"], data__what="jobs").count() == 1


def test_a_job_that_keeps_killing_its_worker_is_failed_not_run_for_ever(users, monkeypatch):
    """A message that finds its job «running» under its own id is back because its worker died. The first time it
    runs the job again; the second it fails it, with its upload, and says why; a person's retry starts the count
    again."""
    from assessments.models import Upload
    from core.jobs import INTERRUPTIONS_AT_MOST, job_retry
    from core.models import interrupted_text

    monkeypatch.setattr("core.jobs._run_id", lambda: "message-1")  # the same message, delivered again
    job = job_create(
        kind="registry_import",
        title="t",
        user=users["admin"],
        params={"queued": {"task": "schools.tasks.registry_import_task", "args": [0]}},
    )
    upload = Upload.objects.create(file="x.xlsx", filename="x.xlsx", sha256="0", size=1, job=job, status="running")
    runs = []

    class WorkerKilled(BaseException):
        """Like SIGKILL, nothing after it runs: the job is left «running»."""

    def dies(j):
        runs.append(j.pk)
        raise WorkerKilled

    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, run_id="message-1")  # its first worker died
    for _ in range(INTERRUPTIONS_AT_MOST - 1):
        with pytest.raises(WorkerKilled):
            job_run(job.pk, dies)
    assert job_run(job.pk, dies) == {}
    job.refresh_from_db()
    upload.refresh_from_db()
    assert (len(runs), INTERRUPTIONS_AT_MOST) == (1, 2)
    assert (job.status, job.error, upload.status) == (
        "failed",
        interrupted_text("registry_import", again=True),
        "failed",
    )
    assert job.error.startswith("Обработчик повторно остановился во время загрузки реестра")
    assert job_run(job.pk, dies) == {} and len(runs) == 1  # it comes back once more: still not run

    job_retry(job=job, user=users["admin"])
    job.refresh_from_db()
    assert "interrupted" not in job.params and job.status in ("pending", "done", "failed")


def test_a_job_interrupted_once_runs_again_to_the_end(users):
    job = job_create(kind="test", title="t", user=users["head"])
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)  # its first worker died
    assert job_run(job.pk, lambda j: {"n": 2}) == {"n": 2}
    job.refresh_from_db()
    assert (job.status, job.params["interrupted"]) == ("done", 1)


# -- heartbeat: a job whose worker died is noticed within a minute, run again once, failed the second time ---------


def as_message(monkeypatch, message_id: str) -> None:
    """job_run handles the Celery message with this task id (a redelivered message keeps its id)."""
    monkeypatch.setattr("core.jobs._run_id", lambda: message_id)


def dropped_by_its_worker(job_id: int, *, seconds_ago: float, run_id: str = "message-1", **fields) -> None:
    """The job as its worker left it when killed: «running» at 21 %, its last heartbeat `seconds_ago`."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        status="running",
        run_id=run_id,
        progress=21,
        attempts=1,
        started_at=now - timedelta(seconds=seconds_ago + 30),
        heartbeat_at=now - timedelta(seconds=seconds_ago),
        **fields,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_heartbeat_is_written_while_the_job_runs_and_stops_with_it(users, settings):
    import threading
    import time

    settings.JOB_HEARTBEAT_SECONDS = 0.1
    job = job_create(kind="test", title="t", user=users["head"])
    seen = {}

    def work(j):
        seen["claimed"] = Job.objects.values_list("heartbeat_at", "run_id").get(pk=j.pk)
        time.sleep(1)  # no query meanwhile: the heartbeat thread alone writes
        seen["threads"] = [t.name for t in threading.enumerate()]
        return {"ok": True}

    job_run(job.pk, work)
    job.refresh_from_db()
    claimed_at, run_id = seen["claimed"]
    assert claimed_at is not None and run_id and job.run_id == run_id
    assert f"job-{job.pk}-heartbeat" in seen["threads"]
    assert (job.heartbeat_at - claimed_at).total_seconds() >= 0.5  # beaten several times after the claim
    assert job.status == "done" and not any(t.name == f"job-{job.pk}-heartbeat" for t in threading.enumerate())


def test_heartbeat_beats_only_for_its_own_run(users, settings, django_db_serialized_rollback, transactional_db):
    """A run the watch gave up on (the job queued again and claimed by another message) stops beating: it must not
    keep the other run's job looking alive."""
    import time

    from core.jobs import job_heartbeat

    settings.JOB_HEARTBEAT_SECONDS = 0.05
    job = job_create(kind="test", title="t", user=users["head"])
    dropped_by_its_worker(job.pk, seconds_ago=120, run_id="message-2")
    with job_heartbeat(job.pk, run_id="message-1"):
        time.sleep(0.4)
    job.refresh_from_db()
    assert job.run_id == "message-2" and (job.started_at - job.heartbeat_at).total_seconds() < 0  # untouched


def test_stale_job_is_queued_again_once_and_its_page_says_why(users, client, django_capture_on_commit_callbacks):
    """No heartbeat for a minute: the beat task puts the job and its upload back in the queue with the message the
    job was first queued with; the page says what happened; the rerun imports the file as an uninterrupted run."""
    from assessments.models import Result, Upload
    from assessments.services import upload_create
    from core.models import interrupted_text
    from core.tasks import jobs_expire_stale
    from tests.support.results_files import row, xlsx

    user = users["methodologist"]
    with django_capture_on_commit_callbacks(execute=False):  # queued, never delivered: a worker took it and died
        upload = upload_create(user=user, content=xlsx([row(), row(grade=6)]), filename="r.xlsx", dry_run=False)
    dropped_by_its_worker(upload.job_id, seconds_ago=61)
    Upload.objects.filter(pk=upload.pk).update(status="running")
    alive = job_create(kind="report", title="t", user=users["head"])
    dropped_by_its_worker(alive.pk, seconds_ago=20)

    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert jobs_expire_stale() == 1
    job = Job.objects.get(pk=upload.job_id)
    upload.refresh_from_db()
    notice = "Обработчик остановился во время загрузки; загрузка перезапущена автоматически."
    assert (job.status, job.progress, job.params["interrupted"], upload.status, len(sent)) == (
        "pending",
        0,
        1,
        "pending",
        1,
    )
    assert job.notice == interrupted_text("results_import", again=False) == notice
    assert Job.objects.get(pk=alive.pk).status == "running"  # its heartbeat is 20 s old: alive
    client.force_login(user)
    assert notice in client.get(f"/assessments/uploads/{upload.pk}/").content.decode()
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(f"/api/v1/jobs/{job.pk}/").json()["notice"] == notice
    assert api.get(f"/api/v1/uploads/{upload.pk}/").json()["notice"] == notice

    sent[0]()  # the message sent again reaches a worker (in-process here)
    job.refresh_from_db()
    upload.refresh_from_db()
    assert (job.status, job.attempts, upload.status, upload.created, Result.objects.count()) == (
        "done",
        2,
        "imported",
        2,
        2,
    )


def test_second_death_fails_the_job_and_its_upload_with_the_retry_offered(
    users, client, monkeypatch, django_capture_on_commit_callbacks
):
    from assessments.models import Result, Upload
    from assessments.services import upload_create
    from assessments.tasks import upload_process_task
    from core.tasks import jobs_expire_stale
    from tests.support.results_files import row, xlsx

    user = users["methodologist"]
    with django_capture_on_commit_callbacks(execute=False):
        upload = upload_create(user=user, content=xlsx([row()]), filename="r.xlsx", dry_run=False)
    job = Job.objects.get(pk=upload.job_id)
    # It was queued again once already (message-2), and that run's worker died as well.
    dropped_by_its_worker(job.pk, seconds_ago=90, run_id="message-2", params={**job.params, "interrupted": 1})
    Upload.objects.filter(pk=upload.pk).update(status="running")

    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert jobs_expire_stale() == 1
    job.refresh_from_db()
    upload.refresh_from_db()
    error = (
        "Обработчик повторно остановился во время загрузки (сбой или перезапуск процесса, нехватка памяти); "
        "запустите загрузку ещё раз."
    )
    assert (job.status, job.error, job.notice, upload.status, sent) == ("failed", error, "", "failed", [])
    client.force_login(user)
    page = client.get(f"/assessments/uploads/{upload.pk}/").content.decode()
    assert error in page and "Повторить" in page

    # The dead workers' messages come back (Redis's visibility timeout): they do not run it a third time.
    for message in ("message-1", "message-2"):
        as_message(monkeypatch, message)
        assert upload_process_task(job.pk, upload.pk) == {}
    assert (Job.objects.get(pk=job.pk).status, Result.objects.count()) == ("failed", 0)

    with django_capture_on_commit_callbacks(execute=True):  # the page's «Повторить»
        response = client.post(f"/assessments/uploads/{upload.pk}/confirm/", {"dry_run": "0"})
    upload.refresh_from_db()
    assert response.status_code == 302 and (upload.status, Result.objects.count()) == ("imported", 1)


def test_a_live_run_is_left_alone_by_another_message_and_by_the_watch(users, monkeypatch):
    """Two messages of one job (its own, back after a worker restart, and the one the watch sent): while one runs
    with a fresh heartbeat the other does nothing, and the watch leaves the job be."""
    from core.tasks import jobs_expire_stale

    job = job_create(kind="test", title="t", user=users["head"])
    dropped_by_its_worker(job.pk, seconds_ago=10, run_id="message-2")
    as_message(monkeypatch, "message-1")
    assert job_run(job.pk, lambda j: pytest.fail("the job is run twice at once")) == {}
    assert jobs_expire_stale() == 0
    job.refresh_from_db()
    assert (job.status, job.run_id, job.attempts, job.params.get("interrupted")) == ("running", "message-2", 1, None)


def test_the_watch_and_the_redelivered_message_run_the_job_once(users, monkeypatch, django_capture_on_commit_callbacks):
    """The whole worker died: the watch queues the job again (message-2); then the dead worker's own message
    (message-1) comes back first and claims it. The second message finds the job done: one rerun, one count."""
    from core.tasks import jobs_expire_stale

    job = job_create(
        kind="test",
        title="t",
        user=users["head"],
        params={"queued": {"task": "core.tasks.jobs_expire_stale", "args": []}},
    )
    dropped_by_its_worker(job.pk, seconds_ago=61)
    with django_capture_on_commit_callbacks(execute=False):
        assert jobs_expire_stale() == 1
    runs = []
    for message in ("message-1", "message-2"):
        as_message(monkeypatch, message)
        job_run(job.pk, lambda j: runs.append(j.pk) or {"n": len(runs)})
    job.refresh_from_db()
    assert (runs, job.status, job.result, job.attempts, job.params["interrupted"]) == ([job.pk], "done", {"n": 1}, 2, 1)


def test_a_message_redelivered_at_once_reruns_its_job_without_waiting_for_the_watch(users, monkeypatch):
    """A pool child killed (its parent puts the message back at once): the message finds its own id on the job,
    whose heartbeat is still fresh, and runs it again."""
    job = job_create(kind="test", title="t", user=users["head"])
    dropped_by_its_worker(job.pk, seconds_ago=2)
    as_message(monkeypatch, "message-1")
    assert job_run(job.pk, lambda j: {"n": 2}) == {"n": 2}
    job.refresh_from_db()
    assert (job.status, job.attempts, job.params["interrupted"], job.notice) == (
        "done",
        2,
        1,
        "Обработчик остановился во время выполнения задачи; задача перезапущена автоматически.",
    )


def test_defaults_notice_a_dead_worker_within_a_minute():
    from datetime import timedelta

    from django.conf import settings

    from config import settings as production

    watch = production.CELERY_BEAT_SCHEDULE["jobs-expire-stale"]
    assert (production.JOB_STALE_SECONDS, watch["schedule"]) == (60, timedelta(seconds=30))
    assert watch["task"] == "core.tasks.jobs_expire_stale" and settings.JOB_STALE_SECONDS <= 60
    # A heartbeat with a worker (in-process runs have nobody to watch them), many of them within the timeout.
    assert (5 if production.REDIS_URL else 0) == production.JOB_HEARTBEAT_SECONDS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_running_jobs_heartbeat_also_watches_the_others(users, settings, monkeypatch):
    """Every process of the worker busy with a long import: the beat task waits in the queue, but the running
    jobs' heartbeat threads look for dead ones themselves."""
    import time

    settings.JOB_HEARTBEAT_SECONDS, settings.JOBS_WATCH_SECONDS = 0.05, 0.2
    sent = []
    monkeypatch.setattr("core.jobs.job_enqueue", lambda *, job, task, args: sent.append((job.pk, task.name, args)))
    dead = job_create(
        kind="report",
        title="t",
        user=users["head"],
        params={"queued": {"task": "reports.tasks.report_build_task", "args": [7]}},
    )
    dropped_by_its_worker(dead.pk, seconds_ago=61)
    busy = job_create(kind="test", title="t", user=users["head"])
    job_run(busy.pk, lambda j: time.sleep(1) or {})
    dead.refresh_from_db()
    assert (dead.status, dead.params["interrupted"], sent) == (
        "pending",
        1,
        [(dead.pk, "reports.tasks.report_build_task", (7,))],
    )


def test_a_run_given_up_on_does_not_write_the_outcome_of_the_run_that_took_over(users, monkeypatch):
    """It stalled past the heartbeat's timeout, was queued again and claimed by message-2, then went on to the end:
    «Готово» (or «Ошибка») is for message-2 to write."""
    job = job_create(kind="test", title="t", user=users["head"])
    as_message(monkeypatch, "message-1")

    def taken_over(j):
        Job.objects.filter(pk=j.pk).update(run_id="message-2", params={"interrupted": 1})
        return {"stale": True}

    job_run(job.pk, taken_over)
    job.refresh_from_db()
    assert (job.status, job.run_id, job.result) == ("running", "message-2", None)


def test_a_job_killed_at_its_time_limit_is_failed_not_run_again(users, two_municipalities):
    """Its heartbeat stopped because the worker killed it at the task's own hard limit (a PDF: 660 s): a rerun would
    only run out of time again."""
    from datetime import timedelta

    from django.utils import timezone

    from core.tasks import STALE_MESSAGE, jobs_expire_stale
    from reports.models import Report

    job = job_create(
        kind="report",
        title="t",
        user=users["head"],
        params={"queued": {"task": "reports.tasks.report_build_task", "args": [1]}},
    )
    report = Report.objects.create(
        kind="vpr-note", municipality=two_municipalities["a"], year=2023, job=job, status="running"
    )
    dropped_by_its_worker(job.pk, seconds_ago=61)
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(seconds=661))
    assert jobs_expire_stale() == 1
    job.refresh_from_db()
    report.refresh_from_db()
    assert (job.status, job.error, report.status, job.params.get("interrupted")) == (
        "failed",
        STALE_MESSAGE,
        "failed",
        None,
    )
