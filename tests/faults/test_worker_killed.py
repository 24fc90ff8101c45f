"""A worker SIGKILLed in the middle of a results import, a ШНОР recompute or a PDF build.

Each job is started the way the product starts it and stopped by tests/faults/worker.py at a point where its writes
have begun but are not committed (or, for the PDF, not marked ready); then the worker process is killed. What must
hold: nothing half-written is visible, the job does not stay «Выполняется» forever (core.tasks.jobs_expire_stale
fails it and the page offers «Повторить»), and both ways the work comes back — the user's retry, and Redis handing
the unacknowledged message to another worker — end exactly as a run that was never interrupted.

Redis gives a dead worker's message to another worker only after the visibility timeout (two hours in
settings); the tests start that other worker with a short one (OPORA_FAULT_VISIBILITY_TIMEOUT) to see it now.
"""

import time
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Result, Upload
from assessments.risk.models import RiskRun
from assessments.risk.services import risk_list_recompute
from core.models import Job
from core.tasks import STALE_MESSAGE, jobs_expire_stale, stale_after
from reports.models import Report
from reports.services import report_build, report_order
from schools.models import SchoolStatus
from tests.faults.baselines import results_baseline, results_file, results_stored, without_commit
from tests.support.risk import make_listed
from tests.support.runtime import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.worker]
Y = 2023


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def job_finished(job_id: int) -> Job:
    return wait_for(lambda: Job.objects.filter(pk=job_id, status__in=["done", "failed"]).first(), timeout=60)


def expire_stale(job_id: int) -> None:
    """As the beat task does once the job has been 'running' past the hard time limit: moved back, not waited."""
    Job.objects.filter(pk=job_id).update(started_at=timezone.now() - stale_after() - timedelta(minutes=1))
    assert jobs_expire_stale() == 1


# -- (a) results import ------------------------------------------------------------------------------------------------


