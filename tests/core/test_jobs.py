import pytest
from rest_framework.test import APIClient

from core.jobs import job_create, job_enqueue, job_run
from core.models import Job
from tests.conftest import wait_for

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
    from tests.schools.test_registry_import import GOOD, xlsx

    path = upload_store(content=xlsx(GOOD), filename="r.xlsx", folder="registry")
    job = job_create(kind="registry_import", title="реестр", user=users["admin"], params={"path": path, "filename": "r.xlsx"})
    registry_import_task.apply_async(args=(job.pk,))
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=["done", "failed"]).first())
    assert (job.status, job.result["created"], School.objects.filter(code__in=["S-1", "F-1"]).count()) == ("done", 2, 2)


@pytest.mark.worker
def test_on_commit_enqueue_reaches_worker(celery_worker, users):
    from core.tasks import jobs_expire_stale  # noqa: F401  (the worker must know the task module)
    from schools.tasks import registry_import_task

    job = job_create(kind="registry_import", title="нет файла", user=users["admin"], params={"path": "missing.xlsx", "filename": "x.xlsx"})
    job_enqueue(job=job, task=registry_import_task)  # transactional test: on_commit fires at once
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, status="failed").first())
    assert job.attempts == 1 and job.error
