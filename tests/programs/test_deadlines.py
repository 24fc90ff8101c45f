"""Tests for programs.deadlines: the reader of Russian «Сроки» wordings."""

from __future__ import annotations

import csv
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from demo import SEEDS_DIR as SEEDS
from programs.deadlines import KINDS, Deadline, deadline_parse, is_due_soon, is_overdue

d = datetime.date
UNPARSEABLE = {"По плану работы районной школы «Молодой учитель»"}


def _expected(text: str, kind: str, **fields) -> Deadline:
    return Deadline(text=text, kind=kind, **fields)


# (wording, default_year, expected) - every real wording from the seeds plus the contract's examples.
CASES = [
    # --- 004_plan_schedule.csv (a 2023-2024 plan: yearless wordings read with 2023) ---
    (
        "Август-сентябрь 2023 г.",
        None,
        _expected(
            "Август-сентябрь 2023 г.", "period", start=d(2023, 8, 1), end=d(2023, 9, 30), months=(8, 9), years=(2023,)
        ),
    ),
    (
        "Апрель 2023 г.",
        None,
        _expected("Апрель 2023 г.", "month", start=d(2023, 4, 1), end=d(2023, 4, 30), months=(4,), years=(2023,)),
    ),
    (
        "Апрель – май 2023 г.",
        None,
        _expected(
            "Апрель – май 2023 г.", "period", start=d(2023, 4, 1), end=d(2023, 5, 31), months=(4, 5), years=(2023,)
        ),
    ),
    (
        "Апрель – ноябрь",
        2023,
        _expected(
            "Апрель – ноябрь", "period", start=d(2023, 4, 1), end=d(2023, 11, 30), months=(4, 5, 6, 7, 8, 9, 10, 11)
        ),
    ),
    ("Апрель – ноябрь", None, _expected("Апрель – ноябрь", "period", months=(4, 5, 6, 7, 8, 9, 10, 11))),
    (
        "Апрель, сентябрь 2023 г.",
        None,
        _expected(
            "Апрель, сентябрь 2023 г.",
            "months",
            start=d(2023, 4, 1),
            end=d(2023, 9, 30),
            months=(4, 9),
            years=(2023,),
            dates=(d(2023, 4, 30), d(2023, 9, 30)),
        ),
    ),
    (
        "В течение 2023, 2024 гг.",
        None,
        _expected("В течение 2023, 2024 гг.", "period", start=d(2023, 1, 1), end=d(2024, 12, 31), years=(2023, 2024)),
    ),
    ("В течение года", 2023, _expected("В течение года", "continuous", start=d(2023, 1, 1), end=d(2023, 12, 31))),
    ("В течение года", None, _expected("В течение года", "continuous")),
    (
        "Декабрь 2023 г.",
        None,
        _expected("Декабрь 2023 г.", "month", start=d(2023, 12, 1), end=d(2023, 12, 31), months=(12,), years=(2023,)),
    ),
    (
        "Декабрь 2024 г.",
        None,
        _expected("Декабрь 2024 г.", "month", start=d(2024, 12, 1), end=d(2024, 12, 31), months=(12,), years=(2024,)),
    ),
    ("До 05 апреля 2023 г.", None, _expected("До 05 апреля 2023 г.", "date", end=d(2023, 4, 5), years=(2023,))),
    ("До 05 мая 2023 г.", None, _expected("До 05 мая 2023 г.", "date", end=d(2023, 5, 5), years=(2023,))),
    ("До 15 марта 2023 г.", None, _expected("До 15 марта 2023 г.", "date", end=d(2023, 3, 15), years=(2023,))),
    ("До 15 февраля 2023 г.", None, _expected("До 15 февраля 2023 г.", "date", end=d(2023, 2, 15), years=(2023,))),
    ("До 20 апреля 2023 г.", None, _expected("До 20 апреля 2023 г.", "date", end=d(2023, 4, 20), years=(2023,))),
    ("До 20 марта 2023 г.", None, _expected("До 20 марта 2023 г.", "date", end=d(2023, 3, 20), years=(2023,))),
    ("До 24 апреля 2023 г.", None, _expected("До 24 апреля 2023 г.", "date", end=d(2023, 4, 24), years=(2023,))),
    ("До 28 апреля 2023 г.", None, _expected("До 28 апреля 2023 г.", "date", end=d(2023, 4, 28), years=(2023,))),
    ("До 29 марта 2023 г.", None, _expected("До 29 марта 2023 г.", "date", end=d(2023, 3, 29), years=(2023,))),
    ("До 30 декабря", 2023, _expected("До 30 декабря", "date", end=d(2023, 12, 30))),
    ("До 30 декабря", None, _expected("До 30 декабря", "date")),
    ("До 30 декабря 2024 г.", None, _expected("До 30 декабря 2024 г.", "date", end=d(2024, 12, 30), years=(2024,))),
    (
        "Июль – август 2023, 2024 гг.",
        None,
        _expected(
            "Июль – август 2023, 2024 гг.",
            "months",
            start=d(2023, 7, 1),
            end=d(2024, 8, 31),
            months=(7, 8),
            years=(2023, 2024),
            dates=(d(2023, 8, 31), d(2024, 8, 31)),
        ),
    ),
    (
        "Май 2023 г.",
        None,
        _expected("Май 2023 г.", "month", start=d(2023, 5, 1), end=d(2023, 5, 31), months=(5,), years=(2023,)),
    ),
    (
        "Март 2023 г.",
        None,
        _expected("Март 2023 г.", "month", start=d(2023, 3, 1), end=d(2023, 3, 31), months=(3,), years=(2023,)),
    ),
    (
        "Март 2023 г. – апрель 2024 г.",
        None,
        _expected(
            "Март 2023 г. – апрель 2024 г.", "period", start=d(2023, 3, 1), end=d(2024, 4, 30), years=(2023, 2024)
        ),
    ),
    (
        "Март 2023 г. – декабрь 2024 г.",
        None,
        _expected(
            "Март 2023 г. – декабрь 2024 г.", "period", start=d(2023, 3, 1), end=d(2024, 12, 31), years=(2023, 2024)
        ),
    ),
    (
        "Март – апрель",
        2023,
        _expected("Март – апрель", "period", start=d(2023, 3, 1), end=d(2023, 4, 30), months=(3, 4)),
    ),
    ("Март – апрель", None, _expected("Март – апрель", "period", months=(3, 4))),
    (
        "Март – апрель 2023 г.",
        None,
        _expected(
            "Март – апрель 2023 г.", "period", start=d(2023, 3, 1), end=d(2023, 4, 30), months=(3, 4), years=(2023,)
        ),
    ),
    (
        "Март – май 2023 г.",
        None,
        _expected(
            "Март – май 2023 г.", "period", start=d(2023, 3, 1), end=d(2023, 5, 31), months=(3, 4, 5), years=(2023,)
        ),
    ),
    (
        "Март, август, ноябрь 2023, 2024 гг.",
        None,
        _expected(
            "Март, август, ноябрь 2023, 2024 гг.",
            "months",
            start=d(2023, 3, 1),
            end=d(2024, 11, 30),
            months=(3, 8, 11),
            years=(2023, 2024),
            dates=(d(2023, 3, 31), d(2023, 8, 31), d(2023, 11, 30), d(2024, 3, 31), d(2024, 8, 31), d(2024, 11, 30)),
        ),
    ),
    (
        "Март, ноябрь 2023, 2024 гг.",
        None,
        _expected(
            "Март, ноябрь 2023, 2024 гг.",
            "months",
            start=d(2023, 3, 1),
            end=d(2024, 11, 30),
            months=(3, 11),
            years=(2023, 2024),
            dates=(d(2023, 3, 31), d(2023, 11, 30), d(2024, 3, 31), d(2024, 11, 30)),
        ),
    ),
    (
        "Не позднее 10 дней со дня проведения мероприятия",
        None,
        _expected("Не позднее 10 дней со дня проведения мероприятия", "relative", relative_days=10),
    ),
    (
        "Не реже одного раза в квартал",
        None,
        _expected("Не реже одного раза в квартал", "recurring", recurrence="quarterly"),
    ),
    (
        "Ноябрь 2023 г.",
        None,
        _expected("Ноябрь 2023 г.", "month", start=d(2023, 11, 1), end=d(2023, 11, 30), months=(11,), years=(2023,)),
    ),
    (
        "Октябрь 2023 г.",
        None,
        _expected("Октябрь 2023 г.", "month", start=d(2023, 10, 1), end=d(2023, 10, 31), months=(10,), years=(2023,)),
    ),
    (
        "Октябрь – ноябрь 2023 г.",
        None,
        _expected(
            "Октябрь – ноябрь 2023 г.",
            "period",
            start=d(2023, 10, 1),
            end=d(2023, 11, 30),
            months=(10, 11),
            years=(2023,),
        ),
    ),
    ("Постоянно", None, _expected("Постоянно", "continuous")),
    ("Постоянно", 2023, _expected("Постоянно", "continuous")),
    (
        "Сентябрь 2023 г.",
        None,
        _expected("Сентябрь 2023 г.", "month", start=d(2023, 9, 1), end=d(2023, 9, 30), months=(9,), years=(2023,)),
    ),
    (
        "Сентябрь 2023 г. Март 2024 г.",
        None,
        _expected(
            "Сентябрь 2023 г. Март 2024 г.",
            "months",
            start=d(2023, 9, 1),
            end=d(2024, 3, 31),
            months=(9, 3),
            years=(2023, 2024),
            dates=(d(2023, 9, 30), d(2024, 3, 31)),
        ),
    ),
    (
        "Февраль 2023 г.",
        None,
        _expected("Февраль 2023 г.", "month", start=d(2023, 2, 1), end=d(2023, 2, 28), months=(2,), years=(2023,)),
    ),
    (
        "Февраль – октябрь 2023 г.",
        None,
        _expected(
            "Февраль – октябрь 2023 г.",
            "period",
            start=d(2023, 2, 1),
            end=d(2023, 10, 31),
            months=(2, 3, 4, 5, 6, 7, 8, 9, 10),
            years=(2023,),
        ),
    ),
    (
        "Январь 2023 г.",
        None,
        _expected("Январь 2023 г.", "month", start=d(2023, 1, 1), end=d(2023, 1, 31), months=(1,), years=(2023,)),
    ),
    (
        "Январь – февраль 2023 г.",
        None,
        _expected(
            "Январь – февраль 2023 г.", "period", start=d(2023, 1, 1), end=d(2023, 2, 28), months=(1, 2), years=(2023,)
        ),
    ),
    (
        "Январь, апрель 2023 г.",
        None,
        _expected(
            "Январь, апрель 2023 г.",
            "months",
            start=d(2023, 1, 1),
            end=d(2023, 4, 30),
            months=(1, 4),
            years=(2023,),
            dates=(d(2023, 1, 31), d(2023, 4, 30)),
        ),
    ),
    # --- 003_activity_plan.csv ---
    (
        "2 раза в год (декабрь, май)",
        None,
        _expected("2 раза в год (декабрь, май)", "months", months=(12, 5), recurrence="times_per_year:2"),
    ),
    (
        "2 раза в год (январь, июнь)",
        None,
        _expected("2 раза в год (январь, июнь)", "months", months=(1, 6), recurrence="times_per_year:2"),
    ),
    ("2021г", None, _expected("2021г", "period", start=d(2021, 1, 1), end=d(2021, 12, 31), years=(2021,))),
    (
        "В течение года по заявке руководителя школы",
        None,
        _expected("В течение года по заявке руководителя школы", "continuous"),
    ),
    ("Ежегодно", None, _expected("Ежегодно", "recurring", recurrence="yearly")),
    (
        "Ежегодно по плану мониторинговых исследований",
        None,
        _expected("Ежегодно по плану мониторинговых исследований", "recurring", recurrence="yearly"),
    ),
    ("Ежегодно, сентябрь", None, _expected("Ежегодно, сентябрь", "months", months=(9,), recurrence="yearly")),
    (
        "По плану работы комитета образования, в течение года",
        None,
        _expected("По плану работы комитета образования, в течение года", "continuous"),
    ),
    (
        "По плану работы управления образования, в течение года",
        None,
        _expected("По плану работы управления образования, в течение года", "continuous"),
    ),
    (
        "По плану работы комитета образования, март",
        None,
        _expected("По плану работы комитета образования, март", "month", months=(3,)),
    ),
    (
        "По плану работы комитета образования, март",
        2021,
        _expected(
            "По плану работы комитета образования, март", "month", start=d(2021, 3, 1), end=d(2021, 3, 31), months=(3,)
        ),
    ),
    (
        "По плану работы комитета образования, не менее 2 раз в год",
        None,
        _expected(
            "По плану работы комитета образования, не менее 2 раз в год", "recurring", recurrence="times_per_year:2"
        ),
    ),
    (
        "По плану работы районной школы «Молодой учитель»",
        None,
        _expected("По плану работы районной школы «Молодой учитель»", "unparsed"),
    ),
    (
        "Сентябрь, 2021",
        None,
        _expected("Сентябрь, 2021", "month", start=d(2021, 9, 1), end=d(2021, 9, 30), months=(9,), years=(2021,)),
    ),
    ("август", None, _expected("август", "month", months=(8,))),
    ("август", 2021, _expected("август", "month", start=d(2021, 8, 1), end=d(2021, 8, 31), months=(8,))),
    (
        "декабрь 2020 – январь 2021",
        None,
        _expected(
            "декабрь 2020 – январь 2021",
            "period",
            start=d(2020, 12, 1),
            end=d(2021, 1, 31),
            months=(12, 1),
            years=(2020, 2021),
        ),
    ),
    # --- the contract's examples ---
    ("до 20.04.2023", None, _expected("до 20.04.2023", "date", end=d(2023, 4, 20), years=(2023,))),
    ("Не позднее 20.04.2023", None, _expected("Не позднее 20.04.2023", "date", end=d(2023, 4, 20), years=(2023,))),
    (
        "Апрель, 2021",
        None,
        _expected("Апрель, 2021", "month", start=d(2021, 4, 1), end=d(2021, 4, 30), months=(4,), years=(2021,)),
    ),
    ("ежемесячно", None, _expected("ежемесячно", "recurring", recurrence="monthly")),
    ("ежеквартально", None, _expected("ежеквартально", "recurring", recurrence="quarterly")),
    ("в конце каждого полугодия", None, _expected("в конце каждого полугодия", "recurring", recurrence="half_yearly")),
    (
        "в течение 10 дней после мероприятия",
        None,
        _expected("в течение 10 дней после мероприятия", "relative", relative_days=10),
    ),
    (
        "в течение 3 рабочих дней после ...",
        None,
        _expected("в течение 3 рабочих дней после ...", "relative", relative_days=3, business_days=True),
    ),
    ("не менее 2 раз в год", None, _expected("не менее 2 раз в год", "recurring", recurrence="times_per_year:2")),
    ("1 раз в месяц", None, _expected("1 раз в месяц", "recurring", recurrence="monthly")),
]


