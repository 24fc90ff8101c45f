"""Every «Сроки» wording of the four seed programmes read over its programme's period (contract 1.4).

A wording without a year applies to every year of the period; a recurrence never falls after the programme's end;
an empty «Сроки» is accepted as «срок не распознан». The seeds' own plan tables are in demo/seeds/; the plans that
seeds 001 and 002 give only in their text are written out in tests/programs/data/ (see its README)."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from demo import SEEDS_DIR
from programs.deadlines import deadline_parse
from programs.models import PlanItem
from programs.selectors import overdue_q, year_calendar
from programs.services.plan_import import PLAN_DUPLICATE_NUMBER
from programs.services.programmes import program_save
from tests.support.programs import item_make, program_make

d = datetime.date
DATA = Path(__file__).parent / "data"

# The programmes' periods as their passports give them.
PERIODS = {
    "001": (d(2023, 1, 1), d(2025, 12, 31)),  # «2023-2025 годы»
    "002": (d(2022, 1, 1), d(2024, 12, 31)),  # «01.2022-12.2024 г.г.»
    "003": (d(2021, 1, 1), d(2022, 12, 31)),  # «2021– 2022 гг.»
    "004": (d(2023, 1, 1), d(2024, 12, 31)),  # «2 года (2023 – 2024 гг.)»
}

# The tables each wording comes from: (seed, file, column).
TABLES = [
    ("001", DATA / "001_monitoring_plan.csv", "Сроки"),
    ("002", DATA / "002_main_activities.csv", "Сроки"),
    ("003", SEEDS_DIR / "003_activity_plan.csv", "deadline_ru"),
    ("003", SEEDS_DIR / "003_management_measures.csv", "timing_ru"),
    ("004", SEEDS_DIR / "004_plan_schedule.csv", "deadline_ru"),
]

# (seed, wording) -> (kind, start, end, months, recurrence, number of due dates in the period, first, last)
EXPECTED: dict[tuple[str, str], tuple] = {
    # --- seed 001, «Мониторинг реализации программы» (2023–2025) ---
    ("001", ""): ("unparsed", None, None, (), "", 0, None, None),
    ("001", "1 раз в год"): ("recurring", None, None, (), "yearly", 3, d(2023, 12, 31), d(2025, 12, 31)),
    ("001", "2 раза в год"): ("recurring", None, None, (), "times_per_year:2", 6, d(2023, 6, 30), d(2025, 12, 31)),
    ("001", "4 раза в год по итогам четверти/полугодия (плановый)"): (
        "recurring",
        None,
        None,
        (),
        "times_per_year:4",
        12,
        d(2023, 3, 31),
        d(2025, 12, 31),
    ),
    ("001", "в марте-апреле"): (
        "months",
        d(2023, 3, 1),
        d(2025, 4, 30),
        (3, 4),
        "yearly",
        3,
        d(2023, 4, 30),
        d(2025, 4, 30),
    ),
    # --- seed 002, main activities (no deadlines) and monitorings (2022–2024) ---
    ("002", ""): ("unparsed", None, None, (), "", 0, None, None),
    ("002", "по итогам четвертей/полугодий"): (
        "recurring",
        None,
        None,
        (),
        "quarterly",
        12,
        d(2022, 3, 31),
        d(2024, 12, 31),
    ),
    # --- seed 003, sections III and V (2021–2022) ---
    ("003", "декабрь 2020 – январь 2021"): (
        "period",
        d(2020, 12, 1),
        d(2021, 1, 31),
        (12, 1),
        "",
        1,
        d(2021, 1, 31),
        d(2021, 1, 31),
    ),
    ("003", "Постоянно"): ("continuous", None, None, (), "", 1, d(2022, 12, 31), d(2022, 12, 31)),
    ("003", "Ежегодно по плану мониторинговых исследований"): (
        "recurring",
        None,
        None,
        (),
        "yearly",
        2,
        d(2021, 12, 31),
        d(2022, 12, 31),
    ),
    ("003", "По плану работы комитета образования, не менее 2 раз в год"): (
        "recurring",
        None,
        None,
        (),
        "times_per_year:2",
        4,
        d(2021, 6, 30),
        d(2022, 12, 31),
    ),
    ("003", "2 раза в год (январь, июнь)"): (
        "months",
        d(2021, 1, 1),
        d(2022, 6, 30),
        (1, 6),
        "times_per_year:2",
        4,
        d(2021, 1, 31),
        d(2022, 6, 30),
    ),
    ("003", "2 раза в год (декабрь, май)"): (
        "months",
        d(2021, 5, 1),
        d(2022, 12, 31),
        (12, 5),
        "times_per_year:2",
        4,
        d(2021, 5, 31),
        d(2022, 12, 31),
    ),
    ("003", "Ежегодно"): ("recurring", None, None, (), "yearly", 2, d(2021, 12, 31), d(2022, 12, 31)),
    ("003", "По плану работы управления образования, в течение года"): (
        "continuous",
        d(2021, 1, 1),
        d(2022, 12, 31),
        (),
        "",
        2,
        d(2021, 12, 31),
        d(2022, 12, 31),
    ),
    ("003", "По плану работы комитета образования, в течение года"): (
        "continuous",
        d(2021, 1, 1),
        d(2022, 12, 31),
        (),
        "",
        2,
        d(2021, 12, 31),
        d(2022, 12, 31),
    ),
    ("003", "В течение года"): (
        "continuous",
        d(2021, 1, 1),
        d(2022, 12, 31),
        (),
        "",
        2,
        d(2021, 12, 31),
        d(2022, 12, 31),
    ),
    # Relative to another plan: kept as written, for a person to set.
    ("003", "По плану работы районной школы «Молодой учитель»"): ("unparsed", None, None, (), "", 0, None, None),
    ("003", "В течение года по заявке руководителя школы"): (
        "continuous",
        d(2021, 1, 1),
        d(2022, 12, 31),
        (),
        "",
        2,
        d(2021, 12, 31),
        d(2022, 12, 31),
    ),
    ("003", "По плану работы комитета образования, март"): (
        "months",
        d(2021, 3, 1),
        d(2022, 3, 31),
        (3,),
        "yearly",
        2,
        d(2021, 3, 31),
        d(2022, 3, 31),
    ),
    ("003", "Ежегодно, сентябрь"): (
        "months",
        d(2021, 9, 1),
        d(2022, 9, 30),
        (9,),
        "yearly",
        2,
        d(2021, 9, 30),
        d(2022, 9, 30),
    ),
    ("003", "август"): ("months", d(2021, 8, 1), d(2022, 8, 31), (8,), "yearly", 2, d(2021, 8, 31), d(2022, 8, 31)),
    ("003", "2021г"): ("period", d(2021, 1, 1), d(2021, 12, 31), (), "", 1, d(2021, 12, 31), d(2021, 12, 31)),
    ("003", "Сентябрь, 2021"): ("month", d(2021, 9, 1), d(2021, 9, 30), (9,), "", 1, d(2021, 9, 30), d(2021, 9, 30)),
    ("003", "В конце каждого полугодия"): (
        "recurring",
        None,
        None,
        (),
        "half_yearly",
        4,
        d(2021, 6, 30),
        d(2022, 12, 31),
    ),
    # --- seed 004, the plan-schedule (2023–2024) ---
    ("004", "До 05 апреля 2023 г."): ("date", None, d(2023, 4, 5), (), "", 1, d(2023, 4, 5), d(2023, 4, 5)),
    ("004", "До 15 февраля 2023 г."): ("date", None, d(2023, 2, 15), (), "", 1, d(2023, 2, 15), d(2023, 2, 15)),
    ("004", "До 15 марта 2023 г."): ("date", None, d(2023, 3, 15), (), "", 1, d(2023, 3, 15), d(2023, 3, 15)),
    ("004", "До 20 марта 2023 г."): ("date", None, d(2023, 3, 20), (), "", 1, d(2023, 3, 20), d(2023, 3, 20)),
    ("004", "До 29 марта 2023 г."): ("date", None, d(2023, 3, 29), (), "", 1, d(2023, 3, 29), d(2023, 3, 29)),
    ("004", "До 20 апреля 2023 г."): ("date", None, d(2023, 4, 20), (), "", 1, d(2023, 4, 20), d(2023, 4, 20)),
    ("004", "До 28 апреля 2023 г."): ("date", None, d(2023, 4, 28), (), "", 1, d(2023, 4, 28), d(2023, 4, 28)),
    ("004", "До 24 апреля 2023 г."): ("date", None, d(2023, 4, 24), (), "", 1, d(2023, 4, 24), d(2023, 4, 24)),
    ("004", "До 05 мая 2023 г."): ("date", None, d(2023, 5, 5), (), "", 1, d(2023, 5, 5), d(2023, 5, 5)),
    ("004", "До 30 декабря 2024 г."): ("date", None, d(2024, 12, 30), (), "", 1, d(2024, 12, 30), d(2024, 12, 30)),
    # Yearless: every year of 2023–2024.
    ("004", "Март – апрель"): (
        "months",
        d(2023, 3, 1),
        d(2024, 4, 30),
        (3, 4),
        "yearly",
        2,
        d(2023, 4, 30),
        d(2024, 4, 30),
    ),
    ("004", "Апрель – ноябрь"): (
        "months",
        d(2023, 4, 1),
        d(2024, 11, 30),
        (4, 5, 6, 7, 8, 9, 10, 11),
        "yearly",
        2,
        d(2023, 11, 30),
        d(2024, 11, 30),
    ),
    ("004", "До 30 декабря"): (
        "months",
        d(2023, 12, 1),
        d(2024, 12, 30),
        (12,),
        "yearly",
        2,
        d(2023, 12, 30),
        d(2024, 12, 30),
    ),
    ("004", "В течение года"): (
        "continuous",
        d(2023, 1, 1),
        d(2024, 12, 31),
        (),
        "",
        2,
        d(2023, 12, 31),
        d(2024, 12, 31),
    ),
    ("004", "Постоянно"): ("continuous", None, None, (), "", 1, d(2024, 12, 31), d(2024, 12, 31)),
    ("004", "Не реже одного раза в квартал"): (
        "recurring",
        None,
        None,
        (),
        "quarterly",
        8,
        d(2023, 3, 31),
        d(2024, 12, 31),
    ),
    ("004", "Не позднее 10 дней со дня проведения мероприятия"): ("relative", None, None, (), "", 0, None, None),
    ("004", "Январь 2023 г."): ("month", d(2023, 1, 1), d(2023, 1, 31), (1,), "", 1, d(2023, 1, 31), d(2023, 1, 31)),
    ("004", "Февраль 2023 г."): ("month", d(2023, 2, 1), d(2023, 2, 28), (2,), "", 1, d(2023, 2, 28), d(2023, 2, 28)),
    ("004", "Март 2023 г."): ("month", d(2023, 3, 1), d(2023, 3, 31), (3,), "", 1, d(2023, 3, 31), d(2023, 3, 31)),
    ("004", "Апрель 2023 г."): ("month", d(2023, 4, 1), d(2023, 4, 30), (4,), "", 1, d(2023, 4, 30), d(2023, 4, 30)),
    ("004", "Май 2023 г."): ("month", d(2023, 5, 1), d(2023, 5, 31), (5,), "", 1, d(2023, 5, 31), d(2023, 5, 31)),
    ("004", "Сентябрь 2023 г."): ("month", d(2023, 9, 1), d(2023, 9, 30), (9,), "", 1, d(2023, 9, 30), d(2023, 9, 30)),
    ("004", "Октябрь 2023 г."): (
        "month",
        d(2023, 10, 1),
        d(2023, 10, 31),
        (10,),
        "",
        1,
        d(2023, 10, 31),
        d(2023, 10, 31),
    ),
    ("004", "Ноябрь 2023 г."): (
        "month",
        d(2023, 11, 1),
        d(2023, 11, 30),
        (11,),
        "",
        1,
        d(2023, 11, 30),
        d(2023, 11, 30),
    ),
    ("004", "Декабрь 2023 г."): (
        "month",
        d(2023, 12, 1),
        d(2023, 12, 31),
        (12,),
        "",
        1,
        d(2023, 12, 31),
        d(2023, 12, 31),
    ),
    ("004", "Декабрь 2024 г."): (
        "month",
        d(2024, 12, 1),
        d(2024, 12, 31),
        (12,),
        "",
        1,
        d(2024, 12, 31),
        d(2024, 12, 31),
    ),
    ("004", "Март 2023 г. – апрель 2024 г."): (
        "period",
        d(2023, 3, 1),
        d(2024, 4, 30),
        (),
        "",
        1,
        d(2024, 4, 30),
        d(2024, 4, 30),
    ),
    ("004", "Март 2023 г. – декабрь 2024 г."): (
        "period",
        d(2023, 3, 1),
        d(2024, 12, 31),
        (),
        "",
        1,
        d(2024, 12, 31),
        d(2024, 12, 31),
    ),
    ("004", "Апрель – май 2023 г."): (
        "period",
        d(2023, 4, 1),
        d(2023, 5, 31),
        (4, 5),
        "",
        1,
        d(2023, 5, 31),
        d(2023, 5, 31),
    ),
    ("004", "Октябрь – ноябрь 2023 г."): (
        "period",
        d(2023, 10, 1),
        d(2023, 11, 30),
        (10, 11),
        "",
        1,
        d(2023, 11, 30),
        d(2023, 11, 30),
    ),
    ("004", "Март – апрель 2023 г."): (
        "period",
        d(2023, 3, 1),
        d(2023, 4, 30),
        (3, 4),
        "",
        1,
        d(2023, 4, 30),
        d(2023, 4, 30),
    ),
    ("004", "Январь – февраль 2023 г."): (
        "period",
        d(2023, 1, 1),
        d(2023, 2, 28),
        (1, 2),
        "",
        1,
        d(2023, 2, 28),
        d(2023, 2, 28),
    ),
    ("004", "Февраль – октябрь 2023 г."): (
        "period",
        d(2023, 2, 1),
        d(2023, 10, 31),
        (2, 3, 4, 5, 6, 7, 8, 9, 10),
        "",
        1,
        d(2023, 10, 31),
        d(2023, 10, 31),
    ),
    ("004", "Март – май 2023 г."): (
        "period",
        d(2023, 3, 1),
        d(2023, 5, 31),
        (3, 4, 5),
        "",
        1,
        d(2023, 5, 31),
        d(2023, 5, 31),
    ),
    ("004", "Август-сентябрь 2023 г."): (
        "period",
        d(2023, 8, 1),
        d(2023, 9, 30),
        (8, 9),
        "",
        1,
        d(2023, 9, 30),
        d(2023, 9, 30),
    ),
    ("004", "В течение 2023, 2024 гг."): (
        "period",
        d(2023, 1, 1),
        d(2024, 12, 31),
        (),
        "",
        1,
        d(2024, 12, 31),
        d(2024, 12, 31),
    ),
    ("004", "Январь, апрель 2023 г."): (
        "months",
        d(2023, 1, 1),
        d(2023, 4, 30),
        (1, 4),
        "",
        2,
        d(2023, 1, 31),
        d(2023, 4, 30),
    ),
    ("004", "Апрель, сентябрь 2023 г."): (
        "months",
        d(2023, 4, 1),
        d(2023, 9, 30),
        (4, 9),
        "",
        2,
        d(2023, 4, 30),
        d(2023, 9, 30),
    ),
    ("004", "Март, август, ноябрь 2023, 2024 гг."): (
        "months",
        d(2023, 3, 1),
        d(2024, 11, 30),
        (3, 8, 11),
        "",
        6,
        d(2023, 3, 31),
        d(2024, 11, 30),
    ),
    ("004", "Март, ноябрь 2023, 2024 гг."): (
        "months",
        d(2023, 3, 1),
        d(2024, 11, 30),
        (3, 11),
        "",
        4,
        d(2023, 3, 31),
        d(2024, 11, 30),
    ),
    ("004", "Сентябрь 2023 г. Март 2024 г."): (
        "months",
        d(2023, 9, 1),
        d(2024, 3, 31),
        (9, 3),
        "",
        2,
        d(2023, 9, 30),
        d(2024, 3, 31),
    ),
    ("004", "Июль – август 2023, 2024 гг."): (
        "months",
        d(2023, 7, 1),
        d(2024, 8, 31),
        (7, 8),
        "",
        2,
        d(2023, 8, 31),
        d(2024, 8, 31),
    ),
}

# The contract's wordings that the seeds' plan tables do not hold (they are in the documents' text), read over a
# 2023–2024 programme.
CONTRACT_WORDINGS = {
    "2-4 раза в полугодие": ("recurring", None, None, (), "times_per_year:4", 8, d(2023, 3, 31), d(2024, 12, 31)),
    "4 раза в год по итогам четверти/полугодия": (
        "recurring",
        None,
        None,
        (),
        "times_per_year:4",
        8,
        d(2023, 3, 31),
        d(2024, 12, 31),
    ),
    "по итогам четвертей/полугодий": ("recurring", None, None, (), "quarterly", 8, d(2023, 3, 31), d(2024, 12, 31)),
    "не реже 1 раза в месяц": ("recurring", None, None, (), "monthly", 24, d(2023, 1, 31), d(2024, 12, 31)),
    "не реже одного раза в месяц": ("recurring", None, None, (), "monthly", 24, d(2023, 1, 31), d(2024, 12, 31)),
    "По плану работы управления образования": ("unparsed", None, None, (), "", 0, None, None),
    "ежегодно": ("recurring", None, None, (), "yearly", 2, d(2023, 12, 31), d(2024, 12, 31)),
    "март": ("months", d(2023, 3, 1), d(2024, 3, 31), (3,), "yearly", 2, d(2023, 3, 31), d(2024, 3, 31)),
}

# seed 001's monitoring calendar (demo/seeds/001_monitoring_schedule.csv, timing in English) -> the document's wording.
MONITORING_001 = {
    "мониторинг выявления ШНОР": "1 раз в год",
    "мониторинг эффективности управленческой деятельности руководителей": "2 раза в год",
    "мониторинг качества образования в ОО": "4 раза в год по итогам четверти/полугодия (плановый)",
    "мониторинг профессиональных (в т.ч. предметных) компетенций педагогов": "",
    "независимые внешние оценочные процедуры": "",
    "НОКО": "в марте-апреле",
    "входной, промежуточный и итоговый мониторинг": "",
}


def _shape(text: str, period) -> tuple:
    found = deadline_parse(text, period=period)
    occurrences = found.occurrences or ()
    return (
        found.kind,
        found.start,
        found.end,
        found.months,
        found.recurrence,
        len(occurrences),
        occurrences[0] if occurrences else None,
        occurrences[-1] if occurrences else None,
    )


def _wordings(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [" ".join(row[column].split()) for row in csv.DictReader(handle)]


@pytest.mark.parametrize(("seed", "text"), sorted(EXPECTED), ids=[f"{s}|{t or '(пусто)'}" for s, t in sorted(EXPECTED)])
def test_seed_wording_reads_over_its_programme_period(seed: str, text: str) -> None:
    assert _shape(text, PERIODS[seed]) == EXPECTED[(seed, text)]


@pytest.mark.parametrize("text", sorted(CONTRACT_WORDINGS))
def test_contract_wording_reads(text: str) -> None:
    assert _shape(text, PERIODS["004"]) == CONTRACT_WORDINGS[text]


def test_every_wording_of_the_seed_tables_is_expected() -> None:
    """No wording of the seed plans escapes the table above (a new row in a seed file must be added there)."""
    found = {(seed, w) for seed, path, column in TABLES for w in _wordings(path, column)}
    assert found == set(EXPECTED)


def test_seed_001_monitoring_calendar_is_the_written_out_plan() -> None:
    with (SEEDS_DIR / "001_monitoring_schedule.csv").open(encoding="utf-8", newline="") as handle:
        calendar_rows = [row["monitoring_ru"] for row in csv.DictReader(handle)]
    assert sorted(calendar_rows) == sorted(MONITORING_001)
    assert sorted(MONITORING_001.values()) == sorted(_wordings(DATA / "001_monitoring_plan.csv", "Сроки"))


@pytest.mark.parametrize(("seed", "text"), sorted(EXPECTED))
def test_no_recurrence_falls_after_the_programme_end(seed: str, text: str) -> None:
    found = deadline_parse(text, period=PERIODS[seed])
    if found.kind in ("recurring", "continuous") or (found.kind == "months" and found.recurrence):
        assert all(PERIODS[seed][0] <= x <= PERIODS[seed][1] for x in found.occurrences or ())


# --- the due date and «overdue» of an item with several due dates ---


def test_recurring_item_has_no_due_date_after_the_programme_ended() -> None:
    """The bug of issue #16: «ежеквартально» in a 2021–2023 programme was due in 2026."""
    found = deadline_parse("ежеквартально", period=(d(2021, 1, 1), d(2023, 12, 31)))
    assert (found.due_date(today=d(2023, 11, 5)), found.due_date(today=d(2026, 5, 1))) == (
        d(2023, 12, 31),
        d(2023, 12, 31),  # the last one, missed: not one in 2026
    )


