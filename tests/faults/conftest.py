"""Private services for the fault tests: a Redis of the test's own (stopped and started at will, never the shared
one), real Celery workers that can be SIGKILLed (tests/faults/worker.py), and the app pointed at that Redis."""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import suppress
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.services import RedisServer, app_broker, need
from tests.support.runtime import ROOT


@pytest.fixture
def private_redis(tmp_path):
    need(shutil.which("redis-server") is not None, "redis-server")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


class Workers:
    """Start real workers (tests/faults/worker.py) on the test's database and a private Redis; SIGKILL them."""

    def __init__(self, broker_url: str, media_root: str, folder: Path):
        self.broker_url, self.media_root, self.folder = broker_url, media_root, folder
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(
        self,
        *,
        pause: str = "",
        visibility_timeout: float | None = None,
        pool: str = "solo",
        beat: bool = False,
        env: dict[str, str] | None = None,
    ) -> subprocess.Popen:
        """A worker; with `beat`, running the beat schedule too (`-B`, as the beat container does); `env` adds or
        overrides settings of its environment (JOB_STALE_SECONDS, …)."""
        from config.celery import app

        db = connection.settings_dict
        node = f"fault-{uuid.uuid4().hex[:8]}@localhost"
        extra, env = (
            env or {},
            {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings_test",
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
                "REDIS_URL": self.broker_url,
                "CELERY_EAGER": "false",
                "MEDIA_ROOT": self.media_root,
                "OPORA_FAULT_PAUSE": pause,
                "OPORA_FAULT_SIGNAL": str(self.signal),
            },
        )
        if visibility_timeout is not None:
            env["OPORA_FAULT_VISIBILITY_TIMEOUT"] = str(visibility_timeout)
        env.update(extra)
        log = self.folder / f"{node.split('@')[0]}.log"
        args = [
            "worker",
            "-Q",
            "default,imports,reports",
            "-n",
            node,
            f"--pool={pool}",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ]
        if beat:
            args += ["-B", "-s", str(self.folder / f"beat-{node.split('@')[0]}")]
        with log.open("w") as output:
            # Its own session: kill_all takes the whole worker (main process, pool, beat) as the end of a container.
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.faults.worker", *args],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        self.logs.append(log)
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"обработчик Celery не запустился:\n{log.read_text()[-3000:]}")
        return process

    @property
    def signal(self) -> Path:
        return self.folder / "paused"

    def wait_paused(self, timeout: float = 60) -> int:
        """Wait until a task stops at its pause point; the pid of the process running it."""
        deadline = time.monotonic() + timeout
        while not self.signal.exists():
            if time.monotonic() > deadline:
                logs = "\n".join(log.read_text()[-2000:] for log in self.logs)
                pytest.fail(f"задача не дошла до точки остановки:\n{logs}")
            time.sleep(0.05)
        return int(self.signal.read_text().split()[1])

    def wait_log(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in log.read_text() for log in self.logs):
            if time.monotonic() > deadline:
                pytest.fail(f"в журнале обработчиков нет «{text}»")
            time.sleep(0.1)

    def kill(self, pid: int) -> None:
        """SIGKILL: no exception handler, no finally, no ack. What an OOM kill or a pulled plug does."""
        os.kill(pid, signal.SIGKILL)
        for process in self.processes:
            if process.pid == pid:
                process.wait(timeout=10)

    def kill_all(self, process: subprocess.Popen) -> None:
        """SIGKILL the whole worker at once: its main process and every pool child (its process group), as an
        out-of-memory kill of the container or a `docker kill` does. Nobody is left to put its message back."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):  # its pool children too: one paused in a task holds a transaction
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def workers(django_db_serialized_rollback, transactional_db, settings, private_redis, tmp_path):
    """Workers on this test's PostgreSQL database and a private Redis, which this process sends to as well.

    Serialized rollback, as for tests.conftest.celery_worker: the workers need committed data, and the reference
    data of migrations must come back after the transactional test empties the tables."""
    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    pool = Workers(private_redis.url, str(settings.MEDIA_ROOT), tmp_path)
    with app_broker(private_redis.url):
        try:
            yield pool
        finally:
            pool.stop_all()