@pytest.mark.parametrize(
    ("text", "default_year", "expected"),
    CASES,
    ids=[f"{text}|{year}" for text, year, _ in CASES],
)
def test_deadline_parse_wordings(text: str, default_year: int | None, expected: Deadline) -> None:
    assert deadline_parse(text, default_year=default_year) == expected


# Spelling variants: dashes, «г.»/«гг.»/«года», spacing, case, ё, noun cases.
VARIANTS = [
    ("  АПРЕЛЬ  —  МАЙ   2023 года  ", "Апрель – май 2023 г."),
    ("апрель-май 2023г.", "Апрель – май 2023 г."),
    ("Апрель - май 2023", "Апрель – май 2023 г."),
    ("с апреля по май 2023 года", "Апрель – май 2023 г."),
    ("в апреле 2023 года", "Апрель 2023 г."),
    ("В течение 2023 – 2024 годов", "В течение 2023, 2024 гг."),
    ("не позднее 05.04.2023 г.", "До 05 апреля 2023 г."),
    ("до 5 апреля 2023", "До 05 апреля 2023 г."),
    ("Ежеквартально", "Не реже одного раза в квартал"),
    ("раз в квартал", "Не реже одного раза в квартал"),
    ("в течение трёх рабочих дней после мероприятия", "в течение 3 рабочих дней после ..."),
]


