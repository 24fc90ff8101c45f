"""Reports benchmark: the programme report, school dossiers (one and the whole region on two processes), the dashboard.

Run against a database with the demo data (SQLite or PostgreSQL):
    DEBUG=true DATABASE_URL=sqlite:///var/db.sqlite3 .venv/bin/python benchmarks/report_benchmark.py [--municipality LAZO --year 2024]
Targets (issue «Дашборды и отчёты»): programme report < 15 s with data and charts < 1/5 of it; a dossier < 3 s;
the region's dossiers on two workers < 3 min; the dashboard < 300 ms with a fixed number of queries.
"""

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _setup():
    import django

    django.setup()


def _dossier(code_year):
    _setup()
    from reports.pdf import pdf_render
    from reports.selectors import school_dossier_context
    from schools.models import School

    code, year = code_year
    started = time.perf_counter()
    context = school_dossier_context(school=School.objects.get(code=code), year=year)
    pdf_render(template="reports/pdf/school.html", context=context)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipality", default="LAZO")
    parser.add_argument("--year", type=int, default=2024)
    opts = parser.parse_args()
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reports.pdf import pdf_render
    from reports.selectors import program_report_context
    from schools.models import Municipality, School, User

    municipality = Municipality.objects.get(code=opts.municipality)
    t0 = time.perf_counter()
    context = program_report_context(municipality=municipality, year=opts.year)
    t1 = time.perf_counter()
    _pdf, pages = pdf_render(template="reports/pdf/program.html", context=context)
    t2 = time.perf_counter()
    print(
        f"programme report {municipality.code} {opts.year}: {pages} pages, data+charts {t1 - t0:.2f} s, "
        f"PDF {t2 - t1:.2f} s, total {t2 - t0:.2f} s, data share {100 * (t1 - t0) / (t2 - t0):.0f} %"
    )

    one = [
        _dossier((School.objects.filter(municipality=municipality).order_by("pk")[0].code, opts.year)) for _ in range(3)
    ]
    print(f"one dossier: median {statistics.median(one):.2f} s")

    codes = list(School.objects.filter(municipality__region=municipality.region).values_list("code", flat=True))
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_dossier, [(c, opts.year) for c in codes]))
    print(f"{len(codes)} dossiers of the region on 2 processes: {time.perf_counter() - started:.1f} s")

    from django.core.cache import cache

    from reports.dashboard import dashboard_charts_warm

    client = Client()
    client.force_login(User.objects.get(username="head"))
    url = "/reports/dashboard/"  # as the head opens it: on the latest year with results

    def timed() -> tuple[float, int]:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            return time.perf_counter() - started, len(ctx.captured_queries)

    client.get(url)  # imports, fonts
    cold, after_change = [], []
    for _ in range(5):
        cache.clear()  # every chart must be drawn by the request itself
        cold.append(timed()[0])
        cache.clear()  # a data change, then the worker's warm-up after the recompute
        dashboard_charts_warm(municipality_ids=[municipality.pk])
        after_change.append(timed()[0])
    warm = [timed() for _ in range(10)]
    print(
        f"dashboard: charts drawn in the request median {1000 * statistics.median(cold):.0f} ms; "
        f"first view after a change, charts drawn by the worker, median {1000 * statistics.median(after_change):.0f} ms; "
        f"warm median {1000 * statistics.median(t for t, _ in warm):.0f} ms, {warm[-1][1]} queries"
    )


if __name__ == "__main__":
    main()
