"""The results import at scale: 100 000 rows of one .xlsx, end to end, against a bare python-calamine read.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench_import .venv/bin/python benchmarks/import_benchmark.py [--rows 100000]

Drops and recreates the database named in DATABASE_URL (its name must start with «opora_bench_import»; no other
database is touched), migrates it, creates a region, a municipality and the schools through the ORM, writes a realistic
results file (contract 1.2 headers; VPR, OGE and EGE rows whose counts add up) with xlsxwriter into a temporary
directory, then times separate processes, each under `/usr/bin/time` (wall time and peak RSS of that process):

  (a) a bare python-calamine read of the whole file (`python -c`);
  (b) `manage.py import_results FILE --format json` into an empty results table (everything created);
  (b′) the same import with the receivers of `results_changed` disconnected (without a broker Celery runs the
       ШНОР-list and indicator recomputes in the importing process; with a worker they run there);
  (c) the same again (everything unchanged: the idempotent path);
  (u) a second file with every tenth row changed (updates and their history rows);
  (d) a plain django-import-export `ModelResource` import of the same rows into an empty results table;
  (e) a zip bomb: a ~1 MB .xlsx whose sheet member unpacks to 1 GB, refused by `core.tables.table_read`.

(a), (b), (c), (u) and (e) run `--runs` times (default 5) and the medians are reported; (d) runs once (it takes
minutes). Targets (the issue): (b) within 5× (a), peak RSS under 500 MB; (e) refused in under 1 s, under 100 MB.
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

HEADER = ["Код ОО", "Наименование ОО", "Процедура", "Предмет", "Класс", "Год", "Участников", "«2»", "«3»", "«4»",
          "«5»", "«4» и «5»", "Подтвердили", "Понизили", "Повысили", "Ниже минимума", "Средний балл", "Высокие баллы"]
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
        sys.exit("DATABASE_URL должен указывать на базу PostgreSQL: postgres://postgres@127.0.0.1:5432/opora_bench_import")
    name = match.group("name")
    if not name.startswith(DB_PREFIX):
        sys.exit(f"Бенчмарк удаляет и создаёт базу заново; её имя должно начинаться с {DB_PREFIX}, а не «{name}».")
    with psycopg.connect(f"postgresql://{match.group('rest')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def schools_create(count: int) -> list[tuple[str, str]]:
    from django.core.management import call_command

    from schools.models import Municipality, Region, School

    call_command("migrate", verbosity=0)
    region = Region.objects.create(code="BENCH", name="Регион для замеров")
    municipality = Municipality.objects.create(code="BENCHM", name="Муниципалитет для замеров", region=region)
    School.objects.bulk_create(
        [School(code=f"BI{i:05d}", name=f"Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {i}»",
                short_name=f"МБОУ СОШ № {i}", type="СОШ", municipality=municipality) for i in range(1, count + 1)],
        batch_size=1000,
    )
    return list(School.objects.order_by("code").values_list("code", "name"))


def _counts(rng: random.Random, procedure: str, changed: bool, numbers_only: bool = False) -> list:
    """Participants and the rest of a row, consistent with the contract's rules; with numbers_only every filled
    cell is a number (no «38,5» or «-» written as text)."""
    n = rng.randint(8, 140) + (1 if changed else 0)
    below: int | str
    if procedure == "ЕГЭ":
        below = rng.randint(0, n // 10)
        high = rng.randint(0, n // 5)
        mean = (f"{rng.uniform(38, 82):.2f}".replace(".", ",") if rng.random() < 0.5 and not numbers_only
                else round(rng.uniform(38, 82), 1))
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


def file_write(path: Path, schools: list[tuple[str, str]], rows: int, *, change_every: int = 0,
               numbers_only: bool = False) -> None:
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
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>')
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


def results_truncate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE assessments_resultchange, assessments_result RESTART IDENTITY CASCADE")
    connection.close()


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
IMPORT_EXPORT = r'''
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
'''


def measure(args: list[str], *, env: dict | None = None, cwd: Path = ROOT) -> dict:
    """Run a child under /usr/bin/time; wall time (seconds), peak RSS (MB), exit code and output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        proc = subprocess.run([TIME, "-f", "%e %M %U %S", "-o", report.name, *args], cwd=cwd, env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - started
        line = report.read().strip().splitlines()[-1]
    _elapsed, rss_kb, user, system = line.split()
    return {"wall": wall, "rss": int(rss_kb) / 1024, "cpu": float(user) + float(system), "rc": proc.returncode,
            "out": proc.stdout.strip(), "err": proc.stderr.strip()}


def median_of(runs: list[dict]) -> dict:
    return {"wall": statistics.median(r["wall"] for r in runs), "rss": max(r["rss"] for r in runs),
            "cpu": statistics.median(r["cpu"] for r in runs), "walls": [r["wall"] for r in runs],
            "rc": max(r["rc"] for r in runs), "out": runs[-1]["out"], "err": runs[-1]["err"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=SCHOOLS)
    parser.add_argument("--runs", type=int, default=5, help="repeats of each timed process (medians reported)")
    parser.add_argument("--skip-import-export", action="store_true", help="leave out (d), which takes minutes")
    parser.add_argument("--import-export-rows", type=int, default=0,
                        help="(d) imports only the first N rows of the file (it reads the whole file); default all")
    parser.add_argument("--numbers-only", action="store_true",
                        help="the numbers-only file: year and counts as numbers, no text variants (the issue's case)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files (their directory is printed)")
    parser.add_argument("--workdir", help="where the files are written and kept; files already there for the same "
                                          "--rows are reused (generating them takes a while)")
    opts = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Укажите DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench_import")
    if not os.path.exists(TIME):
        sys.exit("Нужна программа /usr/bin/time (Debian: apt-get install time).")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    env.pop("REDIS_URL", None)  # tasks in-process: the import needs only PostgreSQL

    name = database_recreate(url)
    print(f"База {name} создана заново; миграции…", flush=True)
    django_setup()
    schools = schools_create(opts.schools)
    if opts.workdir:
        workdir = Path(opts.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        opts.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix="opora-import-bench-"))
    try:
        kind = "-numbers" if opts.numbers_only else ""
        path = workdir / f"results-{opts.rows}-{opts.schools}{kind}.xlsx"
        changed = workdir / f"results-{opts.rows}-{opts.schools}{kind}-changed.xlsx"
        bomb = workdir / "bomb.xlsx"
        t = time.perf_counter()
        if not path.exists():
            file_write(path, schools, opts.rows, numbers_only=opts.numbers_only)
        if not changed.exists():
            file_write(changed, schools, opts.rows, change_every=10, numbers_only=opts.numbers_only)
        if not bomb.exists():
            bomb_write(bomb)
        print(f"Файлы за {time.perf_counter() - t:.1f} с: {path.name} {path.stat().st_size / 1e6:.1f} МБ, "
              f"{bomb.name} {bomb.stat().st_size / 1e6:.2f} МБ (распакованный лист 1 ГБ)", flush=True)

        manage = [PYTHON, "manage.py", "import_results"]
        runs: dict[str, list[dict]] = {k: [] for k in "abqcue"}
        for i in range(opts.runs):
            runs["a"].append(measure([PYTHON, "-c", CALAMINE_READ, str(path)], env=env))
            results_truncate()
            runs["b"].append(measure([*manage, str(path), "--format", "json"], env=env))
            runs["c"].append(measure([*manage, str(path), "--format", "json"], env=env))
            runs["u"].append(measure([*manage, str(changed), "--format", "json"], env=env))
            results_truncate()
            runs["q"].append(measure([PYTHON, "-c", IMPORT_ONLY, str(path)], env=env))
            runs["e"].append(measure([PYTHON, "-c", BOMB_READ, str(bomb)], env=env))
            print(f"  прогон {i + 1}/{opts.runs}: " + ", ".join(f"{k} {v[-1]['wall']:.2f} с" for k, v in runs.items()),
                  flush=True)
        res = {k: median_of(v) for k, v in runs.items()}
        for k in "bqcu":
            try:
                outcome = json.loads(res[k]["out"].splitlines()[-1])
            except (ValueError, IndexError):
                outcome = None
            res[k]["note"] = (f"{outcome.get('status')}: создано {outcome.get('created')}, обновлено "
                              f"{outcome.get('updated')}, без изменений {outcome.get('unchanged')}, ошибок "
                              f"{len(outcome.get('errors', []))}") if outcome else res[k]["err"][-300:]
        res["a"]["note"] = f"{res['a']['out']} строк"
        res["e"]["note"] = res["e"]["out"][:120] or res["e"]["err"][-300:]
        if not opts.skip_import_export:
            results_truncate()
            print("  (d) django-import-export…", flush=True)
            script = IMPORT_EXPORT % {"headers": HEADER}
            limit = opts.import_export_rows or opts.rows
            res["d"] = measure([PYTHON, "-c", script, str(path), str(limit)], env=env)
            res["d"]["rows"] = limit
            res["d"]["note"] = res["d"]["out"][-200:] or res["d"]["err"][-300:]
    finally:
        if opts.keep:
            print(f"Файлы оставлены в {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    labels = {
        "a": "(a) python-calamine, только чтение",
        "b": "(b) import_results, всё новое",
        "q": "(b′) то же без пересчётов после импорта",
        "c": "(c) import_results, повторно (без изменений)",
        "u": "(u) import_results, каждая 10-я строка изменена",
        "d": "(d) django-import-export ModelResource" + ("" if not opts.import_export_rows else
                                                         f", {opts.import_export_rows} строк"),
        "e": "(e) zip-бомба 1 ГБ, отказ table_read",
    }
    print(f"\n{opts.rows} строк, {opts.schools} школ; медианы {opts.runs} прогонов ((d) — один прогон); "
          "пик RSS — наибольший из прогонов\n")
    print(f"| {'процесс':<48} | {'время, с':>8} | {'ЦП, с':>6} | {'пик RSS, МБ':>11} | итог")
    print(f"|{'-' * 50}|{'-' * 10}|{'-' * 8}|{'-' * 13}|-----")
    for k in "abqcude":
        if k in res:
            r = res[k]
            print(f"| {labels[k]:<48} | {r['wall']:>8.2f} | {r['cpu']:>6.2f} | {r['rss']:>11.0f} | {r['note']}")
    ratio = res["b"]["wall"] / res["a"]["wall"]
    print(f"\n(b)/(a) = {ratio:.2f} по времени (цель ≤ {TARGET_RATIO:g}), {res['b']['cpu'] / res['a']['cpu']:.2f} по ЦП; "
          f"(b′)/(a) = {res['q']['wall'] / res['a']['wall']:.2f}; (c)/(a) = {res['c']['wall'] / res['a']['wall']:.2f}; "
          f"(u)/(a) = {res['u']['wall'] / res['a']['wall']:.2f}")
    print("все прогоны, с: " + "; ".join(f"{k} " + " ".join(f"{w:.2f}" for w in res[k]["walls"]) for k in "abqcue"))
    if "d" in res:
        share = res["d"]["rows"] / opts.rows
        note = "" if share == 1 else f" (по {res['d']['rows']} строкам из {opts.rows}; время (d) не пересчитано)"
        print(f"(d)/(b) = {res['d']['wall'] / res['b']['wall']:.1f}{note}")
    checks = [
        ("импорт ≤ 5× чтения calamine", ratio <= TARGET_RATIO),
        (f"пик памяти импорта < {TARGET_RSS_MB} МБ", max(res[k]["rss"] for k in "bqcu") < TARGET_RSS_MB),
        ("импорт прошёл (код 0, imported)", all(res[k]["rc"] == 0 and res[k]["note"].startswith("imported")
                                                for k in "bqcu")),
        (f"zip-бомба отклонена быстрее {BOMB_SECONDS:g} с", res["e"]["wall"] < BOMB_SECONDS
         and not res["e"]["out"].startswith("ПРИНЯТ") and res["e"]["rc"] == 0),
        (f"zip-бомба: пик памяти < {BOMB_RSS_MB} МБ", res["e"]["rss"] < BOMB_RSS_MB),
    ]
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}: {text}")
    load = os.getloadavg()
    print(f"\n{dt.datetime.now().isoformat(timespec='minutes')}; {os.cpu_count()} CPU; load average "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; python {sys.version.split()[0]}")
    sys.exit(0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    main()
