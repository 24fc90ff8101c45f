"""PostgreSQL restarted under load: the portal (gunicorn, as deployed) answers again without being restarted.

A private cluster (initdb into a temporary folder, a free loopback port), holding a copy of this test's database;
never the shared cluster on 5432. Django keeps connections open (CONN_MAX_AGE) and checks them before each request
(CONN_HEALTH_CHECKS): the connections the restart broke are replaced on the next request."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.faults.services import free_port, need
from tests.support.runtime import ROOT

pytestmark = pytest.mark.faults

# Debian's server binaries (initdb, pg_ctl are not on PATH); the newest installed version.
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default=Path("/none"))


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="opora-pg-"))
        self.data, self.port = self.folder / "data", free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/opora"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")

    def ctl(self, *args: str) -> None:
        as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w", *args])

    def start(self) -> None:
        as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C.UTF-8",
            ]
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self.ctl("-o", options, "start")

    def copy_database(self, source: dict) -> None:
        as_postgres([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "opora"])
        dump = subprocess.run(
            [
                str(PG_BIN / "pg_dump"),
                "-h",
                source["HOST"] or "127.0.0.1",
                "-p",
                str(source["PORT"] or 5432),
                "-U",
                source["USER"],
                "--no-owner",
                source["NAME"],
            ],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "opora",
            ],
            input=dump,
            check=True,
            capture_output=True,
        )

    def remove(self) -> None:
        try:
            self.ctl("-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster(django_db_serialized_rollback, transactional_db):
    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    need((PG_BIN / "initdb").exists(), "initdb из пакета postgresql (/usr/lib/postgresql/*/bin)")
    cluster = Cluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def portal(cluster, users):
    """gunicorn as docker-compose runs it (two sync workers), production settings, on the private cluster."""
    token = Token.objects.create(user=users["head"]).key
    cluster.copy_database(connection.settings_dict)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": cluster.url,
        "REDIS_URL": "",
        "DEBUG": "false",
        "SECRET_KEY": "fault-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }
    log = cluster.folder / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while get(base, token)[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn не запустился:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base, token, server
    finally:
        server.terminate()
        server.wait(timeout=20)


def get(base: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(f"{base}/api/v1/schools/", headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def gunicorn_workers(server: subprocess.Popen) -> set[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return {int(pid) for pid in children}


def test_portal_answers_again_after_postgresql_restarts_without_being_restarted(portal, cluster):
    base, token, server = portal
    workers_before = gunicorn_workers(server)

    # A quiet restart: each gunicorn worker holds a connection the restart closed. The health check finds it dead
    # and connects anew, so not even the first request fails (without CONN_HEALTH_CHECKS the first one per worker
    # does: 500, 500, 200, …).
    assert {get(base, token)[0] for _ in range(6)} == {200}
    cluster.ctl("-m", "fast", "restart")
    assert [get(base, token)[0] for _ in range(6)] == [200] * 6

    # A restart under load: requests fail only while the server is down, and all succeed after.
    answers: list[tuple[float, int]] = []
    stop = threading.Event()

    def load():
        while not stop.is_set():
            status, body = get(base, token)
            if status == 200 and json.loads(body)["count"] != 2:  # the head's municipality: two schools
                status = -1
            answers.append((time.monotonic(), status))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(1)
    restart_began = time.monotonic()
    cluster.ctl("-m", "fast", "restart")
    restarted = time.monotonic()
    time.sleep(2)
    stop.set()
    for t in threads:
        t.join(timeout=15)

    before = [s for at, s in answers if at < restart_began]
    after = [s for at, s in answers if at > restarted + 0.5]
    failed = [at for at, s in answers if s != 200]
    summary = (
        f"{len(answers)} requests, restart {restarted - restart_began:.1f} s, {len(failed)} failed "
        f"over {(max(failed) - min(failed)) if failed else 0:.1f} s"
    )
    print(summary)
    assert set(before) == {200} and len(before) > 5, summary
    assert set(after) == {200} and len(after) > 5, summary
    assert all(restart_began <= at <= restarted + 0.5 for at in failed), summary
    assert server.poll() is None and gunicorn_workers(server) == workers_before  # nothing was restarted