def test_yearless_month_is_due_in_each_year() -> None:
    found = deadline_parse("август", period=(d(2021, 1, 1), d(2023, 12, 31)))
    assert [found.due_date(today=t) for t in (d(2021, 5, 1), d(2021, 9, 1), d(2023, 9, 1), d(2027, 1, 1))] == [
        d(2021, 8, 31),
        d(2022, 8, 31),
        d(2023, 8, 31),
        d(2023, 8, 31),
    ]


@pytest.fixture
def novgorod(two_municipalities):
    return program_make(two_municipalities["a"], "novgorod", start=d(2021, 1, 1), end=d(2022, 12, 31))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        ("planned", d(2021, 9, 30), False),
        ("planned", d(2021, 10, 1), True),  # the 2021 occurrence passed and nothing was started
        ("in_progress", d(2021, 10, 1), False),  # under way: only the last occurrence counts
        ("in_progress", d(2022, 10, 1), True),
        ("done", d(2022, 10, 1), False),
    ],
)
def test_every_year_item_overdue_by_its_occurrences(novgorod, status, today, overdue):
    deadline = deadline_parse("Ежегодно, сентябрь", period=(novgorod.period_start, novgorod.period_end))
    item = item_make(
        novgorod,
        kind="months",
        deadline_text=deadline.text,
        deadline_months=list(deadline.months),
        deadline_recurrence=deadline.recurrence,
        status=status,
    )
    in_sql = PlanItem.objects.filter(program=novgorod).filter(overdue_q(today)).exists()
    assert (item.occurrences, item.is_overdue(today), in_sql) == (
        (d(2021, 9, 30), d(2022, 9, 30)),
        overdue,
        overdue,
    )


