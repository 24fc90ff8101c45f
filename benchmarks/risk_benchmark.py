"""The ШНОР list at national scale: 40,000 schools in 2,000 municipalities, the rule's 9 procedures over 3 years.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench .venv/bin/python benchmarks/risk_benchmark.py

Creates the database if missing, migrates it, generates the data with COPY (once; `--regenerate` to redo), then
times the full recompute of every municipality (target < 10 s) and one municipality's list endpoint and page
(target < 200 ms, median of several runs). `--write-readme` records the figures in benchmarks/README.md.
"""

import argparse
import datetime as dt
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.pop("REDIS_URL", None)  # tasks in-process, cache in memory: the benchmark needs only PostgreSQL

YEAR = 2025  # the list's year: results of 2022–2024 feed it
MUNICIPALITIES = 2000
SCHOOLS_PER_MUNICIPALITY = 20
RUNS = 9


def database_ensure(url: str) -> None:
    import psycopg

    match = re.match(r"postgres(?:ql)?://(?P<rest>.+)/(?P<name>[^/?]+)$", url)
    if not match:
        sys.exit("DATABASE_URL должен указывать на базу PostgreSQL: postgres://user@host:port/opora_bench")
    name = match.group("name")
    with psycopg.connect(f"postgresql://{match.group('rest')}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def generate() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from assessments.models import Subject
    from assessments.risk.models import DEFAULT_PROCEDURES
    from schools.models import Municipality, Region, School

    rng = random.Random(20240601)
    subjects = dict(Subject.objects.values_list("code", "pk"))
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE assessments_result, assessments_riskrun, schools_schoolstatus, schools_school, "
                "schools_municipality, schools_region RESTART IDENTITY CASCADE"
            )
        region = Region.objects.create(code="BENCH", name="Синтетический регион")
        Municipality.objects.bulk_create(
            Municipality(code=f"BM{m:04d}", name=f"Муниципалитет № {m}", region=region) for m in range(MUNICIPALITIES)
        )
        municipality_ids = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
        raw = connection.connection
        with raw.cursor() as cur:
            with cur.copy(
                "COPY schools_school (code, name, short_name, aliases, type, municipality_id, settlement, "
                "website, is_active) FROM STDIN"
            ) as copy:
                for m, mid in enumerate(municipality_ids):
                    for s in range(SCHOOLS_PER_MUNICIPALITY):
                        copy.write_row(
                            (
                                f"BS{m:04d}{s:02d}",
                                f"Средняя школа № {s} муниципалитета {m}",
                                f"СОШ № {s} ({m})",
                                "[]",
                                "СОШ",
                                mid,
                                "",
                                "",
                                True,
                            )
                        )
        schools = list(School.objects.values_list("pk", flat=True))
        rows = 0
        with raw.cursor() as cur:
            with cur.copy(
                "COPY assessments_result (school_id, procedure, subject_id, grade, year, participants, "
                "marks_2, below_min, updated_at) FROM STDIN"
            ) as copy:
                for school_id in schools:
                    weakness = rng.random() ** 3 * 0.5  # most schools strong, a tail of weak ones
                    for year in (YEAR - 3, YEAR - 2, YEAR - 1):
                        for p in DEFAULT_PROCEDURES:
                            n = rng.randint(5, 60)
                            fail = min(n, int(n * max(0.0, rng.gauss(weakness, 0.08))))
                            below = None if p["procedure"] == "VPR" else fail
                            marks_2 = fail if p["procedure"] == "VPR" or rng.random() < 0.5 else None
                            copy.write_row(
                                (
                                    school_id,
                                    p["procedure"],
                                    subjects[p["subject"]],
                                    p["grade"],
                                    year,
                                    n,
                                    marks_2,
                                    below,
                                    now,
                                )
                            )
                            rows += 1
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Сгенерировано: {len(municipality_ids)} муниципалитетов, {len(schools)} ОО, {rows} строк результатов.")


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPU ({cpu}), {ram} RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def median_ms(fn, runs=RUNS) -> tuple[float, list[float]]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Нужен PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench")
    database_ensure(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from assessments.models import Result
    from assessments.risk.services import risk_list_recompute
    from schools.models import School, SchoolStatus, User

    call_command("migrate", verbosity=0)
    expected = MUNICIPALITIES * SCHOOLS_PER_MUNICIPALITY
    if args.regenerate or School.objects.count() != expected or Result.objects.count() < expected * 27:
        t = time.perf_counter()
        generate()
        print(f"Генерация и COPY: {time.perf_counter() - t:.1f} с")
    result_rows = Result.objects.count()
    from assessments.risk.models import DEFAULT_PROCEDURES, RiskRule

    # TRUNCATE … CASCADE reaches the rule through its author (users): put the migration's version 1 back.
    RiskRule.objects.get_or_create(version=1, defaults={"procedures": DEFAULT_PROCEDURES})

    # What the list feeds (the indicators) is recomputed by the worker afterwards, not inside this figure.
    from assessments.risk.services import risk_list_changed

    risk_list_changed.receivers = []
    load_before = os.getloadavg()[0]
    full = []
    for _ in range(3):
        t = time.perf_counter()
        risk_list_recompute(year=YEAR, trigger="benchmark")
        full.append(time.perf_counter() - t)
    listed = SchoolStatus.objects.filter(year=YEAR, source="computed", kind="shnor").count()
    watch = SchoolStatus.objects.filter(year=YEAR, source="computed", kind="watch").count()
    print(
        f"Полный пересчёт ({result_rows} строк): "
        + ", ".join(f"{s:.2f} с" for s in full)
        + f"; в списке {listed}, в зоне риска {watch}"
    )

    # The municipality with the most listed schools: the heaviest page.
    code = (
        SchoolStatus.objects.filter(year=YEAR, source="computed")
        .values("school__municipality__code")
        .order_by()
        .annotate(n=django.db.models.Count("id"))
        .order_by("-n")[0]["school__municipality__code"]
    )
    one = []
    from schools.models import Municipality

    mid = Municipality.objects.get(code=code).pk
    for _ in range(5):
        t = time.perf_counter()
        risk_list_recompute(year=YEAR, municipality_ids=[mid], trigger="benchmark")
        one.append((time.perf_counter() - t) * 1000)

    setup_test_environment()
    admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"role": "admin", "is_superuser": True})
    head, _ = User.objects.get_or_create(
        username="bench_head", defaults={"role": "head", "municipality_id": mid, "region_id": None}
    )
    client = Client()
    client.force_login(head)
    api_url = f"/api/v1/risk-lists/{YEAR}/?municipality={code}"
    page_url = f"/risk/?year={YEAR}&municipality={code}"
    assert client.get(api_url).status_code == 200 and client.get(page_url).status_code == 200
    api_ms, _ = median_ms(lambda: client.get(api_url))
    page_ms, _ = median_ms(lambda: client.get(page_url))
    admin_client = Client()
    admin_client.force_login(admin)
    admin_api_ms, _ = median_ms(lambda: admin_client.get(api_url))
    n_listed = len(client.get(api_url).json()["schools"])
    connection.close()

    figures = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "postgres": None,
        "load": (load_before, os.getloadavg()[0]),
        "rows": result_rows,
        "full": full,
        "listed": listed,
        "watch": watch,
        "one": statistics.median(one),
        "code": code,
        "n_listed": n_listed,
        "api": api_ms,
        "admin_api": admin_api_ms,
        "page": page_ms,
    }
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        figures["postgres"] = cursor.fetchone()[0]
    report = section(figures)
    print(report)
    if args.write_readme:
        readme_write(report)
    ok = max(full) < 10 and api_ms < 200 and page_ms < 200
    sys.exit(0 if ok else 1)


