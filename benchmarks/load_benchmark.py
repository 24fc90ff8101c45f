"""Load: 50 signed-in people and 5 uploaders against gunicorn (2 workers) and a real Celery worker, for 5 minutes.

    .venv/bin/python benchmarks/load_benchmark.py [--duration 300] [--write-readme]

What it does, all on 127.0.0.1:
  1. (Re)creates the PostgreSQL database `opora_load` (only names starting with `opora_load` are ever dropped),
     migrates it and loads `seed_demo` (81 schools, five years of results 2021–2025, programmes, support records).
  2. Collects static files with production settings into the work directory: the servers run `config.settings`
     through a two-line module in the work directory that only moves STATIC_ROOT there, so the repository's
     `staticfiles/` is left alone.
  3. Starts gunicorn exactly as docker-compose does (2 sync workers) with DEBUG=false, a random SECRET_KEY and
     ALLOWED_HOSTS=127.0.0.1, and a Celery worker on the queues default, imports and reports (concurrency 2) with
     Redis database 13 as its broker and cache. Every request carries `X-Forwarded-Proto: https`, as the TLS proxy
     in front of the portal would, so the HTTPS redirect and the secure cookies behave as in production.
  4. Warm-up (not counted): each demo login opens each of its URLs once, and every session signs in, two at a time.
     Then, on the clock, each of 50 simulated people opens pages of its role (dashboards, lists, the ШНОР list,
     indicators, dossiers, API lists, an occasional export) with a think time between clicks, and signs out and in
     again after a few dozen pages; the API client reads the API with its token. Five uploaders (school_admin and
     methodologist) send valid results files for their schools, through the upload page (check first, then import,
     polling the progress fragment as the page does) or through `POST /api/v1/uploads/` with a token (polling the
     upload), then wait before the next one.
  5. Prints p50/p95/p99 per kind of page, throughput, errors (any status ≥ 400 or exception) and upload completion
     times; `--write-readme` puts them in the «Load» section of benchmarks/README.md.

Targets (issue #9): no errors; p95 of pages under 500 ms. Exit code 1 when a target is missed.
"""

import argparse
import datetime as dt
import io
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "opora-demo-2026"
HOST = "127.0.0.1"
PAGE_TARGET_MS = 500

# Who the 50 people are: (demo login, how many sessions). Several sessions may share one login, as colleagues
# sharing an account would; the API user reads the API with its token only.
MIX = [
    ("head", 6),
    ("head_novgorod", 3),
    ("head_slavyansk", 3),
    ("methodologist", 10),
    ("curator", 8),
    ("school_admin", 10),
    ("regional", 4),
    ("admin", 2),
    ("api_client", 4),
]
# Uploaders: (login, channel). Page: check, then import, as a person does; API: one POST, as a system does.
UPLOADERS = [
    ("school_admin", "page"),
    ("methodologist", "api"),
    ("school_admin", "api"),
    ("methodologist", "page"),
    ("methodologist", "page"),
]
DOSSIER_SCHOOLS = 8  # schools whose pages each login opens
PAGE_KINDS = ("home", "dashboard", "list", "shnor", "indicators", "dossier", "programme", "api")


# ---------------------------------------------------------------------------------------------------------------------
# Preparation: database, static files, tokens, the URLs each login may open, the upload files


def run(cmd: list[str], env: dict, what: str) -> None:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        sys.exit(f"{what}: ошибка\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    print(f"  {what}: {time.perf_counter() - started:.0f} с")


def database_recreate(server: str, name: str) -> None:
    import psycopg

    if not name.startswith("opora_load"):
        sys.exit("Имя базы должно начинаться с opora_load: скрипт удаляет её и создаёт заново.")
    with psycopg.connect(f"postgresql://{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def base_env(opts, workdir: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "CSRF_TRUSTED_ORIGINS",
            "SECURE_SSL_REDIRECT",
            "MEDIA_ROOT",
            "DJANGO_SETTINGS_MODULE",
        )
    }
    env.update(
        {
            "DATABASE_URL": f"postgres://{opts.db_server}/{opts.database}",
            "MEDIA_ROOT": str(workdir / "media"),
            "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "opora_load_settings",
        }
    )
    return env


def production_env(env: dict, secret: str) -> dict:
    return {**env, "DEBUG": "false", "SECRET_KEY": secret, "ALLOWED_HOSTS": HOST}


def settings_write(workdir: Path) -> None:
    (workdir / "opora_load_settings.py").write_text(
        '"""Production settings of Опора, with static files collected into the load run\'s own directory."""\n'
        "from config.settings import *  # noqa: F403\n\n"
        f'STATIC_ROOT = "{workdir / "static"}"\n',
        encoding="utf-8",
    )


@dataclass
class Plan:
    """What each login may open (kind, url, weight), API tokens, and the upload files."""

    urls: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    files: dict[str, list[tuple[str, bytes, int]]] = field(default_factory=dict)  # login → (name, bytes, rows)
    schools: int = 0
    results: int = 0