@pytest.mark.django_db
def test_calendar_of_a_year_after_the_programme_is_empty(novgorod):
    deadline = deadline_parse("ежемесячно", period=(novgorod.period_start, novgorod.period_end))
    item = item_make(novgorod, kind="recurring", deadline_recurrence=deadline.recurrence, end=None)
    months_2022 = year_calendar([item], year=2022, today=d(2022, 1, 1))
    months_2026 = year_calendar([item], year=2026, today=d(2026, 1, 1))
    assert [len(m["items"]) for m in months_2022] == [1] * 12
    assert sum(len(m["items"]) for m in months_2026) == 0


@pytest.mark.django_db
def test_changing_the_period_reads_the_plan_again(novgorod, users):
    call_command("import_plan", str(SEEDS_DIR / "003_activity_plan.csv"), "--program", "novgorod")
    item = novgorod.items.get(deadline_text="август")
    assert item.occurrences == (d(2021, 8, 31), d(2022, 8, 31))
    program_save(
        user=users["admin"],
        program=novgorod,
        code=novgorod.code,
        title=novgorod.title,
        municipality=novgorod.municipality,
        period_start=novgorod.period_start,
        period_end=d(2023, 12, 31),
    )
    item.refresh_from_db()
    assert item.occurrences == (d(2021, 8, 31), d(2022, 8, 31), d(2023, 8, 31))


