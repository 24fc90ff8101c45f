"""The programme's effect, the context groups and the distance to the list for a region of 2,000 schools × 7 years.

    .venv/bin/python benchmarks/effect_benchmark.py [--runs 3] [--write-readme]

Pure functions over tables: no database. The region is synthetic (seeded): each school's share of «2» over the
rule's procedures is a latent level + the region's trend + noise, participants are chosen for bad results in the two
years before the programme (regression to the mean built in), a 3-point effect is planted, every school has the
contract 1.1 context columns, and the rule's nine procedures are written for the last two years. Times the whole
recompute of one programme and measure — the effect with its 999-replicate bootstrap and placebo, the context groups
of every school and year, the distance of every school — against the issue's target (< 10 s), and the parts.
`--write-readme` replaces the section «Эффект программы» in benchmarks/README.md.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()

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
