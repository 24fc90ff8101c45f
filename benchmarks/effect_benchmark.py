"""The programme's effect, the context groups and the distance to the list for a region of 2,000 schools × 7 years.

    .venv/bin/python benchmarks/effect_benchmark.py [--runs 3] [--write-readme]

Pure functions over tables: no database. The region is synthetic (seeded): each school's share of «2» over the
rule's procedures is a latent level + the region's trend + noise, participants are chosen for bad results in the two
years before the programme (regression to the mean built in), a 3-point effect is planted, every school has the
contract 1.1 context columns, and the rule's nine procedures are written for the last two years. Times the whole
recompute of one programme and measure — the effect with its 999-replicate bootstrap and placebo, the context groups
of every school and year, the distance of every school — against the issue's target (< 10 s), and the parts.
`--write-readme` replaces the section «Эффект программы» in benchmarks/README.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_effect_bench .venv/bin/python benchmarks/effect_benchmark.py \
        --portal [--runs 3] [--write-readme]

`--portal`: the same region through the portal — 2,000 schools of 20 municipalities, the rule's nine procedures
for each of the 7 years as `Result` rows (counts of «2» drawn from the schools' shares), a programme with the chosen
participants — and times what the portal does: the effect computed from the database and stored
(`effect_compute`: the tables' reads, the estimate, the write), a read served from the cache (`effect_fresh`, the
data version checked), and the refresh after a change (`effect_region_refresh`). The database is created and
migrated if missing, the data generated once (`--regenerate` to redo). `--write-readme` replaces the section
«Эффект программы через портал».
"""

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.pop("REDIS_URL", None)

SCHOOLS = 2000
YEARS = tuple(range(2018, 2025))
FIRST_YEAR = 2022
EFFECT = -3.0
SEED = 20261202
TARGET_S = 10.0
SECTION = "## Эффект программы"
PORTAL_SECTION = "## Эффект программы через портал"
MUNICIPALITIES = 20
PROGRAM = "effect-bench"


def region():
    import numpy as np
    import pandas as pd

    from assessments.risk.models import DEFAULT_PROCEDURES
    from assessments.risk.rule import ResultRow

    rng = np.random.default_rng(SEED)
    ids = np.arange(1, SCHOOLS + 1)
    mu = np.clip(rng.normal(18, 6, SCHOOLS), 1, 60)
    size = rng.integers(20, 120, SCHOOLS)
    shares = {y: np.clip(mu - (y - YEARS[0]) + rng.normal(0, 5, SCHOOLS), 0, 100) for y in YEARS}
    selection = (shares[FIRST_YEAR - 1] + shares[FIRST_YEAR - 2]) / 2
    chosen = rng.random(SCHOOLS) < 1 / (1 + np.exp(-(selection - 27) / 4))
    values = pd.concat(
        [
            pd.DataFrame(
                {
                    "school_id": ids,
                    "year": y,
                    "n": size,
                    "value": np.clip(shares[y] + (EFFECT * chosen if y >= FIRST_YEAR else 0), 0, 100),
                }
            )
            for y in YEARS
        ],
        ignore_index=True,
    )
    urban = rng.random(SCHOOLS) < 0.6
    context = pd.concat(
        [
            pd.DataFrame(
                {
                    "school_id": ids,
                    "year": y,
                    "urban_rural": np.where(urban, "город", "село"),
                    "enrolment": np.where(urban, rng.integers(300, 1500, SCHOOLS), rng.integers(20, 300, SCHOOLS)),
                    "low_income_share": np.clip(mu + rng.normal(0, 8, SCHOOLS), 0, 100),
                    "sen_share": np.clip(rng.normal(6, 3, SCHOOLS), 0, 100),
                    "non_native_share": np.clip(rng.exponential(3, SCHOOLS), 0, 100),
                    "resource_index": np.round(rng.normal(1.0, 0.2, SCHOOLS), 2),
                }
            )
            for y in YEARS
        ],
        ignore_index=True,
    )
    rows = []
    year = YEARS[-1]
    for y in (year - 1, year):
        for p in DEFAULT_PROCEDURES:
            n = rng.integers(5, 60, SCHOOLS)
            fail = rng.binomial(n, np.clip(shares[y] / 100, 0, 1))
            for school_id, participants, f in zip(ids.tolist(), n.tolist(), fail.tolist()):
                below = f if p["procedure"] != "VPR" else None
                rows.append(
                    ResultRow(
                        school_id=school_id,
                        year=y,
                        procedure=p["procedure"],
                        subject=p["subject"],
                        grade=p["grade"],
                        participants=participants,
                        marks_2=f,
                        below_min=below,
                    )
                )
    treated, pool = set(ids[chosen].tolist()), set(ids[~chosen].tolist())
    return values, context, rows, treated, pool