@pytest.mark.parametrize(("variant", "canonical"), VARIANTS)
def test_spelling_variants_read_like_the_canonical_wording(variant: str, canonical: str) -> None:
    def shape(deadline: Deadline) -> tuple:
        return (
            deadline.kind,
            deadline.start,
            deadline.end,
            deadline.months,
            deadline.recurrence,
            deadline.relative_days,
            deadline.dates,
            deadline.business_days,
        )

    assert shape(deadline_parse(variant)) == shape(deadline_parse(canonical))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("31.02.2023", "unparsed"),
        ("", "unparsed"),
        ("по мере необходимости", "unparsed"),
        ("Ежегодно, праздник", "unparsed"),
        ("32 мая 2023 г.", "unparsed"),
        ("2023, 2025 гг.", "unparsed"),
    ],
)
def test_unknown_or_impossible_wordings_are_unparsed(text: str, kind: str) -> None:
    assert deadline_parse(text).kind == kind


def test_text_is_kept_as_written_but_stripped() -> None:
    assert deadline_parse("  Март – апрель \n").text == "Март – апрель"


@given(st.text(max_size=80))
def test_never_raises_and_kind_is_known(text: str) -> None:
    assert deadline_parse(text, default_year=2023).kind in KINDS


def _seed_rows(name: str) -> list[dict[str, str]]:
    path = SEEDS / name
    assert path.is_file(), f"seed file missing: {path}"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_seed_wording_is_understood() -> None:
    wordings = [
        row["deadline_ru"] for name in ("004_plan_schedule.csv", "003_activity_plan.csv") for row in _seed_rows(name)
    ]
    not_understood = {w for w in wordings if deadline_parse(w, default_year=2023).kind == "unparsed"}
    assert not_understood == UNPARSEABLE