def upload_started(user, content: bytes) -> Upload:
    """The upload page's POST: the file is kept and its processing queued."""
    client = Client()
    client.force_login(user)
    response = client.post("/assessments/upload/", {"file": SimpleUploadedFile("результаты.xlsx", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Upload.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def test_import_killed_mid_write_leaves_no_rows_and_the_retry_imports_it_whole(workers, users, client):
    user, content = users["methodologist"], results_file()
    expected = results_baseline(user, content)
    workers.start(pause="results_written")
    upload = upload_started(user, content)
    workers.kill(workers.wait_paused())

    upload.refresh_from_db()
    assert (Result.objects.count(), upload.status, upload.job.status) == (0, "running", "running")

    expire_stale(upload.job_id)
    upload.refresh_from_db()
    client.force_login(user)
    page = client.get(f"/assessments/uploads/{upload.pk}/").content.decode()
    assert (upload.status, upload.job.status) == ("failed", "failed")
    assert STALE_MESSAGE in page and "Повторить" in page and default_storage.exists(upload.file)

    old_job = upload.job_id
    response = api(user).post(f"/api/v1/uploads/{upload.pk}/retry/", {}, format="json")
    assert response.status_code == 202
    upload.refresh_from_db()
    # The second worker gets the retry (a new job) and, restored by Redis, the dead worker's message of the old one,
    # which must not import again nor overwrite the upload's counts.
    workers.start(visibility_timeout=1)
    assert job_finished(upload.job_id).status == "done"
    workers.wait_log(f"has a newer job than {old_job}")
    upload.refresh_from_db()
    assert (upload.status, upload.created, upload.unchanged) == ("imported", len(expected), 0)
    assert results_stored() == expected and Job.objects.get(pk=old_job).status == "failed"


def test_import_redelivered_to_another_worker_imports_it_whole(workers, users):
    user, content = users["methodologist"], results_file()
    expected = results_baseline(user, content)
    workers.start(pause="results_written")
    upload = upload_started(user, content)
    workers.kill(workers.wait_paused())
    assert Result.objects.count() == 0

    workers.start(visibility_timeout=1)  # nobody retried: Redis hands the unacknowledged message over
    job = job_finished(upload.job_id)
    upload.refresh_from_db()
    assert (job.status, job.attempts, upload.status, upload.created) == ("done", 2, "imported", len(expected))
    assert results_stored() == expected


def test_import_child_killed_in_prefork_pool_is_requeued_at_once(workers, users):
    """Production's pool (prefork): a child killed by the OOM killer is noticed by its parent, which puts the
    message back (task_reject_on_worker_lost) for the next child; no visibility timeout involved."""
    user, content = users["methodologist"], results_file()
    expected = results_baseline(user, content)
    parent = workers.start(pause="results_written", pool="prefork")
    upload = upload_started(user, content)
    child = workers.wait_paused()
    assert child != parent.pid
    workers.kill(child)
    job = job_finished(upload.job_id)
    assert (job.status, job.attempts, results_stored()) == ("done", 2, expected)


def test_whole_worker_killed_mid_import_is_run_again_by_itself_within_two_minutes(workers, users, client):
    """The container's end: the worker's main process and its pool child SIGKILLed at once, mid-write. Nobody puts
    the message back (Redis would, after its two-hour visibility timeout). The job's heartbeat stops; the beat's
    watch of a worker that comes back notices it and queues the job again; the file is imported as by a run that
    was never interrupted, and the upload's page says what happened. The heartbeat's timeout is shortened here
    (10 s instead of 60 s, a watch every 2 s instead of 30 s); what is measured is the whole way back."""
    user, content = users["methodologist"], results_file()
    expected = results_baseline(user, content)
    fast = {"JOB_HEARTBEAT_SECONDS": "1", "JOB_STALE_SECONDS": "10", "JOBS_WATCH_SECONDS": "2"}
    first = workers.start(pause="results_written", pool="prefork", env=fast)
    upload = upload_started(user, content)
    assert workers.wait_paused() != first.pid  # the import runs in the pool's child, its transaction open
    # The heartbeat goes on while the import's transaction is open: it has a connection of its own.
    beaten = Job.objects.get(pk=upload.job_id).heartbeat_at
    assert beaten is not None
    wait_for(lambda: Job.objects.get(pk=upload.job_id).heartbeat_at > beaten, timeout=15)

    workers.kill_all(first)
    killed = time.monotonic()
    upload.refresh_from_db()
    assert (Result.objects.count(), upload.status, upload.job.status) == (0, "running", "running")

    workers.start(pool="prefork", beat=True, env=fast)  # the worker's container comes back, beat with it
    job = wait_for(lambda: Job.objects.filter(pk=upload.job_id, status__in=["done", "failed"]).first(), timeout=120)
    back_in = time.monotonic() - killed
    upload.refresh_from_db()
    assert (job.status, job.attempts, job.params["interrupted"]) == ("done", 2, 1), job.error
    assert (upload.status, upload.created, upload.updated) == ("imported", len(expected), 0)
    assert results_stored() == expected and back_in < 120
    workers.wait_log(f"job {job.pk}: its worker stopped")
    client.force_login(user)
    page = client.get(f"/assessments/uploads/{upload.pk}/").content.decode()
    assert "Обработчик остановился во время загрузки; загрузка перезапущена автоматически." in page


def test_whole_worker_killed_twice_fails_the_upload_with_the_retry_offered(workers, users, client):
    """It dies again on the rerun (the file takes the worker down, say): the upload is failed, its page says to
    start it again and offers «Повторить», and that retry imports it whole."""
    user, content = users["methodologist"], results_file()
    expected = results_baseline(user, content)
    fast = {"JOB_HEARTBEAT_SECONDS": "1", "JOB_STALE_SECONDS": "10", "JOBS_WATCH_SECONDS": "2"}
    first = workers.start(pause="results_written", pool="prefork", env=fast)
    upload = upload_started(user, content)
    workers.wait_paused()
    workers.kill_all(first)
    workers.signal.unlink()  # the rerun stops at the same point, to be killed as well
    second = workers.start(pool="prefork", beat=True, pause="results_written", env=fast)
    workers.wait_paused(timeout=120)
    workers.kill_all(second)

    workers.start(pool="prefork", beat=True, env=fast)
    job = wait_for(lambda: Job.objects.filter(pk=upload.job_id, status__in=["done", "failed"]).first(), timeout=120)
    upload.refresh_from_db()
    error = (
        "Обработчик повторно остановился во время загрузки (сбой или перезапуск процесса, нехватка памяти); "
        "запустите загрузку ещё раз."
    )
    assert (job.status, job.error, upload.status, Result.objects.count()) == ("failed", error, "failed", 0)
    client.force_login(user)
    page = client.get(f"/assessments/uploads/{upload.pk}/").content.decode()
    assert error in page and "Повторить" in page
    response = client.post(f"/assessments/uploads/{upload.pk}/confirm/", {"dry_run": "0"})
    assert response.status_code == 302
    upload.refresh_from_db()
    assert job_finished(upload.job_id).status == "done"
    upload.refresh_from_db()
    assert (upload.status, upload.created, results_stored()) == ("imported", len(expected), expected)


# -- (b) ШНОР recompute ------------------------------------------------------------------------------------------------

STATUS_FIELDS = ("school__code", "year", "kind", "source", "reasons", "rule_version")


def risk_stored() -> list[tuple]:
    return sorted(SchoolStatus.objects.filter(source="computed").values_list(*STATUS_FIELDS), key=repr)


@pytest.fixture
def changed_lists(two_municipalities):
    """The list of Y holds A-1 (and B-1, which a recompute of A leaves alone); then the results change so that a
    recompute of A lists A-2 instead."""
    w = two_municipalities
    make_listed(w["a1"])
    make_listed(w["b1"])
    risk_list_recompute(year=Y)
    Result.objects.filter(school=w["a1"]).update(marks_2=0)
    make_listed(w["a2"])
    return w


def recompute_started(user) -> int:
    response = api(user).post(f"/api/v1/risk-lists/{Y}/recompute/", {"municipality": "A01"})
    assert response.status_code == 202, response.content
    return response.json()["job"]


def test_recompute_killed_mid_replace_keeps_the_previous_list_and_the_retry_replaces_it(
    workers, users, changed_lists, client
):
    user, before = users["head"], risk_stored()
    expected = without_commit(
        lambda: (risk_list_recompute(year=Y, municipality_ids=[changed_lists["a"].pk]), risk_stored())[1]
    )
    assert expected != before
    workers.start(pause="risk_list_replaced")
    job_id = recompute_started(user)
    workers.kill(workers.wait_paused())
    assert (risk_stored(), RiskRun.objects.count(), Job.objects.get(pk=job_id).status) == (before, 1, "running")

    expire_stale(job_id)
    client.force_login(user)
    page = client.get(f"/jobs/{job_id}/").content.decode()
    assert STALE_MESSAGE in page and f'action="/jobs/{job_id}/retry/"' in page
    assert client.post(f"/jobs/{job_id}/retry/").status_code == 302  # the page's «Повторить»

    workers.start(visibility_timeout=1)  # the retry and the dead worker's message of the same job: one run
    job = job_finished(job_id)
    workers.wait_log(f"job {job_id} is already done")
    assert (job.status, risk_stored(), RiskRun.objects.count()) == ("done", expected, 2)


# -- (c) PDF report ----------------------------------------------------------------------------------------------------


def report_baseline(user) -> Report:
    report = Report.objects.create(kind="vpr-note", municipality=user.municipality, year=Y, created_by=user)
    return report_build(report=report)


def assert_same_pdf(report: Report, baseline: Report) -> None:
    """The same document as an uninterrupted build: its pages, a whole PDF, the size give or take the footer's
    «сформировано <time>»."""
    with default_storage.open(report.file, "rb") as f:
        pdf = f.read()
    assert (report.status, report.pages, pdf[:5], pdf.rstrip()[-5:]) == ("done", baseline.pages, b"%PDF-", b"%%EOF")
    assert baseline.size is not None
    assert abs(len(pdf) - baseline.size) < baseline.size * 0.02


@pytest.fixture
def report_data(two_municipalities):
    for school in (two_municipalities["a1"], two_municipalities["a2"]):
        make_listed(school, year=Y + 1)  # VPR results of Y, grade 5
    return two_municipalities


def test_report_killed_after_writing_the_file_is_not_ready_and_the_retry_builds_it(workers, users, report_data, client):
    user = users["head"]
    baseline = report_baseline(user)
    workers.start(pause="report_file_saved")
    report = report_order(user=user, kind="vpr-note", municipality_code="A01", year=Y)
    workers.kill(workers.wait_paused())

    report.refresh_from_db()
    client.force_login(user)
    assert report.status == "running" and default_storage.exists(f"reports/{report.pk}/{report.filename}")
    assert client.get(f"/reports/{report.pk}/download/").status_code == 404

    expire_stale(report.job_id)
    report.refresh_from_db()
    listing = client.get("/reports/").content.decode()
    assert report.status == "failed" and "Ошибка" in listing and f"/jobs/{report.job_id}/" in listing

    response = api(user).post(f"/api/v1/jobs/{report.job_id}/retry/")
    assert (response.status_code, response.json()["status"]) == (202, "pending")
    workers.start(visibility_timeout=1)
    assert job_finished(report.job_id).status == "done"
    workers.wait_log(f"job {report.job_id} is already done")
    report.refresh_from_db()
    assert_same_pdf(report, baseline)
    assert report.file == f"reports/{report.pk}/{report.filename}"  # the dead build's file replaced, not beside it
    download = client.get(f"/reports/{report.pk}/download/")
    download.close()
    assert download.status_code == 200
