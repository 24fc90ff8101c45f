import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MunicipalityFactory, SchoolFactory, UserFactory, curator_assign
from tests.query_counts import EXACT, QUERY_COUNTS
from tests.support.runtime import IN_CI, ROOT

# Fixtures shared across folders, found without imports.
pytest_plugins = ["tests.support.indicator_world"]


@pytest.fixture
def two_municipalities(db):
    """Municipality A with two schools (one a branch) and municipality B with one, in one region."""
    a = MunicipalityFactory(code="A01", name="Район А")
    b = MunicipalityFactory(code="B01", name="Район Б", region=a.region)
    a1 = SchoolFactory(code="A-1", municipality=a, short_name="МБОУ СОШ № 1 (А)")
    a2 = SchoolFactory(code="A-2", municipality=a, parent=a1, type="филиал", short_name="Филиал СОШ № 1 (А)")
    b1 = SchoolFactory(code="B-1", municipality=b, short_name="МБОУ СОШ № 1 (Б)")
    return {"a": a, "b": b, "a1": a1, "a2": a2, "b1": b1}


@pytest.fixture
def users(two_municipalities):
    """One user of each role, all scoped to municipality A (or its school), plus a head of B."""
    w = two_municipalities
    curator = UserFactory(username="curator_a", role="curator", municipality=w["a"])
    curator_assign(curator, w["a1"])
    return {
        "admin": UserFactory(
            username="admin", role="admin", municipality=None, region=None, is_superuser=True, is_staff=True
        ),
        "regional": UserFactory(username="regional", role="regional", municipality=None, region=w["a"].region),
        "head": UserFactory(username="head_a", role="head", municipality=w["a"]),
        "methodologist": UserFactory(username="method_a", role="methodologist", municipality=w["a"]),
        "curator": curator,
        "school_admin": UserFactory(username="school_a", role="school_admin", municipality=w["a"], school=w["a1"]),
        "api_client": UserFactory(username="api_a", role="api_client", municipality=w["a"]),
        "head_b": UserFactory(username="head_b", role="head", municipality=w["b"]),
    }


@pytest.fixture
def query_budget():
    """`with query_budget("schools.page.list"):` holds the block to its baseline in tests/query_counts.py (a ceiling,
    or the exact count for the names in EXACT) and yields the captured queries. Over it, the failure names the
    baseline and lists the queries."""

    @contextmanager
    def budget(name: str):
        if name not in QUERY_COUNTS:
            pytest.fail(f"нет базового числа запросов «{name}» в tests/query_counts.py")
        baseline, exact = QUERY_COUNTS[name], name in EXACT
        with CaptureQueriesContext(connection) as captured:
            yield captured
        count = len(captured)
        if count > baseline or (exact and count != baseline):
            queries = "\n".join(f"  {n}. {q['sql']}" for n, q in enumerate(captured.captured_queries, 1))
            pytest.fail(
                f"query count «{name}»: {count}, baseline {'exactly ' if exact else 'at most '}{baseline} "
                f"(tests/query_counts.py)\n{queries}"
            )

    return budget


def _services_available() -> tuple[bool, str]:
    if connection.vendor != "postgresql":
        return False, "нужен PostgreSQL (DATABASE_URL)"
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        return False, "нужен Redis (REDIS_URL)"
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return False, f"Redis не отвечает: {exc}"
    return True, ""


@pytest.fixture
def celery_worker(django_db_serialized_rollback, transactional_db, settings):
    """A real Celery worker process, consuming from Redis and writing to this test's PostgreSQL database.

    Serialized rollback: the worker needs committed data, and the reference data of migrations (subjects, the
    rule's first version) must come back after the transactional test empties the tables."""
    ok, why = _services_available()
    if not ok:
        if IN_CI:
            pytest.fail(f"CI: тесту нужен настоящий обработчик Celery, но {why}")
        pytest.skip(why)
    from config.celery import app

    suffix = uuid.uuid4().hex[:8]
    queues = {name: f"{name}-{suffix}" for name in ("default", "imports", "reports")}
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_DEFAULT_QUEUE": queues["default"],
        "CELERY_IMPORT_QUEUE": queues["imports"],
        "CELERY_REPORT_QUEUE": queues["reports"],
        "CELERY_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    node = f"test-{suffix}@localhost"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            ",".join(queues.values()),
            "-n",
            node,
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    saved = {k: app.conf[k] for k in ("task_always_eager", "task_default_queue", "task_routes", "broker_url")}
    app.conf.update(
        task_always_eager=False,
        task_default_queue=queues["default"],
        task_routes={
            "assessments.tasks.*": {"queue": queues["imports"]},
            "reports.tasks.*": {"queue": queues["reports"]},
        },
        broker_url=os.environ["REDIS_URL"],
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.poll() is not None else ""
                pytest.fail(f"обработчик Celery не запустился:\n{output[-3000:]}")
        yield process
    finally:
        app.conf.update(saved)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def pytest_collection_modifyitems(items):
    """A module's `pytestmark = pytest.mark.django_db` hides the `django_db_serialized_rollback` fixture from
    pytest-django when it decides whether to serialize the test database; say it with the marker too, so that the
    worker tests get the reference data back whatever else is selected."""
    for item in items:
        if "celery_worker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        # A transactional test's flush re-creates the content types with new ids (post_migrate); the next test
        # that restores the serialized database then clashes with them. Every transactional test serializes.
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)
