"""Overdue and due-soon around month and year ends; completion by block and track."""

import datetime
from decimal import Decimal

import pytest

from core.numbers import round1
from programs import selectors
from programs.models import PlanItem
from tests.support.programs import item_make

pytestmark = pytest.mark.django_db
d = datetime.date


def _overdue_in_sql(program, today) -> bool:
    return PlanItem.objects.filter(program=program).filter(selectors.overdue_q(today)).exists()


def test_due_on_last_day_of_year_is_not_overdue_that_day(program_a):
    item = item_make(program_a, end=d(2023, 12, 31))
    assert item.is_overdue(d(2023, 12, 31)) is False


def test_due_on_last_day_of_year_is_overdue_on_new_year(program_a):
    item = item_make(program_a, end=d(2023, 12, 31))
    assert item.is_overdue(d(2024, 1, 1)) is True


def test_sql_overdue_agrees_at_year_end(program_a):
    item_make(program_a, end=d(2023, 12, 31))
    assert (_overdue_in_sql(program_a, d(2023, 12, 31)), _overdue_in_sql(program_a, d(2024, 1, 1))) == (False, True)


def test_month_item_overdue_from_first_of_next_month(program_a):
    item = item_make(program_a, kind="month", start=d(2024, 2, 1), end=d(2024, 2, 29))
    assert (item.is_overdue(d(2024, 2, 29)), item.is_overdue(d(2024, 3, 1))) == (False, True)


def test_sql_overdue_agrees_at_leap_month_end(program_a):
    item_make(program_a, kind="month", start=d(2024, 2, 1), end=d(2024, 2, 29))
    assert (_overdue_in_sql(program_a, d(2024, 2, 29)), _overdue_in_sql(program_a, d(2024, 3, 1))) == (False, True)


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_closed_item_never_overdue(program_a, status):
    item = item_make(program_a, end=d(2023, 1, 31), status=status)
    assert (item.is_overdue(d(2024, 1, 1)), _overdue_in_sql(program_a, d(2024, 1, 1))) == (False, False)


def test_in_progress_item_can_be_overdue(program_a):
    item_make(program_a, end=d(2023, 1, 31), status="in_progress")
    assert _overdue_in_sql(program_a, d(2023, 2, 1)) is True


@pytest.mark.parametrize("kind", ["relative", "unparsed"])
def test_kinds_without_a_date_never_overdue_in_sql(program_a, kind):
    item_make(program_a, kind=kind, end=None)
    assert _overdue_in_sql(program_a, d(2030, 1, 1)) is False


@pytest.mark.parametrize("status", ["planned", "in_progress"])
def test_continuous_item_left_open_is_overdue_once_the_programme_ended(program_a, status):
    item = item_make(program_a, kind="continuous", end=None, status=status)
    end = program_a.period_end
    after = end + datetime.timedelta(days=1)
    assert (item.is_overdue(end), item.is_overdue(after), _overdue_in_sql(program_a, end)) == (False, True, False)
    assert _overdue_in_sql(program_a, after) is True


def test_due_soon_crosses_year_end(program_a):
    item = item_make(program_a, end=d(2024, 1, 15))
    assert [i for i, _ in selectors.due_soon([item], today=d(2023, 12, 20))] == [item]


def test_due_soon_excludes_day_31(program_a):
    item = item_make(program_a, end=d(2024, 1, 20))
    assert selectors.due_soon([item], today=d(2023, 12, 20)) == []


def test_due_soon_includes_day_30(program_a):
    item = item_make(program_a, end=d(2024, 1, 19))
    assert len(selectors.due_soon([item], today=d(2023, 12, 20))) == 1


def test_due_date_of_months_of_every_year_rolls_into_next_year(program_a):
    item = item_make(program_a, kind="months", deadline_months=[1], deadline_recurrence="yearly")
    assert item.due_date(d(2023, 12, 15)) == d(2024, 1, 31)


def test_due_soon_skips_done_items(program_a):
    item = item_make(program_a, end=d(2024, 1, 5), status="done")
    assert selectors.due_soon([item], today=d(2023, 12, 20)) == []


def test_due_soon_soonest_first(program_a):
    late = item_make(program_a, end=d(2024, 1, 10))
    early = item_make(program_a, end=d(2023, 12, 31))
    assert [i for i, _ in selectors.due_soon([late, early], today=d(2023, 12, 20))] == [early, late]


def test_completion_ignores_cancelled(program_a):
    for status in ("done", "done", "planned", "cancelled"):
        item_make(program_a, status=status, block="Блок 1")
    completion = selectors.program_completion(program=program_a, today=d(2023, 1, 1))
    assert (completion.overall.done, completion.overall.counted, round1(completion.overall.percent)) == (
        2,
        3,
        Decimal("66.7"),
    )


def test_completion_by_block_in_plan_order(program_a):
    item_make(program_a, block="Второй", status="done")
    item_make(program_a, block="Первый")
    item_make(program_a, block="Второй")
    blocks = selectors.program_completion(program=program_a, today=d(2023, 1, 1)).by_block
    assert [(b.title, b.done, b.total) for b in blocks] == [("Второй", 1, 2), ("Первый", 0, 1)]


def test_completion_by_track_sums_blocks(program_a):
    from programs.models import ProgramTrack

    track = ProgramTrack.objects.create(program=program_a, number=1, title="ШНОР")
    item_make(program_a, block="1.1", track=track, status="done")
    item_make(program_a, block="1.2", track=track)
    item_make(program_a, block="4")
    tracks = selectors.program_completion(program=program_a, today=d(2023, 1, 1)).by_track
    assert [(t.title, t.done, t.total) for t in tracks] == [("Трек 1. ШНОР", 1, 2)]


def test_completion_counts_overdue(program_a):
    item_make(program_a, end=d(2023, 1, 31))
    assert selectors.program_completion(program=program_a, today=d(2023, 2, 1)).overall.overdue == 1


def test_completion_of_empty_plan_is_unknown(program_a):
    assert selectors.program_completion(program=program_a, today=d(2023, 1, 1)).overall.percent is None


def test_calendar_places_due_dates_in_their_months(program_a):
    item = item_make(program_a, kind="months", deadline_dates=["2023-03-31", "2023-11-30", "2024-03-31"])
    months = selectors.year_calendar([item], year=2023, today=d(2023, 1, 1))
    assert [m["number"] for m in months if m["items"]] == [3, 11]


def test_calendar_shows_year_cycle(program_a):
    months = selectors.year_calendar([], year=2023, today=d(2023, 1, 1))
    assert any("ВПР" in e for e in months[3]["events"]) and len(months) == 12
