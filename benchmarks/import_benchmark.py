"""The results import at scale, end to end, against a bare python-calamine read of the same file, in three setups.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench_import .venv/bin/python benchmarks/import_benchmark.py \
        [--rows 100000] [--numbers-only] [--setups sqlite,postgresql,broker] [--redis-url redis://127.0.0.1:6379/9]

The setups (`--setups`, default all three):

  sqlite      the embedded defaults: SQLite (a fresh file in the work directory), no REDIS_URL, so Celery runs the
              follow-up recompute inside the importing process (config/settings.py: CELERY_TASK_ALWAYS_EAGER);
  postgresql  PostgreSQL (DATABASE_URL), tasks still in-process (no REDIS_URL);
  broker      PostgreSQL + Redis (`--redis-url`) + a Celery worker that this script starts and stops: the command only
              queues the follow-up, the worker runs it (the debounce is set to 0 so that it runs at once and is
              finished, and timed, before the next process starts).

Drops and recreates the PostgreSQL database named in DATABASE_URL (its name must start with «opora_bench_import»; no
other database is touched) and the SQLite file, migrates them, creates a region, a municipality and the schools,
writes a realistic results file (contract 1.2 headers; VPR, OGE and EGE rows whose counts add up) with xlsxwriter,
then times separate processes, each under `/usr/bin/time` (wall time, CPU time user+sys, peak RSS; start included):

  (a) a bare python-calamine read of the whole file (`python -c`);
  (b) `manage.py import_results FILE --format json` into an empty results table (everything created);
  (b′) the same import with the receivers of `results_changed` disconnected (the import alone; in-process setups);
  (c) the same again (everything unchanged: the idempotent path);
  (u) a second file with every tenth row changed (updates and their history rows);
  (d) a plain django-import-export `ModelResource` import (postgresql setup only; `--skip-import-export`);
  (e) a zip bomb: a ~1 MB .xlsx whose sheet member unpacks to 1 GB, refused by `core.tables.table_read`;
  (h) command start: `manage.py import_results --help` (`--help-runs` times, median).

(a), (b), (b′), (c), (u) and (e) run `--runs` times (default 5) and the medians are reported. Targets (issue #15):
(b)/(a) ≤ 5 on the embedded defaults, ≤ 4 with a broker; peak RSS under 500 MB; (e) refused in under 1 s, 100 MB.
On a shared machine wall time moves with the load (reported before and after); CPU time is the steadier figure.
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
TIME = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"

SCHOOLS = 2000
DB_PREFIX = "opora_bench_import"  # the only databases this script drops (opora_bench is the risk benchmark's)
TARGET_RATIO = 5.0
TARGET_RSS_MB = 500
BOMB_SECONDS, BOMB_RSS_MB = 1.0, 100

HEADER = [
    "Код ОО",
    "Наименование ОО",
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
YEARS = (2022, 2023, 2024, 2025)
# (procedure as written, subject as written, grades)
KINDS = (
    ("ВПР", "Русский язык", (4, 5, 6, 7, 8)),
    ("ВПР", "Математика", (4, 5, 6, 7, 8)),
    ("ВПР", "Окружающий мир", (4,)),
    ("ВПР", "История", (5, 6, 7, 8)),
    ("ВПР", "Биология", (5, 6, 7, 8)),
    ("ВПР", "География", (6, 7, 8)),
    ("ВПР", "Обществознание", (6, 7, 8)),
    ("ВПР", "Физика", (8, 11)),
    ("ВПР", "Химия", (11,)),
    ("ВПР", "Английский язык", (7, 11)),
    ("ОГЭ", "Русский язык", (9,)),
    ("ОГЭ", "Математика", (9,)),
    ("ОГЭ", "Обществознание", (9,)),
    ("ОГЭ", "Информатика", (9,)),
    ("ЕГЭ", "Русский язык", (11,)),
    ("ЕГЭ", "Математика профильная", (11,)),
    ("ЕГЭ", "Математика базовая", (11,)),
    ("ЕГЭ", "Обществознание", (11,)),
    ("ЕГЭ", "Физика", (11,)),
)
COMBOS = [(p, s, g) for p, s, grades in KINDS for g in grades]


# ---------------------------------------------------------------------------------------------------------------------
# Database and data


def database_recreate(url: str) -> str:
    import psycopg

    match = re.match(r"postgres(?:ql)?://(?P<rest>.+)/(?P<name>[^/?]+)$", url)
    if not match:
        sys.exit(
            "DATABASE_URL должен указывать на базу PostgreSQL: postgres://postgres@127.0.0.1:5432/opora_bench_import"
        )
    name = match.group("name")
    if not name.startswith(DB_PREFIX):
        sys.exit(f"Бенчмарк удаляет и создаёт базу заново; её имя должно начинаться с {DB_PREFIX}, а не «{name}».")
    with psycopg.connect(f"postgresql://{match.group('rest')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def school_rows(count: int) -> list[tuple[str, str]]:
    """(code, name) of the benchmark's schools, in code order: the same in every database and in the files."""
    return [
        (f"BI{i:05d}", f"Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {i}»")
        for i in range(1, count + 1)
    ]


