"""All preset indicators for every municipality of the national data set of «Списки ШНОР» (benchmarks/risk_benchmark.py:
40,000 schools in 2,000 municipalities, ~1M result rows), recomputed in one pass. Target: < 30 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench .venv/bin/python benchmarks/indicators_benchmark.py

Reuses the ШНОР benchmark's generator (schools and results, created once); adds, once, what the other measures read:
ШНСУ statuses, teachers with diagnostics and courses, curator visits, events and partnerships of the target schools;
one programme per municipality with the nine preset indicators. `--write-readme` records the figures (its own
section of benchmarks/README.md; the other sections are left as they are).
"""

import argparse
import datetime as dt
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from risk_benchmark import MUNICIPALITIES, SCHOOLS_PER_MUNICIPALITY, YEAR, database_ensure, generate, machine  # noqa: E402

IND_YEAR = YEAR - 1  # the last year with results (Y−1 of the list year), so changes have Y−1 too
PRESET_TARGETS = {
    "shnor_share": 20,
    "below_min_share": 5,
    "vpr_coped_share": 75,
    "quality_change": 1,
    "positive_dynamics_share": 70,
    "method_work_share": 100,
    "partnership_share": 25,
    "teachers_diagnosed_share": 75,
    "teachers_pd_share": 100,
}


def support_generate() -> None:
    """ШНСУ, teachers, diagnostics, courses, visits, events and partnerships, set-based (bulk inserts)."""
    from django.db import transaction

    from assessments.risk.selectors import shnor_school_ids
    from mentoring.models import CuratorVisit, DeficitDiagnostic, MethodEvent, Partnership, PDCourse, Teacher
    from schools.models import School, SchoolStatus, User

    rng = random.Random(7)
    d = dt.date
    with transaction.atomic():
        schools = list(School.objects.values_list("pk", "municipality_id"))
        shnor = set(shnor_school_ids(year=IND_YEAR))
        shnsu = {pk for pk, _m in schools if pk not in shnor and rng.random() < 0.05}
        SchoolStatus.objects.bulk_create(
            [SchoolStatus(school_id=pk, year=IND_YEAR, kind="shnsu", source="manual") for pk in shnsu], batch_size=5000
        )
        targets = [(pk, m) for pk, m in schools if pk in shnor or pk in shnsu]
        Teacher.objects.bulk_create(
            [
                Teacher(school_id=pk, full_name=f"Педагог {i}", subject="математика", experience_band="3_10")
                for pk, _m in targets
                for i in range(8)
            ],
            batch_size=5000,
        )
        teachers = list(Teacher.objects.values_list("pk", flat=True))
        DeficitDiagnostic.objects.bulk_create(
            [
                DeficitDiagnostic(teacher_id=t, date=d(IND_YEAR, 3, 1), instrument="ДПД")
                for t in teachers
                if rng.random() < 0.7
            ],
            batch_size=5000,
        )
        PDCourse.objects.bulk_create(
            [
                PDCourse(
                    teacher_id=t, title="ПК", hours=36, start=d(IND_YEAR, 2, 1), end=d(IND_YEAR, 3, 1), completed=True
                )
                for t in teachers
                if rng.random() < 0.5
            ],
            batch_size=5000,
        )
        curator, _ = User.objects.get_or_create(username="bench_curator", defaults={"role": "curator"})
        CuratorVisit.objects.bulk_create(
            [
                CuratorVisit(curator=curator, school_id=pk, date=d(IND_YEAR, 4, 1))
                for pk, _m in targets
                if rng.random() < 0.6
            ],
            batch_size=5000,
        )
        MethodEvent.objects.bulk_create(
            [
                MethodEvent(
                    title="Семинар", kind="seminar", date=d(IND_YEAR, 10, 1), municipality_id=m, host_school_id=pk
                )
                for pk, m in targets
                if rng.random() < 0.2
            ],
            batch_size=5000,
        )
        by_muni: dict[int, list[int]] = {}
        for pk, m in schools:
            by_muni.setdefault(m, []).append(pk)
        Partnership.objects.bulk_create(
            [
                Partnership(
                    school_id=pk,
                    partner_id=next(p for p in by_muni[m] if p != pk),
                    start=d(IND_YEAR - 1, 9, 1),
                    end=d(IND_YEAR, 6, 30),
                )
                for pk, m in targets
                if rng.random() < 0.3
            ],
            batch_size=5000,
        )
    print(f"Поддержка: ШНОР {len(shnor)}, ШНСУ {len(shnsu)}, педагогов {len(teachers)}.")