def _plan_rows_with_dates() -> list[dict[str, str]]:
    if not SEEDS.is_dir():
        return []  # reported by test_every_seed_wording_is_understood
    return [row for row in _seed_rows("004_plan_schedule.csv") if row["end_date"]]


@pytest.mark.parametrize("row", _plan_rows_with_dates(), ids=lambda row: row["id"])
def test_plan_schedule_dates_agree_with_seed_columns(row: dict[str, str]) -> None:
    deadline = deadline_parse(row["deadline_ru"], default_year=2023)
    start = datetime.date.fromisoformat(row["start_date"]) if row["start_date"] else None
    assert (deadline.start, deadline.end) == (start, datetime.date.fromisoformat(row["end_date"]))


# --- due dates around month and year ends ---

DUE_CASES = [
    ("Декабрь 2023 г.", d(2023, 12, 1), d(2023, 12, 31)),
    ("Февраль 2024 г.", d(2024, 1, 15), d(2024, 2, 29)),
    ("Февраль 2023 г.", d(2023, 1, 15), d(2023, 2, 28)),
    ("декабрь 2020 – январь 2021", d(2020, 12, 15), d(2021, 1, 31)),
    ("До 05 апреля 2023 г.", d(2023, 1, 1), d(2023, 4, 5)),
    ("ежеквартально", d(2023, 12, 31), d(2023, 12, 31)),
    ("ежеквартально", d(2024, 1, 1), d(2024, 3, 31)),
    ("ежемесячно", d(2024, 2, 10), d(2024, 2, 29)),
    ("ежемесячно", d(2023, 12, 31), d(2023, 12, 31)),
    ("в конце каждого полугодия", d(2023, 7, 1), d(2023, 12, 31)),
    ("в конце каждого полугодия", d(2023, 6, 30), d(2023, 6, 30)),
    ("Ежегодно", d(2024, 1, 1), d(2024, 12, 31)),
    ("не менее 2 раз в год", d(2024, 3, 1), d(2024, 6, 30)),
    ("Март, ноябрь 2023, 2024 гг.", d(2023, 12, 1), d(2024, 3, 31)),
    ("Март, ноябрь 2023, 2024 гг.", d(2023, 11, 30), d(2023, 11, 30)),
    ("Март, ноябрь 2023, 2024 гг.", d(2024, 12, 1), None),
    ("Июль – август 2023, 2024 гг.", d(2023, 7, 10), d(2023, 8, 31)),
    ("Сентябрь 2023 г. Март 2024 г.", d(2023, 10, 1), d(2024, 3, 31)),
    ("2 раза в год (декабрь, май)", d(2023, 12, 31), d(2023, 12, 31)),
    ("2 раза в год (декабрь, май)", d(2024, 1, 1), d(2024, 5, 31)),
    ("Ежегодно, сентябрь", d(2023, 10, 1), d(2024, 9, 30)),
    ("2 раза в год (январь, июнь)", d(2024, 2, 1), d(2024, 6, 30)),
    ("Постоянно", d(2023, 5, 1), None),
    ("В течение года", d(2023, 5, 1), None),
    ("в течение 10 дней после мероприятия", d(2023, 5, 1), None),
    ("По плану работы районной школы «Молодой учитель»", d(2023, 5, 1), None),
    ("август", d(2023, 5, 1), None),
]


