"""Contract 1.2: every rule has a failing row; a file is imported whole or not at all."""

import pytest

from assessments import services
from assessments.models import Result, ResultChange
from core.models import AuditEvent
from core.tables import table_read
from tests.support.results_files import HEADER, csv_bytes, row, xlsx

pytestmark = pytest.mark.django_db


def run(rows, header=HEADER, user=None, **kwargs):
    return services.results_import(table=table_read(xlsx(rows, header), filename="r.xlsx"), user=user, **kwargs)


def test_clean_file_imports_all_rows(two_municipalities):
    outcome = run([row(), row(grade=6), row(code="B-1")])
    assert (outcome.status, outcome.created, Result.objects.count()) == ("imported", 3, 3)


def test_unknown_cell_is_null_not_zero(two_municipalities):
    run([row(m2="", m3="-", m4="", m5="", confirmed="", lowered="", raised="")])
    r = Result.objects.get()
    assert (r.marks_2, r.marks_3, r.confirmed) == (None, None, None)


def test_school_year_means_year_written(two_municipalities):
    run([row(year="2020-2021"), row(grade=6, year="2020/2021")])
    assert set(Result.objects.values_list("year", flat=True)) == {2021}


def test_short_subject_forms_are_read(two_municipalities):
    run(
        [
            row(subject="РУ"),
            row(subject="матем.", grade=6),
            row(
                procedure="ЕГЭ",
                subject="МА (профиль)",
                grade=11,
                m2="",
                m3="",
                m4="",
                m5="",
                confirmed="",
                lowered="",
                raised="",
                below_min=3,
                mean="55,5",
            ),
        ]
    )
    assert sorted(Result.objects.values_list("subject__code", flat=True)) == ["math", "math_profile", "russian"]


def test_ege_row_records_minimum_score_in_force(two_municipalities):
    run(
        [
            row(
                procedure="ЕГЭ",
                subject="Русский язык",
                grade=11,
                m2="",
                m3="",
                m4="",
                m5="",
                confirmed="",
                lowered="",
                raised="",
                below_min=1,
                mean="68,5",
                high=2,
            )
        ]
    )
    assert Result.objects.get().min_score == 24


def test_name_matches_alias_when_code_absent(two_municipalities):
    school = two_municipalities["a1"]
    school.aliases = ["Школа № 1 посёлка"]
    school.save()
    run([row(code="", name="школа №1 посёлка")])
    assert Result.objects.get().school == school


def test_csv_windows_1251_with_semicolons(two_municipalities):
    table = table_read(csv_bytes([row()], encoding="cp1251"), filename="r.csv")
    assert services.results_import(table=table).created == 1


BAD_ROWS = [
    (row(procedure="НИКО"), "Процедура", services.UNKNOWN_PROCEDURE.format(value="НИКО")),
    (row(subject="Астрономия"), "Предмет", services.UNKNOWN_SUBJECT.format(value="Астрономия")),
    (row(procedure="ЕГЭ", subject="Математика", grade=11), "Предмет", services.EGE_MATH_LEVEL),
    (row(subject="Математика базовая"), "Предмет", services.MATH_LEVEL_ONLY_EGE),
    (row(grade=3), "Класс", services.BAD_GRADE.format(grade=3, procedure="ВПР", allowed="4, 5, 6, 7, 8, 9, 10, 11")),
    (row(procedure="ОГЭ", grade=11), "Класс", services.BAD_GRADE.format(grade=11, procedure="ОГЭ", allowed="9")),
    (row(grade="пятый"), "Класс", services.NOT_A_GRADE.format(value="пятый")),
    (row(year="прошлый"), "Год", services.BAD_YEAR.format(value="прошлый")),
    (row(year="2020-2022"), "Год", services.BAD_YEAR.format(value="2020-2022")),
    (row(n=""), "Участников", services.REQUIRED_VALUE),
    (row(n="двадцать"), "Участников", services.NOT_A_COUNT.format(value="двадцать")),
    (row(m2=-1), "«2»", services.NOT_A_COUNT.format(value="-1")),
    (row(m2=25, m3="", m4="", m5=""), "«2»", services.COUNT_OVER_N.format(value=25, n=20)),
    (row(m2=3), "«2»", services.MARKS_SUM.format(total=21, n=20)),
    (row(m2=12, m3=9, m4="", m5=""), "«2»", services.MARKS_SUM_OVER.format(total=21, n=20)),
    (row(m45=11), "«4» и «5»", services.MARKS_45.format(value=11, total=10)),
    (row(confirmed=16), "Подтвердили", services.OBJECTIVITY_SUM.format(total=21, n=20)),
    (
        row(
            procedure="ЕГЭ",
            subject="Русский язык",
            grade=11,
            m2="",
            m3="",
            m4="",
            m5="",
            confirmed="",
            lowered="",
            raised="",
            mean="101",
        ),
        "Средний балл",
        services.MEAN_RANGE,
    ),
    (row(mean="много"), "Средний балл", services.NOT_A_NUMBER.format(value="много")),
    (row(code="NOPE"), "Код ОО", services.SCHOOL_UNKNOWN_CODE.format(code="NOPE")),
    (
        row(code="", name="Нет такой школы"),
        "Наименование ОО",
        services.SCHOOL_UNKNOWN_NAME.format(name="Нет такой школы"),
    ),
    (
        row(code="A-1", name="Совсем другая"),
        "Наименование ОО",
        services.SCHOOL_NAME_MISMATCH.format(name="Совсем другая", code="A-1", actual="МБОУ СОШ № 1 (А)"),
    ),
]


