"""Where a page's time goes: each page of a login, in one process, no load — wall time, CPU time and queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_load .venv/bin/python benchmarks/pages_benchmark.py \
        [--login head] [--runs 5] [--schools 3] [--profile URL]

Reads an existing database with the demo data (the load benchmark leaves `opora_load`; `seed_demo` fills any other).
Production settings (DEBUG=false) with plain static storage, so no collectstatic is needed; the Django test client
signs the login in without a password. Each URL is opened once to warm the caches, then `--runs` times; the table
gives the medians, slowest first. `--profile URL` prints cProfile's top functions for that URL instead.
Nothing is written to the database but sessions.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = [
    "/",
    "/schools/",
    "/assessments/",
    "/risk/",
    "/risk/watch/",
    "/risk/differences/",
    "/indicators/",
    "/programs/",
    "/programs/documents/",
    "/reports/",
    "/reports/dashboard/",
    "/reports/region/",
    "/mentoring/",
    "/mentoring/visits/",
    "/mentoring/teachers/",
    "/mentoring/events/",
    "/api/v1/schools/",
    "/api/v1/results/?year={year}",
    "/api/v1/risk-lists/{year}/",
    "/api/v1/indicators/",
    "/api/v1/programs/",
]
SCHOOL_PAGES = ["/schools/{code}/", "/assessments/school/{code}/", "/reports/school/{code}/"]


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Укажите DATABASE_URL базы с демо-данными (например, opora_load после нагрузочного прогона).")
    os.environ.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "pages-benchmark-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collected static files, none needed
    os.environ.pop("REDIS_URL", None)  # the local-memory cache: each run starts as a fresh process would
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--login", default="head")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--schools", type=int, default=3, help="schools whose three pages are opened")
    parser.add_argument("--profile", metavar="URL")
    opts = parser.parse_args()
    setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Result
    from schools.models import School, User

    user = User.objects.get(username=opts.login)
    client = Client()
    client.force_login(user)
    if opts.profile:
        client.get(opts.profile)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(opts.runs):
            client.get(opts.profile)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return

    year = Result.objects.order_by("-year").values_list("year", flat=True).first()
    codes = list(School.objects.visible_to(user).order_by("code").values_list("code", flat=True))[: opts.schools]
    urls = [u.format(year=year) for u in PAGES] + [u.format(code=c) for c in codes for u in SCHOOL_PAGES]
    rows: list[tuple[float | None, float | None, int | None, int, int, str]] = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            rows.append((None, None, None, response.status_code, 0, url))
            continue
        wall, cpu = [], []
        for _ in range(opts.runs):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        rows.append(
            (
                statistics.median(wall),
                statistics.median(cpu),
                len(queries),
                response.status_code,
                len(response.content),
                url,
            )
        )
    print(
        f"Вход {opts.login}, медиана {opts.runs} открытий, без нагрузки; {connection.vendor}, "
        f"{connection.settings_dict['NAME']}"
    )
    print("| Page | Wall, ms | CPU, ms | Queries | Size, kB |\n|---|---|---|---|---|")
    for wall_ms, cpu_ms, count, status, size, url in sorted(rows, key=lambda r: -(r[0] or 0)):
        if wall_ms is None:
            print(f"| `{url}` | {status} | | | |")
        else:
            print(f"| `{url}` | {wall_ms:.1f} | {cpu_ms:.1f} | {count} | {size / 1024:.0f} |")


if __name__ == "__main__":
    main()