@pytest.mark.parametrize(("text", "today", "due"), DUE_CASES)
def test_due_date(text: str, today: datetime.date, due: datetime.date | None) -> None:
    assert deadline_parse(text).due_date(today=today) == due


def test_due_date_of_continuous_is_none_even_with_a_year() -> None:
    assert deadline_parse("В течение года", default_year=2023).due_date(today=d(2023, 5, 1)) is None


OVERDUE_CASES = [
    ("Декабрь 2023 г.", d(2023, 12, 31), False, False),
    ("Декабрь 2023 г.", d(2024, 1, 1), False, True),
    ("Декабрь 2023 г.", d(2024, 1, 1), True, False),
    ("Февраль 2024 г.", d(2024, 2, 29), False, False),
    ("Февраль 2024 г.", d(2024, 3, 1), False, True),
    ("До 30 декабря 2024 г.", d(2024, 12, 31), False, True),
    ("Март, ноябрь 2023, 2024 гг.", d(2024, 12, 1), False, True),
    ("Март, ноябрь 2023, 2024 гг.", d(2023, 12, 1), False, False),
    ("ежеквартально", d(2024, 4, 1), False, False),
    ("Постоянно", d(2030, 1, 1), False, False),
    ("август", d(2030, 1, 1), False, False),
]