@pytest.mark.parametrize("bad, column, message", BAD_ROWS, ids=[m[:40] for _, _, m in BAD_ROWS])
def test_rule_violation_names_row_column_and_reason(two_municipalities, bad, column, message):
    outcome = run([row(grade=6), bad])
    assert outcome.status == "rejected"
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [(3, column, message)]


def test_objectivity_sum_over_uses_partial_counts(two_municipalities):
    outcome = run([row(confirmed=19, lowered=3, raised="")])
    assert outcome.errors[0].message == services.OBJECTIVITY_SUM_OVER.format(total=22, n=20)


def test_duplicate_key_in_file(two_municipalities):
    outcome = run([row(), row()])
    assert outcome.errors[0].message == services.DUPLICATE_KEY.format(row=2)


def test_ambiguous_name_is_an_error(two_municipalities):
    for key in ("a1", "b1"):
        two_municipalities[key].aliases = ["Сельская школа"]
        two_municipalities[key].save()
    outcome = run([row(code="", name="Сельская школа")])
    assert outcome.errors[0].message == services.SCHOOL_AMBIGUOUS.format(name="Сельская школа")


def test_missing_required_column_rejects_file(two_municipalities):
    header = [h for h in HEADER if h != "Предмет"]
    outcome = run([[v for h, v in zip(HEADER, row()) if h != "Предмет"]], header=header)
    assert [e.message for e in outcome.errors] == ["Нет обязательного столбца «Предмет»."]


def test_neither_code_nor_name_column(two_municipalities):
    header = HEADER[2:]
    outcome = run([row()[2:]], header=header)
    assert outcome.errors[0].message == services.NO_SCHOOL_COLUMN


def test_one_bad_row_writes_nothing(two_municipalities):
    outcome = run([row(), row(grade=6), row(grade=7, m2=99)])
    assert (outcome.status, Result.objects.count()) == ("rejected", 0)


def test_dry_run_reports_and_writes_nothing(two_municipalities):
    run([row()])
    outcome = run([row(), row(grade=6), row(grade=7)], dry_run=True)
    assert (outcome.status, outcome.created, outcome.updated, outcome.unchanged, Result.objects.count()) == (
        "dry_run",
        2,
        0,
        1,
        1,
    )


def test_dry_run_counts_an_update(two_municipalities):
    run([row()])
    outcome = run([row(n=21, m3=9, lowered=4)], dry_run=True)
    assert (outcome.created, outcome.updated) == (0, 1)


def test_same_file_twice_changes_nothing(two_municipalities):
    rows = [row(), row(grade=6, mean="4,2")]
    run(rows)
    before = list(Result.objects.order_by("pk").values())
    outcome = run(rows)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 2)
    assert list(Result.objects.order_by("pk").values()) == before


def test_update_keeps_previous_values_in_history(users, two_municipalities):
    run([row()], user=users["school_admin"])
    run([row(n=21, m3=9, lowered=4)], user=users["school_admin"])
    change = ResultChange.objects.get()
    assert (change.before, change.after, change.user) == (
        {"participants": 20, "marks_3": 8, "lowered": 3},
        {"participants": 21, "marks_3": 9, "lowered": 4},
        users["school_admin"],
    )


def test_school_admin_cannot_write_for_another_school(users, two_municipalities):
    outcome = run([row(code="B-1")], user=users["school_admin"])
    assert outcome.errors[0].message == services.SCHOOL_OUT_OF_SCOPE.format(code="B-1")


def test_out_of_scope_attempt_is_logged(users, two_municipalities):
    run([row(code="B-1")], user=users["school_admin"])
    event = AuditEvent.objects.get(kind="scope_violation")
    assert (event.user, event.data["school_codes"]) == (users["school_admin"], ["B-1"])


def test_name_outside_scope_is_not_matched(users, two_municipalities):
    outcome = run([row(code="", name="МБОУ СОШ № 1 (Б)")], user=users["school_admin"])
    assert outcome.errors[0].column == "Наименование ОО"


def test_school_admin_may_write_for_branch(users, two_municipalities):
    assert run([row(code="A-2")], user=users["school_admin"]).status == "imported"


def test_saved_mapping_reads_other_headers(two_municipalities):
    header = ["Школа (код)", "Вид", "Дисциплина", "Параллель", "Год", "Писали", "Двойки"]
    data = [["A-1", "ВПР", "Русский язык", 5, 2024, 20, 2]]
    mapping = {"Школа (код)": "school_code", "Вид": "procedure", "Дисциплина": "subject"}
    outcome = services.results_import(table=table_read(xlsx(data, header), filename="x.xlsx"), mapping=mapping)
    assert (outcome.status, Result.objects.get().marks_2) == ("imported", 2)


def test_results_changed_signal_after_commit(two_municipalities, django_capture_on_commit_callbacks):
    from assessments.signals import results_changed

    received = []
    results_changed.connect(lambda sender, signal, **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run([row(), row(year=2023)])
    finally:
        results_changed.disconnect(dispatch_uid="t")
    assert received == [{"school_ids": [two_municipalities["a1"].pk], "years": [2023, 2024]}]
