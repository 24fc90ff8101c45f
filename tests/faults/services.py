"""What the fault tests start for themselves and need from the machine: a free loopback port, a private
redis-server, the web process's Celery app pointed at it; and `need`, which skips locally and fails under CI."""

import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.runtime import IN_CI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need(condition: bool, why: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"CI: тесту отказов нужен {why}")
        pytest.skip(why)


class RedisServer:
    """redis-server on a free loopback port, persisting like production's (appendonly) into a temporary folder."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.folder),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # redis-server shuts down cleanly on SIGTERM, writing its append-only file
            self.process.wait(timeout=10)


@contextmanager
def app_broker(url: str):
    """The Celery app of this (the web) process sends to `url` for the block; its connection pools are dropped on
    both ends (kombu keeps them in a process-wide registry, by URL), so nothing reuses a closed one."""
    from kombu import pools

    from config.celery import app

    def reset():
        pools.reset()
        app._pool = None
        if "amqp" in app.__dict__:
            app.amqp._producer_pool = None

    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=url)
    reset()
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset()