def plan_build(env: dict, logins: set[str], uploaders: set[str]) -> Plan:
    """In this process, against the prepared database: Django reads the scopes the pages will apply."""
    os.environ.update(env)
    sys.path[:0] = [p for p in env["PYTHONPATH"].split(os.pathsep)]
    import django

    django.setup()
    from rest_framework.authtoken.models import Token

    from assessments.models import Result
    from programs.indicators.models import Indicator
    from programs.models import Program
    from schools.models import Municipality, Role, School, User

    plan = Plan(schools=School.objects.count(), results=Result.objects.count())
    year = Result.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        sys.exit("В базе нет результатов: сначала загрузите данные (seed_demo).")
    for login in sorted(logins):
        user = User.objects.get(username=login)
        # A person looks at a handful of schools, not at every school of the region.
        schools = list(School.objects.visible_to(user).order_by("code").values_list("code", flat=True))
        schools = random.Random(login).sample(schools, min(len(schools), DOSSIER_SCHOOLS))
        municipalities = list(Municipality.objects.visible_to(user).values_list("code", flat=True))
        programs = list(Program.objects.filter(municipality__code__in=municipalities).values_list("code", flat=True))
        indicators = list(Indicator.objects.filter(program__code__in=programs).values_list("program__code", "code"))
        urls: list[tuple[str, str, int]] = []
        if user.role == Role.API_CLIENT:
            plan.tokens[login] = Token.objects.get_or_create(user=user)[0].key
        else:
            urls += [
                ("home", "/", 3),
                ("list", "/schools/", 3),
                ("list", "/assessments/", 2),
                ("list", f"/assessments/?year={year - 1}", 2),
                ("list", "/programs/", 1),
                ("list", "/programs/documents/", 1),
                ("list", "/reports/", 1),
                ("list", "/mentoring/", 1),
                ("list", "/mentoring/visits/", 1),
                ("list", "/mentoring/teachers/", 1),
                ("list", "/mentoring/events/", 1),
                ("shnor", "/risk/", 4),
                ("shnor", "/risk/watch/", 1),
                ("indicators", "/indicators/", 1),
            ]
            urls += [("dossier", f"/schools/{s}/", 1) for s in schools]
            urls += [("dossier", f"/assessments/school/{s}/", 1) for s in schools]
            urls += [("dossier", f"/reports/school/{s}/", 1) for s in schools]
            urls += [("programme", f"/programs/{p}/", 2) for p in programs]
            urls += [("programme", f"/programs/{p}/plan/", 2) for p in programs]
            urls += [("indicators", f"/indicators/{p}/", 3) for p in programs]
            urls += [("indicators", f"/indicators/{p}/{c}/", 1) for p, c in indicators]
            if user.role in (Role.HEAD, Role.METHODOLOGIST, Role.REGIONAL, Role.ADMIN):
                urls += [("dashboard", "/reports/dashboard/", 6), ("shnor", "/risk/differences/", 1)]
                urls += [("list", f"/assessments/municipality/{m}/", 1) for m in municipalities]
            if user.role in (Role.REGIONAL, Role.ADMIN):
                urls += [("dashboard", "/reports/region/", 4)]
        api = [
            ("/api/v1/schools/", 3),
            ("/api/v1/municipalities/", 1),
            (f"/api/v1/results/?year={year}", 3),
            (f"/api/v1/results/?school={schools[0]}", 1),
            (f"/api/v1/risk-lists/{year}/", 3),
            ("/api/v1/indicators/", 2),
            ("/api/v1/indicator-values/", 2),
            ("/api/v1/programs/", 2),
            ("/api/v1/jobs/", 1),
            ("/api/v1/events/", 1),
            ("/api/v1/curator-visits/", 1),
            ("/api/v1/teachers/", 1),
            ("/api/v1/uploads/", 1),
        ]
        urls += [("api", u, w) for u, w in api]
        urls += [
            ("export", "/api/v1/schools/?format=xlsx", 1),
            ("export", f"/api/v1/results/?year={year}&format=csv", 1),
        ]
        plan.urls[login] = urls

    rng = random.Random(2026)
    for login in sorted(uploaders):
        user = User.objects.get(username=login)
        if login not in plan.tokens:
            plan.tokens[login] = Token.objects.get_or_create(user=user)[0].key
        codes = set(School.objects.visible_to(user).values_list("code", flat=True))
        years = {year} if user.role == Role.SCHOOL_ADMIN else {year - 1, year}
        plan.files[login] = [results_file(rng, codes, years, f"{login}-{n}") for n in range(6)]
    from django.db import connections

    connections.close_all()
    return plan