def schools_create(count: int) -> None:
    """Run in a child (`--prepare`) with the setup's DATABASE_URL: migrate, then the region, municipality, schools."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from schools.models import Municipality, Region, School

    call_command("migrate", verbosity=0)
    region = Region.objects.create(code="BENCH", name="Регион для замеров")
    municipality = Municipality.objects.create(code="BENCHM", name="Муниципалитет для замеров", region=region)
    School.objects.bulk_create(
        [
            School(
                code=code, name=name, short_name=f"МБОУ СОШ № {int(code[2:])}", type="СОШ", municipality=municipality
            )
            for code, name in school_rows(count)
        ],
        batch_size=1000,
    )


def _counts(rng: random.Random, procedure: str, changed: bool, numbers_only: bool = False) -> list:
    """Participants and the rest of a row, consistent with the contract's rules; with numbers_only every filled
    cell is a number (no «38,5» or «-» written as text)."""
    n = rng.randint(8, 140) + (1 if changed else 0)
    below: int | str
    if procedure == "ЕГЭ":
        below = rng.randint(0, n // 10)
        high = rng.randint(0, n // 5)
        mean = (
            f"{rng.uniform(38, 82):.2f}".replace(".", ",")
            if rng.random() < 0.5 and not numbers_only
            else round(rng.uniform(38, 82), 1)
        )
        return [n, "", "", "", "", "", "", "", "", below, mean, high]
    cut = sorted(rng.randint(0, n) for _ in range(3))
    m2, m3, m4, m5 = cut[0], cut[1] - cut[0], cut[2] - cut[1], n - cut[2]
    if procedure == "ВПР":
        lowered = rng.randint(0, n // 4)
        raised = rng.randint(0, (n - lowered) // 6)
        confirmed = n - lowered - raised
        m45 = m4 + m5 if rng.random() < 0.3 else ""
        return [n, m2, m3, m4, m5, m45, confirmed, lowered, raised, "", "", ""]
    below = m2 if rng.random() < 0.5 or numbers_only else "-"
    mean = round(rng.uniform(2.8, 4.6), 2)
    return [n, m2, m3, m4, m5, "", "", "", "", below, mean, ""]


def file_write(
    path: Path, schools: list[tuple[str, str]], rows: int, *, change_every: int = 0, numbers_only: bool = False
) -> None:
    """`rows` rows, the keys spread over the schools; with change_every=k every k-th row differs (participants + 1).
    numbers_only: the year and every count are numbers (no «2023-2024», «38,5» or «-» text cells)."""
    import xlsxwriter

    per_school = -(-rows // len(schools))
    keys_per_school = len(COMBOS) * len(YEARS)
    if per_school > keys_per_school:
        sys.exit(f"{rows} строк не помещаются в {len(schools)} школ по {keys_per_school} ключей; увеличьте --schools.")
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("Результаты")
    ws.write_row(0, 0, HEADER)
    r = 0
    for i, (code, name) in enumerate(schools):
        rng = random.Random(i)
        picked = rng.sample(range(keys_per_school), per_school)
        for j, k in enumerate(picked):
            if r >= rows:
                break
            procedure, subject, grade = COMBOS[k // len(YEARS)]
            year = YEARS[k % len(YEARS)]
            year_cell = f"{year - 1}-{year}" if (i + j) % 10 == 0 and not numbers_only else year
            counts = _counts(random.Random(r), procedure, bool(change_every) and r % change_every == 0, numbers_only)
            name_cell = name if j % 3 == 0 else ""
            r += 1
            ws.write_row(r, 0, [code, name_cell, procedure, subject, grade, year_cell, *counts])
        if r >= rows:
            break
    wb.close()


def bomb_write(path: Path, unpacked: int = 1024**3) -> None:
    """A well-formed .xlsx container whose sheet member is 1 GB of XML whitespace (about 1 MB deflated)."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Результаты" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    tail = b"</sheetData></worksheet>"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head)
            block = b" " * (16 * 1024 * 1024)
            left = unpacked - len(head) - len(tail)
            while left > 0:
                f.write(block[: min(left, len(block))])
                left -= len(block)
            f.write(tail)


