"""Plan tables (contract 1.4): both seed tables import through the one import path; errors are whole or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from core.tables import table_read
from programs.models import PlanItem
from programs.services import ServiceError
from programs.services.plan_import import PLAN_DUPLICATE_NUMBER, plan_import, plan_table_from_paste
from programs.services.plan_items import plan_item_deadline_set, plan_item_update
from tests.support.programs import item_make, program_make, seed_file

pytestmark = pytest.mark.django_db
d = datetime.date


def _read(name: str):
    path = seed_file(name)
    return table_read(path.read_bytes(), filename=path.name)


def _table(text: str):
    return plan_table_from_paste(text)


@pytest.fixture
def lazo(two_municipalities):
    program = program_make(two_municipalities["a"], "lazo")
    outcome = plan_import(table=_read("004_plan_schedule.csv"), program=program)
    assert outcome.status == "imported", outcome.errors[:3]
    return program


@pytest.fixture
def novg(two_municipalities):
    program = program_make(two_municipalities["a"], "novg", start=d(2021, 1, 1), end=d(2022, 12, 31))
    program.block_titles = {"1": "Организационно-управленческие мероприятия"}
    program.save()
    outcome = plan_import(table=_read("003_activity_plan.csv"), program=program)
    assert outcome.status == "imported", outcome.errors[:3]
    return program


def test_seed_004_imports_66_items(lazo):
    assert lazo.items.count() == 66


def test_seed_004_has_six_blocks(lazo):
    assert lazo.items.values("block").distinct().count() == 6


def test_seed_004_tracks_read_from_blocks(lazo):
    assert list(lazo.tracks.values_list("number", flat=True)) == [1, 2, 3]


def test_seed_004_deadline_until_date(lazo):
    item = lazo.items.get(number="1.1.1")
    assert (item.deadline_text, item.deadline_kind, item.deadline_end) == (
        "До 05 апреля 2023 г.",
        "date",
        d(2023, 4, 5),
    )


def test_seed_004_yearless_wording_applies_to_every_year_of_the_programme(lazo):
    item = lazo.items.filter(deadline_text="Апрель – ноябрь").first()
    assert (item.deadline_kind, item.deadline_start, item.deadline_end, item.occurrences) == (
        "months",
        d(2023, 4, 1),
        d(2024, 11, 30),
        (d(2023, 11, 30), d(2024, 11, 30)),
    )


def test_seed_004_months_of_two_years_keep_every_date(lazo):
    item = lazo.items.filter(deadline_text="Март, ноябрь 2023, 2024 гг.").first()
    assert item.deadline_dates == ["2023-03-31", "2023-11-30", "2024-03-31", "2024-11-30"]


def test_seed_004_relative_deadline(lazo):
    item = lazo.items.filter(deadline_text="Не позднее 10 дней со дня проведения мероприятия").first()
    assert (item.deadline_kind, item.deadline_relative_days) == ("relative", 10)


def test_seed_004_target_values_are_numbers(lazo):
    assert lazo.items.get(number="1.1.3").target_value == Decimal("7")


def test_seed_003_imports_23_items(novg):
    assert novg.items.count() == 23


def test_seed_003_blocks_named_from_numbers(novg):
    blocks = list(dict.fromkeys(novg.items.order_by("position").values_list("block", flat=True)))
    assert blocks == ["Организационно-управленческие мероприятия", "Раздел 2", "Раздел 3", "Раздел 4"]


def test_seed_003_unreadable_deadline_is_marked_not_rejected(novg):
    item = novg.items.get(deadline_text="По плану работы районной школы «Молодой учитель»")
    assert item.deadline_kind == "unparsed"


def test_seed_003_months_of_every_year(novg):
    item = novg.items.get(deadline_text="2 раза в год (январь, июнь)")
    assert (item.deadline_kind, item.deadline_months) == ("months", [1, 6])


def test_seed_003_yearless_month_applies_to_every_year_of_the_programme(novg):
    item = novg.items.get(deadline_text="август")
    assert (item.deadline_kind, item.occurrences) == ("months", (d(2021, 8, 31), d(2022, 8, 31)))


def test_reimport_updates_by_number_without_duplicates(lazo):
    outcome = plan_import(table=_read("004_plan_schedule.csv"), program=lazo)
    assert (outcome.created, outcome.updated, outcome.unchanged, lazo.items.count()) == (0, 0, 66, 66)


def test_reimport_keeps_status_and_fact(lazo):
    item = lazo.items.get(number="1.1.1")
    plan_item_update(item=item, user=None, status="done", fact_text="Утверждён")
    plan_import(table=_read("004_plan_schedule.csv"), program=lazo)
    item.refresh_from_db()
    assert (item.status, item.fact_text) == ("done", "Утверждён")


def test_dry_run_writes_nothing(program_a):
    outcome = plan_import(table=_read("004_plan_schedule.csv"), program=program_a, dry_run=True)
    assert (outcome.status, outcome.created, PlanItem.objects.count()) == ("dry_run", 66, 0)


def test_missing_required_column_rejected_in_russian(program_a):
    outcome = plan_import(table=_table("№\tМероприятие\n1\tСеминар"), program=program_a)
    assert outcome.status == "rejected" and outcome.errors[0].message == "Нет обязательного столбца «Сроки»."


def test_row_errors_name_row_and_column(program_a):
    text = "№\tМероприятие\tСроки\tЦелевое значение\n1\tСеминар\tмарт 2023\tмного\n2\t\tапрель 2023\t"
    errors = plan_import(table=_table(text), program=program_a).errors
    assert [(e.row, e.column) for e in errors] == [(2, "Целевое значение"), (3, "Мероприятие")]


def test_one_bad_row_rejects_whole_table(program_a):
    text = "№\tМероприятие\tСроки\tСтатус\n1\tСеминар\tмарт 2023\t\n2\tВебинар\tапрель 2023\tготово"
    outcome = plan_import(table=_table(text), program=program_a)
    assert (outcome.status, PlanItem.objects.count()) == ("rejected", 0)


def test_repeated_number_accepted_with_a_warning(program_a):
    text = "№\tМероприятие\tСроки\n1.1\tСеминар\tмарт 2023\n1.1\tВебинар\tапрель 2023"
    outcome = plan_import(table=_table(text), program=program_a)
    assert (outcome.status, outcome.warnings, list(PlanItem.objects.values_list("title", flat=True))) == (
        "imported",
        [PLAN_DUPLICATE_NUMBER.format(number="1.1", rows="2, 3")],
        ["Семинар", "Вебинар"],
    )


def test_repeated_number_reimport_updates_each_item_in_order(program_a):
    text = "№\tМероприятие\tСроки\n1.1\tСеминар\tмарт 2023\n1.1\tВебинар\tапрель 2023"
    plan_import(table=_table(text), program=program_a)
    again = plan_import(table=_table(text.replace("Вебинар", "Вебинар для учителей")), program=program_a)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert list(PlanItem.objects.values_list("title", flat=True)) == ["Семинар", "Вебинар для учителей"]


def test_status_column_read_in_russian(program_a):
    text = "Мероприятие\tСроки\tСтатус\nСеминар\tмарт 2023\tвыполнено"
    plan_import(table=_table(text), program=program_a)
    assert PlanItem.objects.get().status == "done"


def test_paste_keeps_cells_with_line_breaks(program_a):
    text = 'Мероприятие\tСроки\n"Семинар\nдля учителей"\tмарт 2023\n'
    plan_import(table=_table(text), program=program_a)
    assert PlanItem.objects.get().title == "Семинар\nдля учителей"


def test_paste_without_rows_is_refused():
    with pytest.raises(ServiceError):
        plan_table_from_paste("   \n ")


def test_rows_without_number_appended_after_existing(program_a):
    item_make(program_a, position=5)
    plan_import(table=_table("Мероприятие\tСроки\nСеминар\tмарт 2023"), program=program_a)
    assert PlanItem.objects.get(title="Семинар").position == 6


def test_school_plan_kept_apart_from_municipal(program_a, two_municipalities):
    plan_import(
        table=_table("№\tМероприятие\tСроки\n1\tСеминар\tмарт 2023"), program=program_a, school=two_municipalities["a1"]
    )
    assert (
        program_a.items.filter(school__isnull=True).count(),
        program_a.items.filter(school__isnull=False).count(),
    ) == (0, 1)


def test_school_of_other_municipality_refused(program_a, two_municipalities):
    outcome = plan_import(
        table=_table("Мероприятие\tСроки\nСеминар\tмарт 2023"), program=program_a, school=two_municipalities["b1"]
    )
    assert outcome.status == "rejected"


def test_manually_set_deadline_survives_reimport_of_same_wording(program_a):
    text = "№\tМероприятие\tСроки\n1\tСеминар\tпо плану школы"
    plan_import(table=_table(text), program=program_a)
    item = PlanItem.objects.get()
    plan_item_deadline_set(item=item, user=None, end=d(2023, 6, 1))
    plan_import(table=_table(text), program=program_a)
    item.refresh_from_db()
    assert (item.deadline_kind, item.deadline_end, item.deadline_text) == ("date", d(2023, 6, 1), "по плану школы")


def test_import_plan_command_loads_seed(program_a, capsys):
    call_command("import_plan", str(seed_file("003_activity_plan.csv")), "--program", "prog-a")
    assert program_a.items.count() == 23 and "Добавлено: 23" in capsys.readouterr().out


def test_import_plan_command_respects_user_scope(program_b, users):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="не найдена"):
        call_command(
            "import_plan", str(seed_file("003_activity_plan.csv")), "--program", "prog-b", "--user", "method_a"
        )


def test_import_plan_command_exit_1_on_rejected(program_a, tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "plan.csv"
    bad.write_text("№;Мероприятие\n1;Семинар\n", encoding="utf-8")
    with pytest.raises(CommandError, match="отклонён"):
        call_command("import_plan", str(bad), "--program", "prog-a")
