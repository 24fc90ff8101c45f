"""Five years of realistic results for the demo schools, loaded through the same import as a user's table.

Distributions follow the seeds' tables: most schools with a few per cent of «2», each seed's listed schools
persistently weak (the seed module's `WEAK`), a few with suspicious objectivity (few confirmed VPR marks,
`SUSPICIOUS`). Where a document prints a figure the portal computes from results, the seed module gives the exact
rows (`exact_results()`): they replace the generated row of the same school, procedure, subject, grade and year, so
the portal's sums are the document's.
"""

import random

from assessments.services import COLUMNS, results_import
from core.tables import Table
from schools.models import School

YEARS = range(2021, 2026)
VPR = [(g, s) for g in (4, 5, 6, 7, 8) for s in ("Русский язык", "Математика")] + [(4, "Окружающий мир")]


def _marks(rng: random.Random, n: int, p2: float) -> list[int]:
    p5 = max(0.03, rng.uniform(0.08, 0.2) - p2 / 3)
    p4 = rng.uniform(0.3, 0.42)
    counts = [round(n * p2), 0, round(n * p4), round(n * p5)]
    counts[1] = n - counts[0] - counts[2] - counts[3]
    if counts[1] < 0:
        counts[2] += counts[1]
        counts[1] = 0
    return counts


def _rows(rng: random.Random, *, weak_codes=None, suspicious_codes=None, schools=None) -> list[list]:
    from .loader import SEEDS

    WEAK = set(weak_codes) if weak_codes is not None else {c for m in SEEDS.values() for c in m.weak_codes()}
    SUSPICIOUS = (
        set(suspicious_codes)
        if suspicious_codes is not None
        else {c for m in SEEDS.values() for c in m.suspicious_codes()}
    )
    rows = []
    for school in schools if schools is not None else School.objects.order_by("code"):
        weak = school.code in WEAK
        size = rng.randint(5, 18) if school.type in ("ООШ", "НОШ", "филиал") else rng.randint(15, 60)
        base = rng.uniform(0.28, 0.42) if weak else rng.uniform(0.01, 0.12)
        for year in YEARS:
            drift = (year - 2021) * (-0.02 if weak and year >= 2024 else 0.005)
            for grade, subject in VPR:
                if (school.type == "НОШ" and grade > 4) or school.type == "вечерняя":
                    continue
                n = max(3, size + rng.randint(-4, 4))
                p2 = min(0.6, max(0.0, base + drift + rng.uniform(-0.06, 0.06)))
                m2, m3, m4, m5 = _marks(rng, n, p2)
                if school.code in SUSPICIOUS:
                    confirmed = round(n * rng.uniform(0.1, 0.18))
                    raised = round(n * rng.uniform(0.5, 0.7))
                else:
                    confirmed = round(n * rng.uniform(0.68, 0.85))
                    raised = round(n * rng.uniform(0.02, 0.08))
                lowered = n - confirmed - raised
                rows.append(
                    [
                        school.code,
                        "ВПР",
                        subject,
                        grade,
                        year,
                        n,
                        m2,
                        m3,
                        m4,
                        m5,
                        "",
                        confirmed,
                        lowered,
                        raised,
                        "",
                        "",
                        "",
                    ]
                )
            if school.type in ("НОШ", "филиал"):
                continue
            for subject in ("Русский язык", "Математика"):
                n = max(3, size + rng.randint(-5, 3))
                p2 = min(0.5, max(0.0, (base * 0.8) + rng.uniform(-0.05, 0.05)))
                m2, m3, m4, m5 = _marks(rng, n, p2)
                rows.append([school.code, "ОГЭ", subject, 9, year, n, m2, m3, m4, m5, "", "", "", "", m2, "", ""])
            if school.type in ("ООШ", "вечерняя"):
                continue
            n11 = max(2, size // 2 + rng.randint(-3, 3))
            below = round(n11 * min(0.4, max(0.0, base * 0.7 + rng.uniform(-0.04, 0.04))))
            rows.append(
                [
                    school.code,
                    "ЕГЭ",
                    "Русский язык",
                    11,
                    year,
                    n11,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    below,
                    f"{rng.uniform(55, 74):.1f}".replace(".", ","),
                    round(n11 * rng.uniform(0.02, 0.2)),
                ]
            )
            base_n = max(1, n11 // 2)
            m2, m3, m4, m5 = _marks(rng, base_n, min(0.5, base * 0.6))
            rows.append(
                [school.code, "ЕГЭ", "Математика базовая", 11, year, base_n, m2, m3, m4, m5, "", "", "", "", m2, "", ""]
            )
            prof_n = n11 - base_n
            if prof_n:
                below = round(prof_n * min(0.5, max(0.0, base + rng.uniform(-0.05, 0.05))))
                rows.append(
                    [
                        school.code,
                        "ЕГЭ",
                        "Математика профильная",
                        11,
                        year,
                        prof_n,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        below,
                        f"{rng.uniform(38, 62):.1f}".replace(".", ","),
                        round(prof_n * rng.uniform(0, 0.1)),
                    ]
                )
    return rows


HEADERS = [
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


def results_table(modules, seed: int = 2026) -> Table:
    """The generated rows of the modules' schools with each module's exact rows in place of the generated ones."""
    codes = [code for m in modules for code in m.school_codes()]
    schools = School.objects.filter(code__in=codes).order_by("code")
    rows = _rows(
        random.Random(seed),
        weak_codes={c for m in modules for c in m.weak_codes()},
        suspicious_codes={c for m in modules for c in m.suspicious_codes()},
        schools=schools,
    )
    exact = [r for m in modules for r in m.exact_results()]
    replaced = {tuple(str(v) for v in r[:5]) for r in exact}
    rows = [
        r for r in rows if tuple(str(v) for v in r[:5]) not in replaced and not any(m.drops(r) for m in modules)
    ] + exact
    assert all(h in {c.title for c in COLUMNS} for h in HEADERS)
    return Table(
        headers=HEADERS,
        rows=[[str(v) for v in r] for r in rows],
        row_numbers=list(range(2, len(rows) + 2)),
        header_row_number=1,
        sheet_name="Результаты",
        kind="xlsx",
    )


def results_load(modules) -> None:
    outcome = results_import(table=results_table(modules))
    if outcome.status != "imported":
        raise RuntimeError(f"demo results rejected: {[e.as_dict() for e in outcome.errors[:5]]}")