def run_once(values, context, rows, treated, pool) -> dict:
    from assessments.risk.distance import distance_to_list
    from assessments.risk.models import DEFAULT_PROCEDURES
    from assessments.risk.rule import ProcedureKey, RuleParams
    from programs.effect.analysis import effect_estimate
    from programs.effect.context import context_groups

    params = RuleParams(
        version=1, procedures=tuple(ProcedureKey(p["procedure"], p["subject"], p["grade"]) for p in DEFAULT_PROCEDURES)
    )
    timings = {}
    start = time.perf_counter()
    result = effect_estimate(values, treated=treated, first_year=FIRST_YEAR, pool=pool, context=context, seed=SEED)
    timings["effect"] = time.perf_counter() - start
    t = time.perf_counter()
    groups = context_groups(context)
    timings["context"] = time.perf_counter() - t
    t = time.perf_counter()
    distances = distance_to_list(params, YEARS[-1], rows)
    timings["distance"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - start
    return {"timings": timings, "result": result, "groups": groups, "distances": distances}


def machine() -> str:
    import numpy as np
    import pandas as pd

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        total = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    except OSError:
        total = None
    if total is not None:
        mem = f"{int(total.group(1)) / 1024 / 1024:.1f} GiB RAM"
    return (
        f"{os.cpu_count()} CPU ({cpu}), {mem}, Linux {platform.release()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}, pandas {pd.__version__}"
    )


def ru(seconds: float) -> str:
    return f"{num(seconds)} с"


def num(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


def database_ensure(url: str) -> None:
    import psycopg

    match = re.match(r"postgres(?:ql)?://(?P<rest>.+)/(?P<name>[^/?]+)$", url)
    if not match:
        sys.exit("DATABASE_URL должен указывать на базу PostgreSQL: postgres://user@host:port/opora_effect_bench")
    name = match.group("name")
    with psycopg.connect(f"postgresql://{match.group('rest')}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def portal_generate(values, treated) -> None:
    """The synthetic region as the portal's rows: every rule procedure of every school and year (one transaction)."""
    import datetime

    import numpy as np
    from django.db import transaction

    from assessments.models import Result, Subject
    from assessments.risk.models import DEFAULT_PROCEDURES
    from programs.models import Program, ProgramParticipant
    from schools.models import Municipality, Region, School

    rng = np.random.default_rng(SEED + 1)
    subjects = dict(Subject.objects.values_list("code", "pk"))
    with transaction.atomic():
        # Only the benchmark's own region is replaced: the database may hold other data.
        Program.objects.filter(code=PROGRAM).delete()
        Result.objects.filter(school__municipality__region__code="EB").delete()
        School.objects.filter(municipality__region__code="EB").delete()
        Municipality.objects.filter(region__code="EB").delete()
        Region.objects.filter(code="EB").delete()
        region = Region.objects.create(code="EB", name="Регион эффекта")
        munis = Municipality.objects.bulk_create(
            Municipality(code=f"EB{m:02d}", name=f"Район {m}", region=region) for m in range(MUNICIPALITIES)
        )
        per = SCHOOLS // MUNICIPALITIES
        schools = School.objects.bulk_create(
            School(code=f"EB-{i}", name=f"Школа {i}", municipality=munis[(i - 1) // per], is_rural=bool(i % 3))
            for i in range(1, SCHOOLS + 1)
        )
        pk = {i: s.pk for i, s in enumerate(schools, 1)}
        share = values.set_index(["school_id", "year"])["value"].to_dict()
        rows = []
        for (school_id, year), value in share.items():
            for p in DEFAULT_PROCEDURES:
                n = int(rng.integers(10, 60))
                fail = int(rng.binomial(n, min(max(value / 100, 0), 1)))
                below = fail if p["procedure"] != "VPR" else None
                rows.append(
                    Result(
                        school_id=pk[school_id],
                        procedure=p["procedure"],
                        subject_id=subjects[p["subject"]],
                        grade=p["grade"],
                        year=year,
                        participants=n,
                        marks_2=fail,
                        below_min=below,
                    )
                )
        Result.objects.bulk_create(rows, batch_size=10000)
        program = Program.objects.create(
            code=PROGRAM,
            title="Программа эффекта (бенчмарк)",
            municipality=munis[0],
            period_start=datetime.date(FIRST_YEAR, 1, 1),
            period_end=datetime.date(YEARS[-1], 12, 31),
        )
        ProgramParticipant.objects.bulk_create(
            ProgramParticipant(program=program, school_id=pk[s], year=FIRST_YEAR) for s in sorted(treated)
        )


def portal_main(args) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Нужен PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_effect_bench")
    database_ensure(url)
    import django

    django.setup()
    from django.core.management import call_command

    from assessments.models import Result
    from programs.effect.selectors import DEFAULT_KEY
    from programs.effect.services import effect_compute, effect_fresh, effect_region_refresh
    from programs.models import Program

    call_command("migrate", verbosity=0)
    values, _context, _rows, treated, _pool = region()
    expected = SCHOOLS * len(YEARS) * 9
    generate_s = None
    present = Result.objects.filter(school__municipality__region__code="EB").count()
    if args.regenerate or present != expected or not Program.objects.filter(code=PROGRAM).exists():
        t = time.perf_counter()
        portal_generate(values, treated)
        generate_s = time.perf_counter() - t
    program = Program.objects.select_related("municipality").get(code=PROGRAM)
    load_before = os.getloadavg()[0]
    started = dt.datetime.now(dt.UTC)
    computes, hits, refreshes = [], [], []
    effect = None
    for _ in range(args.runs):
        t = time.perf_counter()
        effect = effect_compute(program=program, key=DEFAULT_KEY)
        computes.append(time.perf_counter() - t)
        t = time.perf_counter()
        effect_fresh(program=program, key=DEFAULT_KEY)
        hits.append(time.perf_counter() - t)
        row = Result.objects.filter(school__municipality=program.municipality).order_by("pk").first()
        assert row is not None
        row.participants = (
            row.participants or 0
        ) + 1  # a change: the cached effect is stale, the refresh recomputes it
        row.save(update_fields=["participants", "updated_at"])
        t = time.perf_counter()
        effect_region_refresh(region_id=program.municipality.region_id)
        refreshes.append(time.perf_counter() - t)
    load_after = os.getloadavg()[0]
    assert effect is not None
    r = effect.result
    ok = "✓" if max(computes + refreshes) < TARGET_S else "✗"
    if generate_s is not None:
        print(f"generated {expected} results in {generate_s:.1f} s")
    print("compute: " + ", ".join(f"{x:.2f} s" for x in computes) + f" {ok}")
    print("cache hit: " + ", ".join(f"{x * 1000:.0f} ms" for x in hits))
    print("refresh after a change: " + ", ".join(f"{x:.2f} s" for x in refreshes))
    print(f"estimate {r['estimate']} ci {r['ci']} placebo {r['placebo']} g {r['baseline_sd_diff']} {r['equivalence']}")
    if not args.write_readme:
        return
    section = f"""{PORTAL_SECTION}

`DATABASE_URL=postgres://postgres@127.0.0.1:5432/opora_effect_bench .venv/bin/python benchmarks/effect_benchmark.py
--portal --runs {args.runs} --write-readme` — тот же синтетический регион, но в базе портала: {SCHOOLS} школ в
{MUNICIPALITIES} муниципалитетах, {expected} строк результатов (9 процедур правила ШНОР × {len(YEARS)} лет, число «2»
по долям школ), программа с {len(treated)} участницами с {FIRST_YEAR} г.; показатель — доля «2» по всем процедурам
правила (ключ по умолчанию страницы и API).

- Дата: {started:%d.%m.%Y %H:%M} UTC; машина: {machine()}; PostgreSQL.
- Средняя загрузка (1 мин) до / после: {num(load_before, 1)} / {num(load_after, 1)} — машина общая.
- Итог: оценка {num(r["estimate"], 1)} п. п. при посеянных {num(EFFECT, 1)} (95 % интервал {num(r["ci"][0], 1)} …
  {num(r["ci"][1], 1)}), плацебо {num(r["placebo"]["estimate"], 1)}, g = {num(r["baseline_sd_diff"], 2)} ({r["equivalence"]}); участниц в оценке — {r["treated"]["n"]}, школ сравнения — {r["comparison"]["n"]}.

| Что | Цель | Измерено |
|---|---|---|
| Пересчёт через портал (`effect_compute`: чтение таблиц из базы, оценка с бутстрепом 999 повторов и плацебо, запись), {args.runs} запуска | < 10 с | {" / ".join(ru(x) for x in computes)} {ok} |
| Чтение из кэша (`effect_fresh`: проверка версии данных) | — | {" / ".join(f"{num(x * 1000, 0)} мс" for x in hits)} |
| Обновление после изменения результата (`effect_region_refresh`) | < 10 с | {" / ".join(ru(x) for x in refreshes)} |

Поэтому API и страница считают промах кэша прямо в запросе (несколько секунд, и то только при первом просмотре нового
показателя: кэшированные эффекты после каждой загрузки пересчитывает воркер), без задачи и ответа 202.
"""
    readme = ROOT / "benchmarks" / "README.md"
    text = readme.read_text()
    if PORTAL_SECTION in text:
        start = text.index(PORTAL_SECTION)
        following = text.find("\n## ", start + len(PORTAL_SECTION))
        text = text[:start] + section.rstrip() + "\n" + (text[following:] if following != -1 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    readme.write_text(text)
    print(f"wrote {readme}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--portal", action="store_true", help="через базу портала (нужен PostgreSQL в DATABASE_URL)")
    parser.add_argument("--regenerate", action="store_true", help="с --portal: создать данные заново")
    args = parser.parse_args()
    if args.portal:
        portal_main(args)
        return

    import django

    django.setup()
    load_before = os.getloadavg()[0]
    started = dt.datetime.now(dt.UTC)
    t = time.perf_counter()
    data = region()
    generate_s = time.perf_counter() - t
    runs = [run_once(*data) for _ in range(args.runs)]
    load_after = os.getloadavg()[0]
    last = runs[-1]
    result, groups, distances = last["result"], last["groups"], last["distances"]
    totals = [r["timings"]["total"] for r in runs]
    part = {k: statistics.median(r["timings"][k] for r in runs) for k in ("effect", "context", "distance")}
    one_step = sum(1 for d in distances.values() if d.one_step)
    ok = "✓" if max(totals) < TARGET_S else "✗"
    print(f"generated in {generate_s:.1f} s; runs: " + ", ".join(f"{x:.2f} s" for x in totals) + f" {ok}")
    print(f"effect {part['effect']:.2f} s, context {part['context']:.2f} s, distance {part['distance']:.2f} s")
    print(
        f"estimate {result.estimate:.2f} (planted {EFFECT}), ci {result.ci}, placebo {result.placebo.estimate:.2f}, "
        f"g {result.baseline_sd_diff:.3f} {result.equivalence}; treated {result.treated.n}, comparison "
        f"{result.comparison.n}; {len(groups)} context rows; {len(distances)} distances, {one_step} one step away"
    )
    if not args.write_readme:
        return
    from programs.effect.analysis import CANDIDATES

    values = data[0]
    section = f"""{SECTION}

`.venv/bin/python benchmarks/effect_benchmark.py --runs {args.runs} --write-readme` (чистые функции над таблицами,
без базы; синтетический регион с посеянным эффектом строится заново при каждом запуске, seed {SEED}).

- Дата: {started:%d.%m.%Y %H:%M} UTC; машина: {machine()}.
- Средняя загрузка (1 мин) до / после: {num(load_before, 1)} / {num(load_after, 1)} — машина общая, на 2 ядрах шли
  и чужие тесты, поэтому цифры зависят от загрузки.
- Данные: {SCHOOLS} школ × {len(YEARS)} лет ({len(values)} строк показателя), программа с {FIRST_YEAR} г.;
  участниц — {len(data[3])}, никогда не участвовавших — {len(data[4])}; контекст (1.1) каждой школы за каждый год
  ({len(groups)} строк); {len(data[2])} строк результатов по 9 процедурам правила за {YEARS[-2]}–{YEARS[-1]} гг.
- Итог расчёта: оценка {num(result.estimate)} п. п. при посеянных {num(EFFECT, 1)} (95 % интервал
  {num(result.ci[0])} … {num(result.ci[1])}), плацебо {num(result.placebo.estimate)}, g = {num(result.baseline_sd_diff, 3)}
  ({result.equivalence}); в оценке участниц — {result.treated.n}, школ сравнения — {result.comparison.n}
  (остальные участницы не нашли похожих школ ближе калипера); в шаге от списка или от выхода из него — {one_step}.

| Что | Цель | Измерено |
|---|---|---|
| Полный пересчёт одной программы и показателя: эффект (бутстреп 999 повторов и плацебо) + контекстные группы всех школ и лет + расстояние до списка всех школ, {args.runs} запуска | < 10 с | {" / ".join(ru(x) for x in totals)} {ok} |
| из них эффект | — | {ru(part["effect"])} (медиана) |
| из них контекстные группы | — | {ru(part["context"])} (медиана) |
| из них расстояние до списка | — | {ru(part["distance"])} (медиана) |

Бутстреп не пересчитывает расстояния в каждом повторе: ближайшие {CANDIDATES} школ каждой участницы находятся один раз, а
повтор только меняет кратности школ в выборке, что даёт то же сопоставление, что и новый поиск (тот же seed — те же
числа; первый вариант с новым поиском в каждом повторе занимал 135 с при загрузке 6).
"""
    readme = ROOT / "benchmarks" / "README.md"
    text = readme.read_text()
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section.rstrip() + "\n" + (text[following:] if following != -1 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    readme.write_text(text)
    print(f"wrote {readme}")


if __name__ == "__main__":
    main()