# --- the seed tables through `manage.py import_plan` ---


def _due_after_end(program) -> list[str]:
    """Items whose repeated (not dated) due dates fall after the programme's end."""
    return [
        i.deadline_text
        for i in program.items.all()
        if i.deadline_kind in ("recurring", "continuous") or (i.deadline_kind == "months" and i.deadline_recurrence)
        if any(x > program.period_end for x in i.occurrences)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seed", "path", "count", "unparsed"),
    [
        ("001", DATA / "001_monitoring_plan.csv", 7, 3),
        ("002", DATA / "002_main_activities.csv", 11, 10),
        ("003", SEEDS_DIR / "003_activity_plan.csv", 23, 1),
        ("003", SEEDS_DIR / "003_management_measures.csv", 11, 0),
        ("004", SEEDS_DIR / "004_plan_schedule.csv", 66, 0),
    ],
    ids=["001-monitoring", "002-main-activities", "003-section-V", "003-section-III", "004-plan-schedule"],
)
def test_seed_plan_imports_through_the_command(two_municipalities, capsys, seed, path, count, unparsed):
    start, end = PERIODS[seed]
    program = program_make(two_municipalities["a"], f"seed-{seed}", start=start, end=end)
    call_command("import_plan", str(path), "--program", program.code)
    out = capsys.readouterr().out
    assert (program.items.count(), program.items.filter(deadline_kind="unparsed").count()) == (count, unparsed)
    assert f"сроков не распознано: {unparsed}" in out
    assert _due_after_end(program) == []
    for item in program.items.all():  # the stored deadline is the one the reader gives over the period
        assert _shape(item.deadline_text, (start, end))[5:] == (
            len(item.occurrences),
            item.deadline_due_first,
            item.deadline_due_last,
        )