def results_truncate(url: str) -> None:
    """Empty the results and their history (and what the follow-up wrote from them), without starting Django."""
    tables = ("assessments_resultchange", "assessments_result")
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            for table in tables:
                conn.execute(f"DELETE FROM {table}")
        return
    import psycopg

    with psycopg.connect(re.sub(r"^postgres(ql)?://", "postgresql://", url), autocommit=True) as conn:
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


# ---------------------------------------------------------------------------------------------------------------------
# Children

CALAMINE_READ = (
    "import sys, python_calamine\n"
    "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
    "rows = book.get_sheet_by_index(0).to_python()\n"
    "print(len(rows))\n"
)

BOMB_READ = (
    "import sys, time\n"
    "from core.tables import Limits, TableError, table_read\n"
    "t = time.perf_counter()\n"
    "try:\n"
    "    table_read(sys.argv[1], filename='bomb.xlsx', limits=Limits())\n"
    "    print('ПРИНЯТ')\n"
    "except TableError as exc:\n"
    "    print(f'{time.perf_counter() - t:.4f}', exc.message)\n"
)

# (b) without the follow-up work: results_changed has receivers (the ШНОР lists and the indicators are recomputed
# after an import); without a broker (no REDIS_URL) Celery runs those tasks in the importing process. This child
# disconnects them to show the import alone; with a worker they run there, not in the command.
IMPORT_ONLY = r"""
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.core.management import call_command
from assessments.signals import results_changed
results_changed.receivers = []
results_changed.sender_receivers_cache.clear()
call_command("import_results", sys.argv[1], "--format", "json")
"""

# django-import-export, as a project would write it: a ModelResource with the contract's headers as column names and
# the key as import_id_fields. Fairness: the file is read with tablib (its own xlsx reader, openpyxl), then school
# codes, subject names and procedure labels are turned into ids/codes in one pass (two small queries) so that the
# resource gets plain values; it then does what it always does (a lookup and a save per row, in one transaction).
IMPORT_EXPORT = r"""
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
import tablib
from import_export import fields, resources, widgets
from assessments.models import Procedure, Result, Subject
from schools.models import School

HEADERS = %(headers)r
FIELDS = ["school", "school_name", "procedure", "subject", "grade", "year", "participants", "marks_2", "marks_3",
          "marks_4", "marks_5", "marks_4_5", "confirmed", "lowered", "raised", "below_min", "mean_score", "high_scores"]


class ResultResource(resources.ModelResource):
    class Meta:
        model = Result
        fields = [f for f in FIELDS if f != "school_name"]
        import_id_fields = ["school", "procedure", "subject", "grade", "year"]


t0 = time.perf_counter()
with open(sys.argv[1], "rb") as f:
    data = tablib.Dataset().load(f.read(), format="xlsx")
t1 = time.perf_counter()
schools = dict(School.objects.values_list("code", "pk"))
subjects = {name: pk for pk, name in Subject.objects.values_list("pk", "name")}
procedures = {label: value for value, label in Procedure.choices}
out = tablib.Dataset(headers=[f for f in FIELDS if f != "school_name"])
limit = int(sys.argv[2])
for n, row in enumerate(data):
    if n >= limit:
        break
    values = dict(zip(FIELDS, row))
    values.pop("school_name")
    values["school"] = schools[values["school"]]
    values["subject"] = subjects[values["subject"]]
    values["procedure"] = procedures[values["procedure"]]
    year = str(values["year"])
    values["year"] = int(year[-4:])
    for k, v in values.items():
        if v in ("", "-"):
            values[k] = None
        elif k == "mean_score" and isinstance(v, str):
            values[k] = v.replace(",", ".")
    out.append(list(values.values()))
t2 = time.perf_counter()
result = ResultResource().import_data(out, dry_run=False, use_transactions=True, raise_errors=True)
t3 = time.perf_counter()
print(f"{len(out)} строк: чтение tablib/openpyxl {t1 - t0:.1f} с, подготовка {t2 - t1:.1f} с, "
      f"import_data {t3 - t2:.1f} с;", dict(result.totals), "ошибок:", len(result.row_errors()))
"""