def results_file(rng: random.Random, codes: set[str], years: set[int], stem: str) -> tuple[str, bytes, int]:
    """A valid contract-1.2 results table for these schools and years, with counts that differ from the stored ones."""
    import xlsxwriter

    from demo.results import _rows

    header = [
        "Код ОО",
        "Процедура",
        "Предмет",
        "Класс",
        "Год",
        "Участников",
        "«2»",
        "«3»",
        "«4»",
        "«5»",
        "«4» и «5»",
        "Подтвердили",
        "Понизили",
        "Повысили",
        "Ниже минимума",
        "Средний балл",
        "Высокие баллы",
    ]
    rows = [r for r in _rows(random.Random(rng.random())) if r[0] in codes and r[4] in years]
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("Результаты")
    sheet.write_row(0, 0, header)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, [str(v) for v in row])
    book.close()
    return f"результаты-{stem}.xlsx", buf.getvalue(), len(rows)


# ---------------------------------------------------------------------------------------------------------------------
# Servers


class Servers:
    def __init__(self, env: dict, port: int, workdir: Path):
        self.env, self.port, self.workdir = env, port, workdir
        self.procs: list[subprocess.Popen] = []

    def start(self) -> None:
        logs = self.workdir / "logs"
        logs.mkdir(exist_ok=True)
        bin_dir = Path(PYTHON).parent
        self.procs.append(
            subprocess.Popen(
                [
                    str(bin_dir / "gunicorn"),
                    "config.wsgi:application",
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "60",
                    "--error-logfile",
                    str(logs / "gunicorn.log"),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        self.worker_log = logs / "celery.log"
        self.procs.append(
            subprocess.Popen(
                [
                    str(bin_dir / "celery"),
                    "-A",
                    "config",
                    "worker",
                    "-Q",
                    "default,imports,reports",
                    "--concurrency",
                    "2",
                    "--prefetch-multiplier",
                    "1",
                    "--loglevel",
                    "INFO",
                    "-n",
                    f"opora-load-{os.getpid()}@%h",
                    "--logfile",
                    str(self.worker_log),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        self._wait()

    def _wait(self) -> None:
        import requests

        deadline = time.monotonic() + 120
        web = worker = False
        while time.monotonic() < deadline and not (web and worker):
            for p in self.procs:
                if p.poll() is not None:
                    self.stop()
                    program = cast(list[str], p.args)[0]  # started from lists of str above
                    sys.exit(f"процесс {program} завершился: см. {self.workdir / 'logs'}")
            if not web:
                try:
                    r = requests.get(
                        f"http://{HOST}:{self.port}/accounts/login/",
                        timeout=5,
                        headers={"X-Forwarded-Proto": "https"},
                        allow_redirects=False,
                    )
                    web = r.status_code == 200
                    if r.status_code >= 500:
                        self.stop()
                        sys.exit(f"страница входа отвечает {r.status_code}: см. {self.workdir / 'logs'}")
                except requests.RequestException:
                    pass
            if not worker and self.worker_log.exists():
                worker = " ready." in self.worker_log.read_text(errors="replace")
            time.sleep(0.5)
        if not (web and worker):
            self.stop()
            sys.exit(f"gunicorn или Celery не запустились за 2 минуты: см. {self.workdir / 'logs'}")

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by each server's process group (gunicorn master and workers; Celery and its pool)."""
        tick = os.sysconf("SC_CLK_TCK")
        groups = {p.pid: name for p, name in zip(self.procs, ("gunicorn", "celery"))}
        used = dict.fromkeys(groups.values(), 0.0)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pgid = int(fields[2])
            if pgid in groups:  # utime, stime, and the children's that have exited
                used[groups[pgid]] += sum(int(x) for x in fields[11:15]) / tick
        return used

    def stop(self) -> None:
        """Warm shutdown: TERM to gunicorn's master and Celery's main process, which let their children finish."""
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        self.procs = []


# ---------------------------------------------------------------------------------------------------------------------
# Clients


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.error_examples: dict[str, str] = {}
        self.uploads: list[dict] = []

    def add(self, kind: str, ms: float, error: str | None, url: str) -> None:
        with self.lock:
            self.times[kind].append(ms)
            if error:
                self.errors[kind] += 1
                self.error_examples.setdefault(f"{kind} {url.split('?')[0]}", error)


class Client:
    def __init__(self, base: str, recorder: Recorder, token: str | None = None):
        import requests

        self.base, self.recorder = base, recorder
        self.session = requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https", "User-Agent": "opora-load"})
        if token:
            self.session.headers["Authorization"] = f"Token {token}"

    def request(self, kind: str, method: str, url: str, **kwargs):
        """One request, timed to the last byte of the body; a status ≥ 400 or an exception is an error."""
        headers = kwargs.pop("headers", {})
        if method != "GET":
            headers = {
                **headers,
                "Origin": f"https://{self.base.split('://', 1)[1]}",
                "X-CSRFToken": self.session.cookies.get("csrftoken", ""),
            }
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + url, headers=headers, allow_redirects=False, timeout=60, **kwargs
            )
            _ = response.content
            # The portal sets Secure cookies (it sees HTTPS through X-Forwarded-Proto): send them back over loopback.
            for cookie in self.session.cookies:
                cookie.secure = False
        except Exception as exc:
            self.recorder.add(kind, (time.perf_counter() - started) * 1000, f"{type(exc).__name__}: {exc}"[:200], url)
            return None
        ms = (time.perf_counter() - started) * 1000
        error = f"HTTP {response.status_code}" if response.status_code >= 400 else None
        self.recorder.add(kind, ms, error, url)
        return response

    def login(self, username: str) -> bool:
        self.session.cookies.clear()
        self.request("login", "GET", "/accounts/login/")
        token = self.session.cookies.get("csrftoken", "")
        r = self.request(
            "login",
            "POST",
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        return r is not None and r.status_code == 302

    def logout(self) -> None:
        self.request(
            "login",
            "POST",
            "/accounts/logout/",
            data={"csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")},
        )


def person(
    client: Client,
    login: str,
    urls: list,
    api_only: bool,
    rng: random.Random,
    stop: threading.Event,
    think: tuple[float, float],
) -> None:
    """Open a page every few seconds; sign out and in again after a few dozen pages (the first sign-in is done)."""
    choices, weights = [(k, u) for k, u, _ in urls], [w for _, _, w in urls]
    signed_in = True
    while not stop.is_set():
        if not signed_in and not api_only and not client.login(login):
            stop.wait(5)
            continue
        signed_in = False
        for _ in range(rng.randint(40, 80)):
            if stop.wait(rng.uniform(*think)):
                return
            kind, url = rng.choices(choices, weights)[0]
            client.request(kind, "GET", url)
        if not api_only:
            client.logout()


def uploader(
    client: Client,
    login: str,
    channel: str,
    files: list,
    rng: random.Random,
    stop: threading.Event,
    recorder: Recorder,
    drain_until: list[float],
    pause: tuple[float, float],
    first: int = 0,
) -> None:
    n = first  # uploaders sharing a login start from different files, so each upload changes rows
    while not stop.wait(rng.uniform(*pause)):
        name, content, rows = files[n % len(files)]
        n += 1
        started = time.perf_counter()
        outcome = (
            upload_page(client, name, content, drain_until)
            if channel == "page"
            else upload_api(client, name, content, drain_until)
        )
        with recorder.lock:
            recorder.uploads.append(
                {
                    "login": login,
                    "channel": channel,
                    "rows": rows,
                    "status": outcome,
                    "seconds": time.perf_counter() - started,
                }
            )


def _poll_api(client: Client, upload_id: int, drain_until: list[float]) -> str:
    while time.monotonic() < drain_until[0]:
        time.sleep(2)
        r = client.request("upload-poll", "GET", f"/api/v1/uploads/{upload_id}/")
        if r is not None and r.status_code == 200 and r.json()["status"] not in ("pending", "running"):
            return r.json()["status"]
    return "timeout"


def upload_api(client: Client, name: str, content: bytes, drain_until: list[float]) -> str:
    r = client.request(
        "upload-post", "POST", "/api/v1/uploads/", files={"file": (name, content)}, data={"dry_run": "false"}
    )
    if r is None or r.status_code != 202:
        return f"HTTP {getattr(r, 'status_code', 'error')}"
    return _poll_api(client, r.json()["id"], drain_until)


def upload_page(client: Client, name: str, content: bytes, drain_until: list[float]) -> str:
    """The page's way: upload with «сначала проверить», watch the progress, then confirm and watch again."""
    client.request("upload-page", "GET", "/assessments/upload/")
    r = client.request(
        "upload-post",
        "POST",
        "/assessments/upload/",
        files={"file": (name, content)},
        data={"dry_run": "on", "csrfmiddlewaretoken": client.session.cookies.get("csrftoken", "")},
    )
    match = re.search(r"/assessments/uploads/(\d+)/$", r.headers.get("Location", "")) if r is not None else None
    if not match:
        return f"HTTP {getattr(r, 'status_code', 'error')}"
    upload_url = f"/assessments/uploads/{match.group(1)}/"
    for step in ("check", "import"):
        page = client.request("upload-page", "GET", upload_url)
        job = re.search(r'id="job-(\d+)"', page.text) if page is not None else None
        while job and time.monotonic() < drain_until[0]:
            time.sleep(1)  # the page polls every second (hx-trigger="every 1s")
            fragment = client.request(
                "upload-poll", "GET", f"/jobs/{job.group(1)}/progress/", headers={"HX-Request": "true"}
            )
            if fragment is not None and fragment.status_code == 200 and "hx-get" not in fragment.text:
                break
        status = client.request("upload-poll", "GET", f"/api/v1/uploads/{match.group(1)}/")
        status = status.json()["status"] if status is not None and status.status_code == 200 else "error"
        if step == "check":
            if status != "dry_run":
                return f"check: {status}"
            client.request(
                "upload-post",
                "POST",
                upload_url + "confirm/",
                data={"csrfmiddlewaretoken": client.session.cookies.get("csrftoken", "")},
            )
    return status


# ---------------------------------------------------------------------------------------------------------------------
# Figures


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))] if ordered else float("nan")


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()
    mem = next((line.split()[1] for line in free if line.startswith("Mem:")), "?")
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return {"nproc": nproc, "cpu": cpu, "mem": mem, "kernel": platform.release(), "python": platform.python_version()}


def section(f: dict) -> str:
    ok = lambda good: "✓" if good else "✗"  # noqa: E731
    rows = []
    for kind in (*PAGE_KINDS, "export", "login", "upload-page", "upload-post", "upload-poll"):
        t = f["times"].get(kind)
        if not t:
            continue
        target = f"< {PAGE_TARGET_MS} ms" if kind in PAGE_KINDS else "—"
        p95 = percentile(t, 95)
        mark = f" {ok(p95 < PAGE_TARGET_MS)}" if kind in PAGE_KINDS else ""
        rows.append(
            f"| {kind} | {len(t)} | {percentile(t, 50):.0f} | {p95:.0f}{mark} | {percentile(t, 99):.0f} | "
            f"{max(t):.0f} | {f['errors'].get(kind, 0)} | {target} |"
        )
    pages = [ms for k in PAGE_KINDS for ms in f["times"].get(k, [])]
    all_pages = (
        f"| **all pages** | {len(pages)} | {percentile(pages, 50):.0f} | **{percentile(pages, 95):.0f}** "
        f"{ok(percentile(pages, 95) < PAGE_TARGET_MS)} | {percentile(pages, 99):.0f} | {max(pages):.0f} | "
        f"{sum(f['errors'].get(k, 0) for k in PAGE_KINDS)} | < {PAGE_TARGET_MS} ms |"
    )
    ups = f["uploads"]
    done = [u["seconds"] for u in ups if u["status"] == "imported"]
    statuses = ", ".join(f"{s} {n}" for s, n in Counter(u["status"] for u in ups).most_common())
    imported = {
        ch: [u["seconds"] for u in ups if u["channel"] == ch and u["status"] == "imported"] for ch in ("page", "api")
    }
    by_channel = "; ".join(
        f"{ch}: {len(xs)} imported, median {percentile(xs, 50):.1f} s, max {max(xs):.1f} s"
        for ch, xs in imported.items()
        if xs
    )
    m = f["machine"]
    errors = sum(f["errors"].values())
    examples = "".join(f"; `{k}`: {v}" for k, v in list(f["error_examples"].items())[:8])
    return f"""## Load

`.venv/bin/python benchmarks/load_benchmark.py --duration {f["duration"]:.0f}{" --write-readme" if f["write"] else ""}`
(PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 must be running; the script recreates the database
`{f["database"]}`, loads `seed_demo`, starts gunicorn and a Celery worker on 127.0.0.1 and stops them at the end.
Options: `--users`, `--uploaders`, `--think MIN,MAX`, `--reuse-db`, `--keep-workdir`; see `--help`.)

- Date: {f["date"]}; machine: `nproc` {m["nproc"]}, {m["cpu"]}, `free -h` total {m["mem"]}, Linux {m["kernel"]},
  Python {m["python"]}, PostgreSQL {f["postgres"]} (local, default configuration), Redis {f["redis"]}.
- Load average before the run: {f["load_before"][0]:.2f} / {f["load_before"][1]:.2f} / {f["load_before"][2]:.2f}
  (1 / 5 / 15 min); after: {f["load_after"][0]:.2f} / {f["load_after"][1]:.2f} / {f["load_after"][2]:.2f}.
  The client, gunicorn, the worker and PostgreSQL share these {m["nproc"]} CPUs{f["shared_note"]}.{busy_note(f)}
  CPU used during the {f["elapsed"]:.0f} s: gunicorn {f["cpu"]["gunicorn"]:.0f} s
  ({1000 * f["cpu"]["gunicorn"] / f["requests"]:.0f} ms per request), Celery {f["cpu"]["celery"]:.0f} s,
  the load client {f["cpu"]["client"]:.0f} s, of {int(m["nproc"]) * f["elapsed"]:.0f} CPU-seconds the machine had
  (PostgreSQL not counted).
- Servers as in docker-compose: gunicorn `--workers 2 --timeout 60` (sync workers), DEBUG=false,
  ALLOWED_HOSTS=127.0.0.1; Celery worker `-Q default,imports,reports --concurrency 2 --prefetch-multiplier 1`,
  Redis database 13 as broker and cache. Requests carry `X-Forwarded-Proto: https` as the TLS proxy's would.
- Data: `seed_demo` — {f["schools"]} schools in 3 municipalities, {f["results"]} result rows (2021–2025),
  programmes, indicators, support records.
- Load: {f["users"]} signed-in people for {f["duration"]:.0f} s (logins {", ".join(f"{u}×{n}" for u, n in f["mix"])};
  several sessions share a login), each opening a page of its role every {f["think"][0]:g}–{f["think"][1]:g} s
  (uniform think time; signing out and in again every 40–80 pages), plus {f["uploaders"]} uploaders
  ({", ".join(f"{u} via {c}" for u, c in f["uploader_mix"])}) sending valid .xlsx results files of their schools
  ({f["file_rows"]} rows) every {f["pause"][0]:g}–{f["pause"][1]:g} s and waiting for each to finish. Not counted:
  the warm-up (each login opens each of its URLs once, so charts are drawn and cached) and the first sign-in of every
  session (done two at a time before the clock starts: {f["first_logins"]} sign-ins took {f["first_login_s"]:.0f} s);
  the login row holds the later sign-outs and sign-ins. Dossier pages: {DOSSIER_SCHOOLS} schools per login.
- Throughput: {f["requests"]} requests in {f["elapsed"]:.0f} s = **{f["requests"] / f["elapsed"]:.1f} requests/s**
  ({len(pages) / f["elapsed"]:.1f} pages/s). **Errors: {errors}** {ok(errors == 0)} (target: none){examples}.
- Uploads: {len(ups)} started, {statuses or "none"}; completion (first POST to final status, client side):
  {f"median {percentile(done, 50):.1f} s, p95 {percentile(done, 95):.1f} s, max {max(done):.1f} s" if done else "—"}
  ({by_channel or "—"}). The page way runs two jobs (check, then import).
  The client polls as the page does (every second) or, through the API, every 2 s, so these times are rounded up to
  the next poll. The jobs' own timestamps, server side:
{jobs_table(f["jobs"])}

Latency in ms, measured by the client to the last byte of the body:

| Kind | Requests | p50 | p95 | p99 | max | Errors | Target |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}
{all_pages}

Kinds: home `/`; dashboard `/reports/dashboard/`, `/reports/region/`; list — schools, results (with and without a
year), programmes, documents, reports, support lists, municipality tables; shnor `/risk/`, `/risk/watch/`,
`/risk/differences/`; indicators — index, a programme's indicators, one indicator; dossier `/schools/<code>/`,
`/assessments/school/<code>/`, `/reports/school/<code>/`; programme — a programme and its plan; api — JSON lists
under `/api/v1/` (session or token); export — `?format=xlsx|csv` of an API list (all rows, logged); login — the
login form and its POST (password hashing), logout; upload-* — the uploaders' requests (page, POST, polling).
"""


def jobs_table(jobs: dict[str, dict]) -> str:
    if not jobs:
        return "  no jobs were created."
    lines = [
        "",
        "  | Job | Jobs | Statuses | Wait for a worker p50 / p95, ms | Run p50 / p95 / max, ms |",
        "  |---|---|---|---|---|",
    ]
    for kind, j in sorted(jobs.items()):
        statuses = ", ".join(f"{s} {n}" for s, n in j["statuses"].most_common())
        wait = f"{percentile(j['wait'], 50):.0f} / {percentile(j['wait'], 95):.0f}" if j["wait"] else "—"
        run = (
            f"{percentile(j['run'], 50):.0f} / {percentile(j['run'], 95):.0f} / {max(j['run']):.0f}"
            if j["run"]
            else "—"
        )
        lines.append(f"  | {kind} | {j['n']} | {statuses} | {wait} | {run} |")
    return "\n".join(lines)


def busy_note(f: dict) -> str:
    """Say so when other work held the CPUs: then the tail latencies measure the queue for a CPU, not the portal."""
    cpus, load = int(f["machine"]["nproc"]), f["load_before"][0]
    if load < cpus:
        return ""
    return (
        f"\n  **The machine was busy before the run started** (load {load:.1f} on {cpus} CPUs, other work running):"
        " requests waited for a CPU behind it, so p95/p99 here are an upper bound; re-run on a quiet machine"
        " (load average under 1) to compare with the target."
    )


def readme_write(report: str) -> None:
    """Replace this benchmark's section in benchmarks/README.md, or append it; other sections stay as they are."""
    path = ROOT / "benchmarks" / "README.md"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"^## Load\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: report + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + report
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------------------


def pair(text: str) -> tuple[float, float]:
    lo, hi = (float(x) for x in text.split(","))
    return lo, hi


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (default 300)")
    parser.add_argument("--users", type=int, default=sum(n for _, n in MIX), help="signed-in people (default 50)")
    parser.add_argument("--uploaders", type=int, default=len(UPLOADERS), help="uploaders (default 5)")
    parser.add_argument("--think", type=pair, default=(2.0, 10.0), help="seconds between a person's clicks (2,10)")
    parser.add_argument("--upload-pause", type=pair, default=(15.0, 45.0), help="seconds between uploads (15,45)")
    parser.add_argument("--database", default="opora_load")
    parser.add_argument("--db-server", default="postgres@127.0.0.1:5432", help="user@host:port of PostgreSQL")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="flushed at the start")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/opora-load"))
    parser.add_argument("--reuse-db", action="store_true", help="keep the database of the previous run")
    parser.add_argument("--keep-workdir", action="store_true", help="keep logs and uploaded files")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--seed", type=int, default=9)
    opts = parser.parse_args()

    workdir = opts.workdir
    if workdir.exists() and not opts.keep_workdir:
        for sub in ("media", "logs"):
            shutil.rmtree(workdir / sub, ignore_errors=True)
    workdir.mkdir(parents=True, exist_ok=True)
    settings_write(workdir)
    env = base_env(opts, workdir)
    secret = secrets.token_urlsafe(48)

    print("Подготовка:")
    if not opts.reuse_db:
        database_recreate(opts.db_server, opts.database)
        run([PYTHON, "manage.py", "migrate", "--noinput"], {**env, "DEBUG": "true"}, "migrate")
        # In-process tasks while seeding, as scripts/run.sh does: the lists and indicators are complete before the run.
        run([PYTHON, "manage.py", "seed_demo"], {**env, "DEBUG": "true"}, "seed_demo")
    run([PYTHON, "manage.py", "collectstatic", "--noinput"], production_env(env, secret), "collectstatic")
    redis_flush(opts.redis_url)

    mix = expand(MIX, opts.users)
    uploader_mix = (UPLOADERS * (opts.uploaders // len(UPLOADERS) + 1))[: opts.uploaders]
    plan = plan_build({**env, "DEBUG": "true"}, {u for u, _ in mix}, {u for u, _ in uploader_mix})

    port = free_port()
    servers = Servers({**production_env(env, secret), "REDIS_URL": opts.redis_url}, port, workdir)
    servers.start()
    base = f"http://{HOST}:{port}"
    print(f"gunicorn: {base} (2 процесса), Celery: {opts.redis_url}; журналы: {workdir / 'logs'}")
    try:
        figures = load_run(opts, base, plan, mix, uploader_mix, servers)
    finally:
        servers.stop()
    if not opts.keep_workdir:
        shutil.rmtree(workdir / "media", ignore_errors=True)

    figures.update(plan_figures(plan, opts, mix, uploader_mix))
    report = section(figures)
    print(report)
    if opts.write_readme:
        readme_write(report)
        print("benchmarks/README.md: раздел «Load» обновлён.")
    pages = [ms for k in PAGE_KINDS for ms in figures["times"].get(k, [])]
    ok = not figures["errors"] and pages and percentile(pages, 95) < PAGE_TARGET_MS
    sys.exit(0 if ok else 1)


def expand(mix: list[tuple[str, int]], users: int) -> list[tuple[str, int]]:
    """Scale the default mix to --users, keeping its proportions."""
    total = sum(n for _, n in mix)
    if users == total:
        return mix
    scaled = [(u, max(0, round(n * users / total))) for u, n in mix]
    while sum(n for _, n in scaled) > users:
        i = max(range(len(scaled)), key=lambda k: scaled[k][1])
        scaled[i] = (scaled[i][0], scaled[i][1] - 1)
    while sum(n for _, n in scaled) < users:
        i = min(range(len(scaled)), key=lambda k: scaled[k][1])
        scaled[i] = (scaled[i][0], scaled[i][1] + 1)
    return [(u, n) for u, n in scaled if n]


def load_run(opts, base: str, plan: Plan, mix, uploader_mix, servers: Servers) -> dict:
    warm = Recorder()
    print("Прогрев: каждый логин открывает каждую свою страницу один раз…")
    for login in plan.urls:
        client = Client(base, warm, token=plan.tokens.get(login) if login == "api_client" else None)
        if login != "api_client":
            client.login(login)
        for kind, url, _ in plan.urls[login]:
            client.request(kind, "GET", url)

    recorder = Recorder()
    stop = threading.Event()
    drain_until = [float("inf")]
    threads = []
    rng = random.Random(opts.seed)
    people = [login for login, n in mix for _ in range(n)]
    rng.shuffle(people)
    clients = [Client(base, recorder, token=plan.tokens[login] if login == "api_client" else None) for login in people]
    up_clients = [
        Client(base, recorder, token=plan.tokens[login] if channel == "api" else None)
        for login, channel in uploader_mix
    ]
    # Everyone is signed in before the clock starts (two at a time, as the two workers hash passwords):
    # the run measures people at work; the sign-ins it counts are the later ones.
    first = [(c, login) for c, login in zip(clients, people) if login != "api_client"]
    first += [(c, login) for c, (login, channel) in zip(up_clients, uploader_mix) if channel == "page"]
    for c, _ in first:
        c.recorder = warm
    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        signed = list(pool.map(lambda item: item[0].login(item[1]), first))
    for c, _ in first:
        c.recorder = recorder
    first_login_s = time.perf_counter() - started
    print(
        f"Вход {len(first)} сессий: {first_login_s:.0f} с"
        f"{'' if all(signed) else f', не удалось: {signed.count(False)}'}"
    )
    if warm.errors:
        print("Ошибки при прогреве (не входят в замер):", dict(warm.errors), warm.error_examples)
    for i, (login, client) in enumerate(zip(people, clients)):
        api_only = login == "api_client"
        threads.append(
            threading.Thread(
                target=person,
                daemon=True,
                name=f"person-{i}",
                args=(client, login, plan.urls[login], api_only, random.Random(opts.seed * 1000 + i), stop, opts.think),
            )
        )
    for i, ((login, channel), client) in enumerate(zip(uploader_mix, up_clients)):
        threads.append(
            threading.Thread(
                target=uploader,
                daemon=True,
                name=f"uploader-{i}",
                args=(
                    client,
                    login,
                    channel,
                    plan.files[login],
                    random.Random(opts.seed * 7 + i),
                    stop,
                    recorder,
                    drain_until,
                    (min(opts.upload_pause[0], opts.duration / 4), min(opts.upload_pause[1], opts.duration / 2)),
                    i,
                ),
            )
        )

    load_before = os.getloadavg()
    run_started = dt.datetime.now(dt.UTC)
    cpu_before, client_before = servers.cpu_seconds(), sum(os.times()[:2])
    print(
        f"Нагрузка: {len(people)} человек, {len(uploader_mix)} загружающих, {opts.duration:.0f} с "
        f"(средняя загрузка до начала: {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f})…"
    )
    started = time.monotonic()
    ramp = min(10.0, opts.duration / 10)  # start the threads over a few seconds, not all in the same instant
    for t in threads:
        t.start()
        time.sleep(ramp / len(threads))
    while time.monotonic() - started < opts.duration:
        time.sleep(min(10, max(0.1, opts.duration - (time.monotonic() - started))))
        with recorder.lock:
            n = sum(len(v) for v in recorder.times.values())
            e = sum(recorder.errors.values())
        print(f"  {time.monotonic() - started:4.0f} с: {n} запросов, ошибок {e}, загрузок {len(recorder.uploads)}")
    stop.set()
    elapsed = time.monotonic() - started
    cpu = {k: v - cpu_before[k] for k, v in servers.cpu_seconds().items()}
    cpu["client"] = sum(os.times()[:2]) - client_before
    drain_until[0] = time.monotonic() + 120  # uploads in flight get two more minutes to finish
    for t in threads:
        t.join(timeout=max(0.1, drain_until[0] - time.monotonic() + 5))
    return {
        "times": dict(recorder.times),
        "errors": dict(recorder.errors),
        "error_examples": recorder.error_examples,
        "uploads": recorder.uploads,
        "elapsed": elapsed,
        "requests": sum(len(v) for v in recorder.times.values()),
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "first_logins": len(first),
        "cpu": cpu,
        "first_login_s": first_login_s,
        "jobs": job_figures(run_started),
    }


def job_figures(since: dt.datetime) -> dict[str, dict]:
    """Server side, from the jobs' own timestamps: how long each kind of job waited for a worker and ran. The client's
    completion times are rounded up to its next poll; these are not."""
    from core.models import Job

    out: dict[str, dict] = {}
    for kind, created, started, finished, status in Job.objects.filter(created_at__gte=since).values_list(
        "kind", "created_at", "started_at", "finished_at", "status"
    ):
        row = out.setdefault(kind, {"n": 0, "wait": [], "run": [], "statuses": Counter()})
        row["n"] += 1
        row["statuses"][status] += 1
        if started:
            row["wait"].append((started - created).total_seconds() * 1000)
        if started and finished:
            row["run"].append((finished - started).total_seconds() * 1000)
    return out


def plan_figures(plan: Plan, opts, mix, uploader_mix) -> dict:
    import redis
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis_version = redis.Redis.from_url(opts.redis_url).info().get("redis_version", "?")
    sizes = sorted({rows for files in plan.files.values() for _, _, rows in files})
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "postgres": postgres.split(" ")[0],
        "redis": redis_version,
        "database": opts.database,
        "duration": opts.duration,
        "write": opts.write_readme,
        "users": sum(n for _, n in mix),
        "mix": mix,
        "uploaders": len(uploader_mix),
        "uploader_mix": uploader_mix,
        "think": opts.think,
        "pause": opts.upload_pause,
        "schools": plan.schools,
        "results": plan.results,
        "file_rows": " or ".join(str(s) for s in sizes),
        "shared_note": " with whatever else runs on the machine, so every figure moves with its load",
    }


if __name__ == "__main__":
    main()
