"""Redis down: uploads are kept and the user is told in Russian; pages that use the cache still answer; once Redis is
back, the retry processes the kept file. A private redis-server, stopped and started by the test (never the shared
one). Redis hung (the connection open, no answer): the same, in seconds rather than never."""

import socket
import threading
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import UserRateThrottle

from assessments.models import Result, Upload
from config.celery import app
from core.jobs import QUEUE_UNAVAILABLE
from tests.faults.baselines import RESULT_FIELDS, results_baseline, results_file
from tests.faults.services import app_broker, need
from tests.support.risk import make_listed
from tests.support.runtime import wait_for

pytestmark = pytest.mark.faults


def cache_at(settings, url: str) -> None:
    """The cache on that Redis, configured as in production (config/settings.py with REDIS_URL)."""
    need(settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache", "REDIS_URL (кэш на Redis)")
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}


@pytest.fixture
def redis_cache(settings, private_redis):
    cache_at(settings, private_redis.url)
    from django.core.cache import cache

    cache.set("probe", 1)
    assert cache.get("probe") == 1


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.mark.worker
def test_uploads_during_redis_outage_are_kept_told_and_retried_once_it_is_back(
    workers, private_redis, redis_cache, users, two_municipalities, client
):
    user = users["methodologist"]
    content = results_file()
    expected = results_baseline(user, content)
    make_listed(two_municipalities["a1"], year=2022)  # results with charts: the school's page reads the cache
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    private_redis.stop()

    page, page_seconds = timed(
        lambda: client.post(
            "/assessments/upload/", {"file": SimpleUploadedFile("результаты.xlsx", content)}, follow=True
        )
    )
    by_page = Upload.objects.get(pk=page.resolver_match.kwargs["pk"])
    text = page.content.decode()
    assert page.status_code == 200 and QUEUE_UNAVAILABLE in text and "Повторить" in text
    assert by_page.status == "failed" and default_storage.exists(by_page.file)

    sent, api_seconds = timed(
        lambda: api.post("/api/v1/uploads/", {"file": SimpleUploadedFile("results.xlsx", content)}, format="multipart")
    )
    body = sent.json()
    by_api = Upload.objects.get(pk=body["id"])
    assert (sent.status_code, body["status"], body["error"]) == (202, "failed", QUEUE_UNAVAILABLE)
    assert api.get(f"/api/v1/uploads/{by_api.pk}/").json()["error"] == QUEUE_UNAVAILABLE
    assert default_storage.exists(by_api.file) and max(page_seconds, api_seconds) < 10

    # Pages that draw cached charts, and the API's throttling (cache-backed in production), do without the cache.
    assert client.get("/assessments/school/A-1/").status_code == 200
    assert client.get("/assessments/municipality/A01/").status_code == 200
    request = APIRequestFactory().get("/api/v1/schools/")
    request.user = user
    assert UserRateThrottle().allow_request(request, None)

    private_redis.start()
    workers.start()
    # The user's two ways back: «Повторить» on the upload page, POST …/retry/ in the API.
    assert client.post(f"/assessments/uploads/{by_page.pk}/confirm/", {"dry_run": "0"}).status_code == 302
    assert api.post(f"/api/v1/uploads/{by_api.pk}/retry/", {}, format="json").status_code == 202
    wait_for(lambda: set(Upload.objects.values_list("status", flat=True)) == {"imported"}, timeout=60)
    counts = sorted(Upload.objects.values_list("created", "unchanged"))
    assert counts == [(0, len(expected)), (len(expected), 0)]  # the same file twice: imported once, then unchanged
    imported = Result.objects.filter(school__code__in=["A-1", "A-2"], year__gte=2023)
    assert sorted(imported.values_list(*RESULT_FIELDS)) == expected


@pytest.fixture
def hung_redis():
    """Accepts connections and never answers: a Redis stopped (SIGSTOP) or cut off behind a NAT."""
    server = socket.create_server(("127.0.0.1", 0))
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()
    for conn in held:
        conn.close()


def test_a_hung_redis_refuses_uploads_in_seconds_and_pages_still_answer(
    hung_redis, settings, users, two_municipalities, client, django_capture_on_commit_callbacks
):
    cache_at(settings, hung_redis)
    make_listed(two_municipalities["a1"], year=2022)
    user = users["methodologist"]
    api = APIClient()
    api.force_authenticate(user)
    client.force_login(user)
    assert app.conf.broker_transport_options.get("socket_timeout")  # without it the request below never returns
    started = time.monotonic()
    with app_broker(hung_redis), django_capture_on_commit_callbacks(execute=True):  # sent as after a real commit
        sent = api.post("/api/v1/uploads/", {"file": SimpleUploadedFile("r.xlsx", results_file())}, format="multipart")
    seconds = time.monotonic() - started
    body = api.get(f"/api/v1/uploads/{sent.json()['id']}/").json()
    assert (sent.status_code, body["status"], body["error"], seconds < 20) == (202, "failed", QUEUE_UNAVAILABLE, True)
    assert default_storage.exists(Upload.objects.get(pk=body["id"]).file)
    page, seconds = timed(lambda: client.get("/assessments/school/A-1/"))
    assert (page.status_code, seconds < 20) == (200, True)
