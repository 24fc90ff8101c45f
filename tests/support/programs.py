"""Builders shared by the programs tests."""

import datetime
from pathlib import Path

import pytest

from demo import SEEDS_DIR as SEEDS
from programs.models import PlanItem, Program


def seed_file(name: str) -> Path:
    path = SEEDS / name
    if not path.is_file():  # fail, never skip: the seed tables are part of the contract
        pytest.fail(f"нет файла сида: {path}")
    return path


def program_make(
    municipality, code: str, *, start=datetime.date(2023, 1, 1), end=datetime.date(2024, 12, 31)
) -> Program:
    return Program.objects.create(
        code=code, title=f"Программа {code}", municipality=municipality, period_start=start, period_end=end
    )


def item_make(
    program, *, position=None, end=None, start=None, kind="date", status="planned", school=None, **fields
) -> PlanItem:
    position = position or (PlanItem.objects.filter(program=program).count() + 1)
    return PlanItem.objects.create(
        program=program,
        school=school,
        position=position,
        number=fields.pop("number", f"1.{position}"),
        title=fields.pop("title", f"Мероприятие {position}"),
        deadline_text=fields.pop("deadline_text", "срок"),
        deadline_kind=kind,
        deadline_start=start,
        deadline_end=end,
        status=status,
        **fields,
    )