def section(f: dict) -> str:
    verdict = lambda ok: "✓" if ok else "✗ (цель не достигнута)"  # noqa: E731
    return f"""## ШНОР list

`DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench .venv/bin/python benchmarks/risk_benchmark.py`
(generates its data once with COPY; `--regenerate` to redo, `--write-readme` to update this section).

- Date: {f["date"]}; machine: {f["machine"]}; PostgreSQL {f["postgres"]} (local, default configuration).
- Load average (1 min) before / after the run: {f["load"][0]:.1f} / {f["load"][1]:.1f} — on a shared 2-CPU machine every
  figure scales with what else runs; compare runs at a similar load.
- Data: {MUNICIPALITIES} municipalities, {MUNICIPALITIES * SCHOOLS_PER_MUNICIPALITY} schools, {f["rows"]} result rows
  (the rule's 9 procedures × 3 years); list year {YEAR}: {f["listed"]} schools listed, {f["watch"]} on the watch-list.

| What | Target | Measured |
|---|---|---|
| Full recompute, every municipality (one set-based pass, replaced in one transaction), 3 runs | < 10 s | {" / ".join(f"{s:.2f} s" for s in f["full"])} {verdict(max(f["full"]) < 10)} |
| Recompute of one municipality ({f["code"]}) | — | {f["one"]:.0f} ms (median of 5) |
| `GET /api/v1/risk-lists/{YEAR}/?municipality={f["code"]}` as its head ({f["n_listed"]} listed) | < 200 ms | {f["api"]:.1f} ms (median of {RUNS}) {verdict(f["api"] < 200)} |
| same, as the national admin | < 200 ms | {f["admin_api"]:.1f} ms (median of {RUNS}) {verdict(f["admin_api"] < 200)} |
| Page `/risk/?year={YEAR}&municipality={f["code"]}` as its head | < 200 ms | {f["page"]:.1f} ms (median of {RUNS}) {verdict(f["page"] < 200)} |

Timings are wall-clock in one process (Django test client, no network), the database on the same machine.
"""


def readme_write(report: str) -> None:
    """Replace this benchmark's section in benchmarks/README.md (other sections are left as they are)."""
    path = ROOT / "benchmarks" / "README.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## ШНОР list\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: report + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + report
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