@pytest.mark.django_db
def test_seed_002_main_activities_kept_with_their_numbering(two_municipalities, capsys):
    program = program_make(two_municipalities["a"], "partizansk", start=PERIODS["002"][0], end=PERIODS["002"][1])
    call_command("import_plan", str(DATA / "002_main_activities.csv"), "--program", "partizansk")
    out = capsys.readouterr().out
    numbers = list(program.items.filter(block__startswith="Основные").values_list("number", flat=True))
    assert numbers == ["", "2", "3", "4", "4", "5", "6"]
    assert "Внимание: " + PLAN_DUPLICATE_NUMBER.format(number="4", rows="5, 6") in out
    assert set(program.items.filter(deadline_text="").values_list("deadline_kind", flat=True)) == {"unparsed"}


@pytest.mark.django_db
def test_api_and_export_give_every_due_date_within_the_period(novgorod, users):
    from rest_framework.test import APIClient

    from core.exports import read_back

    call_command("import_plan", str(SEEDS_DIR / "003_activity_plan.csv"), "--program", "novgorod")
    client = APIClient()
    client.force_authenticate(users["methodologist"])
    rows = client.get("/api/v1/programs/novgorod/activities/?page_size=100").json()["results"]
    august = next(r["deadline"] for r in rows if r["deadline"]["text"] == "август")
    assert august == {
        "text": "август",
        "kind": "months",
        "start": "2021-08-01",
        "end": "2022-08-31",
        "months": [8],
        "due_date": "2022-08-31",  # both have passed (the programme ended in 2022): the last one, not one in 2026
        "occurrences": ["2021-08-31", "2022-08-31"],
        "set_manually": False,
    }
    sheet = read_back(client.get("/api/v1/programs/novgorod/activities/?format=xlsx").content, "xlsx")
    header = sheet[0]
    row = next(r for r in sheet[1:] if r[header.index("Сроки")] == "август")
    assert row[header.index("Сроки в периоде программы")] == "31.08.2021, 31.08.2022"