def measure(args: list[str], *, env: dict | None = None, cwd: Path = ROOT) -> dict:
    """Run a child under /usr/bin/time; wall time (seconds), CPU time user+sys (seconds), peak RSS (MB), exit code
    and output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        proc = subprocess.run(
            [TIME, "-f", "%e %M %U %S", "-o", report.name, *args], cwd=cwd, env=env, capture_output=True, text=True
        )
        wall = time.perf_counter() - started
        line = report.read().strip().splitlines()[-1]
    _elapsed, rss_kb, user, system = line.split()
    return {
        "wall": wall,
        "rss": int(rss_kb) / 1024,
        "cpu": float(user) + float(system),
        "rc": proc.returncode,
        "out": proc.stdout.strip(),
        "err": proc.stderr.strip(),
    }


def median_of(runs: list[dict]) -> dict:
    out = {
        "wall": statistics.median(r["wall"] for r in runs),
        "rss": max(r["rss"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "walls": [r["wall"] for r in runs],
        "cpus": [r["cpu"] for r in runs],
        "rc": max(r["rc"] for r in runs),
        "out": runs[-1]["out"],
        "err": runs[-1]["err"],
    }
    follow = [r["follow"] for r in runs if r.get("follow") is not None]
    if follow:
        out["follow"] = statistics.median(follow)
    return out


def outcome_note(res: dict) -> str:
    try:
        outcome = json.loads(res["out"].splitlines()[-1])
    except (ValueError, IndexError):
        return res["err"][-300:]
    return (
        f"{outcome.get('status')}: создано {outcome.get('created')}, обновлено {outcome.get('updated')}, без "
        f"изменений {outcome.get('unchanged')}, ошибок {len(outcome.get('errors', []))}"
    )


class Worker:
    """A Celery worker for the broker setup (all three queues; the solo pool, so that its CPU time is this one
    process's), started and stopped by this script.

    `idle()` waits until the broker holds no message (queued, or taken and not yet acknowledged: acks_late) and
    says how long that took: the follow-up's time in the worker."""

    QUEUES = ("default", "imports", "reports")

    def __init__(self, env: dict, log: Path):
        import redis

        self.redis = redis.Redis.from_url(env["REDIS_URL"])
        self.redis.flushdb()  # the benchmark's own Redis database: stale messages and debounce tokens
        self.log = log
        self.stream = log.open("w")
        self.proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                ",".join(self.QUEUES),
                "--pool",
                "solo",
                "--prefetch-multiplier",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.stream,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while "ready." not in log.read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"Worker не запустился:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)

    def busy(self) -> bool:
        return bool(self.redis.hlen("unacked") or any(self.redis.llen(q) for q in self.QUEUES))

    def idle(self, timeout: float = 600) -> float:
        started = time.perf_counter()
        deadline = time.monotonic() + timeout
        while self.busy():
            if time.monotonic() > deadline:
                sys.exit("Worker не закончил пересчёт за отведённое время.")
            time.sleep(0.1)
        return time.perf_counter() - started

    def cpu(self) -> float:
        """CPU seconds (user + sys) the worker process has used so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # warm shutdown: the worker finishes what it holds
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stream.close()


SETUPS = {
    "sqlite": "встроенные умолчания: SQLite, задачи в процессе",
    "postgresql": "PostgreSQL, задачи в процессе",
    "broker": "PostgreSQL + Redis + worker",
}
TARGETS = {"sqlite": 5.0, "postgresql": 5.0, "broker": 4.0}
LABELS = {
    "a": "(a) python-calamine, только чтение",
    "b": "(b) import_results, всё новое",
    "q": "(b′) то же без пересчётов после импорта",
    "c": "(c) import_results, повторно (без изменений)",
    "u": "(u) import_results, каждая 10-я строка изменена",
    "d": "(d) django-import-export ModelResource",
    "e": "(e) zip-бомба 1 ГБ, отказ table_read",
}


def setup_run(setup: str, *, env: dict, url: str, path: Path, changed: Path, bomb: Path, opts) -> dict:
    """Prepare the setup's database, then time its processes `opts.runs` times; medians by process."""
    print(f"\n== {setup}: {SETUPS[setup]} ==", flush=True)
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        database_recreate(url)
    t = time.perf_counter()
    prepared = subprocess.run(
        [PYTHON, __file__, "--prepare", "--schools", str(opts.schools)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if prepared.returncode:
        sys.exit(prepared.stderr[-3000:])
    print(f"  база готова за {time.perf_counter() - t:.1f} с (миграции, {opts.schools} школ)", flush=True)
    worker = Worker(env, path.parent / f"worker-{setup}.log") if setup == "broker" else None
    manage = [PYTHON, "manage.py", "import_results"]
    keys = "abcu" + ("" if worker else "q") + ("e" if opts.first else "")
    runs: dict[str, list[dict]] = {k: [] for k in keys}
    worker_cpu_before = worker.cpu() if worker else 0.0

    def timed(key: str, args: list[str]) -> None:
        r = measure(args, env=env)
        if worker:
            r["follow"] = worker.idle()
        runs[key].append(r)

    try:
        for i in range(opts.runs):
            timed("a", [PYTHON, "-c", CALAMINE_READ, str(path)])
            results_truncate(url)
            timed("b", [*manage, str(path), "--format", "json"])
            timed("c", [*manage, str(path), "--format", "json"])
            timed("u", [*manage, str(changed), "--format", "json"])
            if "q" in runs:
                results_truncate(url)
                timed("q", [PYTHON, "-c", IMPORT_ONLY, str(path)])
            if "e" in runs:
                timed("e", [PYTHON, "-c", BOMB_READ, str(bomb)])
            print(
                f"  прогон {i + 1}/{opts.runs}: "
                + ", ".join(f"{k} {v[-1]['wall']:.2f} с / ЦП {v[-1]['cpu']:.2f}" for k, v in runs.items()),
                flush=True,
            )
    finally:
        if worker:
            worker_cpu = worker.cpu() - worker_cpu_before
            worker.stop()
    res = {k: median_of(v) for k, v in runs.items()}
    for k in "bqcu":
        if k in res:
            res[k]["note"] = outcome_note(res[k])
    res["a"]["note"] = f"{res['a']['out']} строк"
    if "e" in res:
        res["e"]["note"] = res["e"]["out"][:120] or res["e"]["err"][-300:]
    if worker:
        res["worker_cpu"] = worker_cpu / opts.runs
    if setup == "postgresql" and not opts.skip_import_export:
        results_truncate(url)
        print("  (d) django-import-export…", flush=True)
        limit = opts.import_export_rows or opts.rows
        res["d"] = measure([PYTHON, "-c", IMPORT_EXPORT % {"headers": HEADER}, str(path), str(limit)], env=env)
        res["d"]["rows"] = limit
        res["d"]["note"] = res["d"]["out"][-200:] or res["d"]["err"][-300:]
    return res


def help_measure(env: dict, runs: int) -> dict:
    """`manage.py import_results --help`: the command's start (Django set up, apps loaded, arguments parsed)."""
    return median_of([measure([PYTHON, "manage.py", "import_results", "--help"], env=env) for _ in range(runs)])


def machine() -> str:
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()
    mem = free[1].split() if len(free) > 1 else ["", "?", "?"]
    return (
        f"{os.cpu_count()} CPU (`nproc`), ОЗУ {mem[1]} (`free -h`: занято {mem[2]}), Python {sys.version.split()[0]}, "
        f"{os.uname().sysname} {os.uname().release}"
    )


def load() -> str:
    return "{:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=SCHOOLS)
    parser.add_argument("--runs", type=int, default=5, help="repeats of each timed process (medians reported)")
    parser.add_argument("--setups", default=",".join(SETUPS), help=f"comma-separated, of {', '.join(SETUPS)}")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/9",
        help="the broker setup's Redis database (flushed at its start)",
    )
    parser.add_argument("--help-runs", type=int, default=5, help="runs of `import_results --help` (median)")
    parser.add_argument("--skip-import-export", action="store_true", help="leave out (d), which takes minutes")
    parser.add_argument(
        "--import-export-rows",
        type=int,
        default=0,
        help="(d) imports only the first N rows of the file (it reads the whole file); default all",
    )
    parser.add_argument(
        "--numbers-only",
        action="store_true",
        help="the numbers-only file: year and counts as numbers, no text variants (the issue's case)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated files (their directory is printed)")
    parser.add_argument(
        "--workdir",
        help="where the files are written and kept; files already there for the same "
        "--rows are reused (generating them takes a while)",
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)  # the child that fills a database
    opts = parser.parse_args()
    if opts.prepare:
        schools_create(opts.schools)
        return

    setups = [s for s in opts.setups.split(",") if s]
    if unknown := set(setups) - set(SETUPS):
        sys.exit(f"Неизвестные варианты: {', '.join(sorted(unknown))}; допустимо: {', '.join(SETUPS)}.")
    url = os.environ.get("DATABASE_URL", "")
    if {"postgresql", "broker"} & set(setups) and not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Укажите DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench_import")
    if not os.path.exists(TIME):
        sys.exit("Нужна программа /usr/bin/time (Debian: apt-get install time).")
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    base.pop("REDIS_URL", None)
    if opts.workdir:
        workdir = Path(opts.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        opts.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix="opora-import-bench-"))
    sqlite_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    envs = {
        "sqlite": {**base, "DATABASE_URL": sqlite_url},
        "postgresql": {**base, "DATABASE_URL": url},
        # The debounce at 0: the follow-up runs at once, so it is timed and done before the next process starts.
        "broker": {
            **base,
            "DATABASE_URL": url,
            "REDIS_URL": opts.redis_url,
            "RISK_RECOMPUTE_DEBOUNCE_SECONDS": "0",
            "INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS": "0",
        },
    }
    started = dt.datetime.now(dt.UTC)
    load_before = load()
    results: dict[str, dict] = {}
    try:
        kind = "-numbers" if opts.numbers_only else ""
        path = workdir / f"results-{opts.rows}-{opts.schools}{kind}.xlsx"
        changed = workdir / f"results-{opts.rows}-{opts.schools}{kind}-changed.xlsx"
        bomb = workdir / "bomb.xlsx"
        t = time.perf_counter()
        schools = school_rows(opts.schools)
        if not path.exists():
            file_write(path, schools, opts.rows, numbers_only=opts.numbers_only)
        if not changed.exists():
            file_write(changed, schools, opts.rows, change_every=10, numbers_only=opts.numbers_only)
        if not bomb.exists():
            bomb_write(bomb)
        print(
            f"Файлы за {time.perf_counter() - t:.1f} с: {path.name} {path.stat().st_size / 1e6:.1f} МБ, "
            f"{bomb.name} {bomb.stat().st_size / 1e6:.2f} МБ (распакованный лист 1 ГБ)",
            flush=True,
        )
        for n, setup in enumerate(setups):
            opts.first = n == 0
            results[setup] = setup_run(
                setup,
                env=envs[setup],
                url=envs[setup]["DATABASE_URL"],
                path=path,
                changed=changed,
                bomb=bomb,
                opts=opts,
            )
        help_env = envs["sqlite"]
        if not Path(sqlite_url.removeprefix("sqlite:///")).exists():
            help_env = envs[setups[0]]
        start = help_measure(help_env, opts.help_runs)
    finally:
        if opts.keep:
            print(f"Файлы оставлены в {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    finished = dt.datetime.now(dt.UTC)

    print(
        f"\n{opts.rows} строк{' (только числа)' if opts.numbers_only else ''}, {opts.schools} школ; медианы "
        f"{opts.runs} прогонов; пик RSS — наибольший из прогонов"
    )
    print(f"{started:%Y-%m-%d %H:%M}–{finished:%H:%M} UTC; {machine()}")
    print(f"load average (1/5/15 мин) до: {load_before}, после: {load()}")
    checks = []
    for setup, res in results.items():
        a = res["a"]
        print(f"\n{setup} ({SETUPS[setup]})\n")
        print("| процесс | время, с | ЦП, с | пик RSS, МБ | ×(a) по времени | ×(a) по ЦП | итог |")
        print("|---|---|---|---|---|---|---|")
        for k in "abqcude":
            if k in res:
                r = res[k]
                ratio = "" if k in "ae" else f"{r['wall'] / a['wall']:.2f}"
                cpu_ratio = "" if k in "ae" else f"{r['cpu'] / a['cpu']:.2f}"
                print(
                    f"| {LABELS[k]} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss']:.0f} | {ratio} | {cpu_ratio} "
                    f"| {r['note']} |"
                )
        if "follow" in res["b"]:
            print(
                f"\nworker: пересчёт после импорта (b) закончен через {res['b']['follow']:.2f} с после выхода "
                f"команды (медиана); ЦП worker за прогон {res['worker_cpu']:.2f} с"
            )
        target = TARGETS[setup]
        wall, cpu = res["b"]["wall"] / a["wall"], res["b"]["cpu"] / a["cpu"]
        print(f"(b)/(a) = {wall:.2f} по времени, {cpu:.2f} по ЦП (цель ≤ {target:g})")
        print(
            "все прогоны (время / ЦП), с: "
            + "; ".join(
                f"{k} " + " ".join(f"{w:.2f}/{c:.2f}" for w, c in zip(res[k]["walls"], res[k]["cpus"]))
                for k in "abqcue"
                if k in res
            )
        )
        checks += [
            (f"{setup}: импорт ≤ {target:g}× чтения calamine по ЦП", cpu <= target),
            (f"{setup}: импорт ≤ {target:g}× чтения calamine по времени", wall <= target),
            (
                f"{setup}: пик памяти импорта < {TARGET_RSS_MB} МБ",
                max(res[k]["rss"] for k in "bqcu" if k in res) < TARGET_RSS_MB,
            ),
            (
                f"{setup}: импорт прошёл (код 0, imported)",
                all(res[k]["rc"] == 0 and res[k]["note"].startswith("imported") for k in "bqcu" if k in res),
            ),
        ]
        if "e" in res:
            checks += [
                (
                    f"zip-бомба отклонена быстрее {BOMB_SECONDS:g} с",
                    res["e"]["wall"] < BOMB_SECONDS
                    and not res["e"]["out"].startswith("ПРИНЯТ")
                    and res["e"]["rc"] == 0,
                ),
                (f"zip-бомба: пик памяти < {BOMB_RSS_MB} МБ", res["e"]["rss"] < BOMB_RSS_MB),
            ]
        if "d" in res:
            print(f"(d)/(b) = {res['d']['wall'] / res['b']['wall']:.1f} (по {res['d']['rows']} строкам)")
    print(
        f"\nСтарт команды `manage.py import_results --help`: {start['wall']:.2f} с по времени, {start['cpu']:.2f} с "
        f"ЦП, пик RSS {start['rss']:.0f} МБ (медиана {opts.help_runs}; все: "
        + " ".join(f"{w:.2f}/{c:.2f}" for w, c in zip(start["walls"], start["cpus"]))
        + ")"
    )
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}: {text}")
    sys.exit(0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    main()