@pytest.mark.parametrize(("text", "today", "done", "overdue"), OVERDUE_CASES)
def test_is_overdue(text: str, today: datetime.date, done: bool, overdue: bool) -> None:
    assert is_overdue(deadline_parse(text), today=today, done=done) is overdue


DUE_SOON_CASES = [
    # «Декабрь 2023 г.» is due 2023-12-31.
    ("Декабрь 2023 г.", d(2023, 12, 1), 30, True),  # exactly 30 days ahead
    ("Декабрь 2023 г.", d(2023, 11, 30), 30, False),  # 31 days ahead
    ("Декабрь 2023 г.", d(2023, 12, 31), 30, True),  # due today
    ("Декабрь 2023 г.", d(2024, 1, 1), 30, False),  # already past
    ("Декабрь 2023 г.", d(2023, 11, 30), 31, True),  # wider window
    ("ежеквартально", d(2024, 3, 1), 30, True),
    ("ежеквартально", d(2024, 1, 1), 30, False),
    ("Постоянно", d(2024, 1, 1), 30, False),
]


@pytest.mark.parametrize(("text", "today", "days", "soon"), DUE_SOON_CASES)
def test_is_due_soon(text: str, today: datetime.date, days: int, soon: bool) -> None:
    assert is_due_soon(deadline_parse(text), today=today, days=days) is soon


def test_is_due_soon_defaults_to_thirty_days() -> None:
    assert is_due_soon(deadline_parse("Декабрь 2023 г."), today=d(2023, 12, 1))