def programs_generate() -> int:
    from django.db import transaction

    from programs.indicators.engine.presets import PRESETS
    from programs.indicators.models import Indicator
    from programs.models import Program
    from schools.models import Municipality

    with transaction.atomic():
        Program.objects.filter(code__startswith="bench-").delete()
        Program.objects.bulk_create(
            [
                Program(
                    code=f"bench-{m.code.lower()}",
                    title=f"Программа {m.name}",
                    municipality=m,
                    period_start=dt.date(IND_YEAR - 1, 1, 1),
                    period_end=dt.date(IND_YEAR, 12, 31),
                )
                for m in Municipality.objects.all()
            ],
            batch_size=2000,
        )
        inds = []
        for program in Program.objects.filter(code__startswith="bench-"):
            for n, (code, p) in enumerate(PRESETS.items()):
                inds.append(
                    Indicator(
                        program=program,
                        code=code,
                        name=p["name"],
                        unit=p["unit"],
                        direction=p["direction"],
                        comparator=p["comparator"],
                        method="computed",
                        measure=p["measure"],
                        params=p.get("params", {}),
                        targets={str(IND_YEAR): PRESET_TARGETS[code]},
                        order=n,
                    )
                )
        Indicator.objects.bulk_create(inds, batch_size=5000)
    return len(inds)


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

    from assessments.models import Result
    from assessments.risk.models import DEFAULT_PROCEDURES, RiskRule
    from assessments.risk.services import risk_list_recompute
    from mentoring.models import Teacher
    from programs.indicators.engine.recompute import indicator_values_recompute
    from programs.indicators.models import Indicator, IndicatorValue
    from schools.models import School

    call_command("migrate", verbosity=0)
    expected = MUNICIPALITIES * SCHOOLS_PER_MUNICIPALITY
    if args.regenerate or School.objects.count() != expected or Result.objects.count() < expected * 27:
        t = time.perf_counter()
        generate()
        print(f"Генерация и COPY: {time.perf_counter() - t:.1f} с")
    RiskRule.objects.get_or_create(version=1, defaults={"procedures": DEFAULT_PROCEDURES})
    if not Teacher.objects.exists() or args.regenerate:
        risk_list_recompute(year=IND_YEAR, trigger="benchmark")
        support_generate()
    if Indicator.objects.filter(program__code__startswith="bench-").count() != MUNICIPALITIES * 9:
        programs_generate()
    n_ind = Indicator.objects.filter(program__code__startswith="bench-").count()

    load_before = os.getloadavg()[0]
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        outcome = indicator_values_recompute(year=IND_YEAR)
        runs.append(time.perf_counter() - t)
    values = IndicatorValue.objects.filter(year=IND_YEAR).count()
    print(
        f"Пересчёт {n_ind} показателей за {IND_YEAR}: "
        + ", ".join(f"{s:.2f} с" for s in runs)
        + f"; значений {values} (по муниципалитетам и школам)"
    )
    one_muni = Indicator.objects.filter(program__code__startswith="bench-").order_by("pk")[0].program.municipality
    one = []
    for _ in range(3):
        t = time.perf_counter()
        indicator_values_recompute(year=IND_YEAR, municipality=one_muni)
        one.append((time.perf_counter() - t) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    figures = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "postgres": pg,
        "load": (load_before, os.getloadavg()[0]),
        "rows": Result.objects.count(),
        "indicators": n_ind,
        "values": values,
        "runs": runs,
        "one": sorted(one)[1],
        "outcome": outcome,
    }
    report = section(figures)
    print(report)
    if args.write_readme:
        readme_write(report)
    sys.exit(0 if max(runs) < 30 else 1)


def section(f: dict) -> str:
    ok = "✓" if max(f["runs"]) < 30 else "✗ (цель не достигнута)"
    return f"""## Показатели

`DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_bench .venv/bin/python benchmarks/indicators_benchmark.py`
(reuses the ШНОР benchmark's data; adds support records and one programme with the nine presets per municipality
once; `--write-readme` updates this section).

- Date: {f["date"]}; machine: {f["machine"]}; PostgreSQL {f["postgres"]} (local, default configuration).
- Load average (1 min) before / after: {f["load"][0]:.1f} / {f["load"][1]:.1f} (shared machine: figures scale with load).
- Data: {MUNICIPALITIES} municipalities, {MUNICIPALITIES * SCHOOLS_PER_MUNICIPALITY} schools, {f["rows"]} result rows;
  {f["indicators"]} indicators (9 presets × {MUNICIPALITIES} programmes); year {IND_YEAR}: {f["values"]} values written
  (municipality rows and per-school rows of the per-school measures).

| What | Target | Measured |
|---|---|---|
| All presets, every municipality, year {IND_YEAR} (one set-based pass per measure, values replaced in one transaction), 3 runs | < 30 s | {" / ".join(f"{s:.1f} s" for s in f["runs"])} {ok} |
| One municipality's programme (9 indicators) | — | {f["one"]:.0f} ms (median of 3) |
"""


def readme_write(report: str) -> None:
    path = ROOT / "benchmarks" / "README.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Показатели\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: report + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + report
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