_WORDS = st.sampled_from(
    ["март", "29 февраля", "до 30 декабря", "в течение года", "ежегодно", "2-4 раза в полугодие", "декабрь – январь"]
)


@given(
    text=st.one_of(st.text(max_size=60), _WORDS),
    start=st.dates(min_value=d(2000, 1, 1), max_value=d(2090, 12, 31)),
    days=st.integers(min_value=0, max_value=3700),
)
def test_reading_over_any_period_never_raises_nor_repeats_past_the_end(text, start, days):
    end = start + datetime.timedelta(days=days)
    found = deadline_parse(text, period=(start, end))
    assert found.occurrences is not None and list(found.occurrences) == sorted(found.occurrences)
    if found.kind in ("recurring", "continuous") or (found.kind == "months" and found.recurrence):
        assert all(x <= end for x in found.occurrences)


@pytest.mark.parametrize(
    ("text", "follows"),
    [
        ("По плану работы районной школы «Молодой учитель»", True),
        ("по графику ФИОКО", True),
        ("", False),
        ("по мере необходимости", False),
        ("По плану работы комитета образования, март", False),  # read: March of every year
    ],
)
def test_a_term_set_by_another_plan_is_kept_unparsed_and_said_so(text, follows):
    assert deadline_parse(text, period=PERIODS["003"]).follows_other_plan is follows


@pytest.mark.django_db
def test_import_preview_says_the_term_follows_another_plan(client, users, novgorod):
    client.force_login(users["methodologist"])
    text = "Мероприятие\tСроки\nСеминары\tПо плану работы районной школы «Молодой учитель»\nКонсультации\t\n"
    html = client.post("/programs/novgorod/import/", {"text": text}).content.decode()
    assert html.count("срок не распознан") == 2 and html.count("по плану другого документа") == 1
