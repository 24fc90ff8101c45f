"""The upload pages as a user goes through them: what a dry run says, the guessed column mapping above the rejection,
the error report's numbers, and the link to the figures after an import."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Result, Upload
from assessments.services import mapping_guess
from core.importing import error_report_xlsx, report_value
from core.tables import table_read
from tests.support.results_files import HEADER, row, xlsx

pytestmark = pytest.mark.django_db


def upload(client, content, *, dry_run, capture, name="r.xlsx"):
    data = {"file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    with capture(execute=True):
        response = client.post("/assessments/upload/", data)
    assert response.status_code == 302, response.content
    return Upload.objects.latest("pk"), client.get(response["Location"]).content.decode()


def three_rows():
    return [row(grade=5), row(grade=6), row(subject="Математика", grade=5)]


# 1. A dry run says what would be written, and that nothing was; an import says what was.


def test_dry_run_says_will_be_created_and_nothing_written(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    _, page = upload(client, xlsx(three_rows()), dry_run=True, capture=django_capture_on_commit_callbacks)
    assert "Пробная проверка: ничего не записано." in page
    assert "Будет создано: 3, обновлено: 0, без изменений: 0" in page
    assert "Создано: 3" not in page.replace("Будет создано: 3", "")
    assert Result.objects.count() == 0


def test_import_says_created_and_not_will_be(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    _, page = upload(client, xlsx(three_rows()), dry_run=False, capture=django_capture_on_commit_callbacks)
    assert "Создано: 3 · обновлено: 0 · без изменений: 0" in page
    assert "Будет создано" not in page and "ничего не записано" not in page
    assert Result.objects.count() == 3


# 2. Unknown headers are guessed, pre-selected and marked «предположительно».


def test_mapping_guess_of_headers_as_people_write_them():
    guesses = mapping_guess(["Учебный предмет", "Кол-во 2", "Кол-во участников", "Примечание"])
    assert [g[0] if g else None for g in guesses] == ["subject", "marks_2", "participants", None]
    # «Кол-во 2» is not among the names of «2»: it is a guess for the user to confirm.
    assert guesses[1] == ("marks_2", True)


def test_mapping_guess_gives_each_column_once():
    guesses = mapping_guess(["Код школы", "Школа (код)"])
    # «Код школы» names «Код ОО» exactly, so «Школа (код)» cannot take it too: its next best is the name.
    assert guesses == [("school_code", False), ("school_name", True)]


def test_mapping_form_preselects_the_guess_and_shows_it(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    header = ["Школа (код)", "Процедура", "Учебный предмет", "Класс", "Год", "Кол-во участников", "Кол-во 2"]
    content = xlsx([["A-1", "ВПР", "Русский язык", 5, 2024, 20, 2]], header=header)
    up, page = upload(client, content, dry_run=True, capture=django_capture_on_commit_callbacks)
    assert up.status == "rejected"
    assert '<option value="marks_2" selected>' in page and '<option value="subject" selected>' in page
    assert '<option value="participants" selected>' in page and '<option value="school_code" selected>' in page
    assert page.count("предположительно") >= 2  # beside «Школа (код)» and «Кол-во 2», and in the sentence
    # The user confirms what was pre-selected: the file then passes.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/assessments/uploads/{up.pk}/mapping/",
            {"col_0": "school_code", "col_1": "procedure", "col_2": "subject", "col_3": "grade", "col_4": "year"}
            | {"col_5": "participants", "col_6": "marks_2"},
        )
    up.refresh_from_db()
    assert (up.status, up.created) == ("dry_run", 1)


def test_guessed_fields_carry_the_mark_exact_ones_do_not(users, client, django_capture_on_commit_callbacks):
    from assessments.forms import MappingForm

    headers = ["Учебный предмет", "Кол-во 2"]
    form = MappingForm(headers=headers, initial_mapping={}, guesses=mapping_guess(headers))
    assert [form.fields["col_0"].initial, form.fields["col_1"].initial] == ["subject", "marks_2"]
    assert (form.fields["col_0"].help_text, form.fields["col_1"].help_text) == ("", "предположительно")
    saved = MappingForm(headers=headers, initial_mapping={"Кол-во 2": "marks_3"}, guesses=mapping_guess(headers))
    assert (saved.fields["col_1"].initial, saved.fields["col_1"].help_text) == ("marks_3", "")


# 3. When columns are missing, the mapping that fixes it comes first, the rejection below it.


def test_mapping_stands_above_the_rejection(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    header = ["Код ОО", "Процедура", "Предмет", "Класс", "Уч. г."]
    _, page = upload(
        client,
        xlsx([["A-1", "ВПР", "Русский язык", 5, 2024]], header=header),
        dry_run=True,
        capture=django_capture_on_commit_callbacks,
    )
    mapping, rejected = page.index("Сопоставьте столбцы вашего файла"), page.index("Файл отклонён")
    assert mapping < rejected
    assert "Укажите для каждого столбца вашего файла, что в нём" in page[mapping:rejected]
    assert "Нет обязательного столбца «Год»" in page[rejected:]


def test_rejection_of_values_shows_no_mapping(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    _, page = upload(client, xlsx([row(m2=50)]), dry_run=True, capture=django_capture_on_commit_callbacks)
    assert "Файл отклонён" in page and "Что исправить" in page and "Сопоставьте столбцы" not in page


# 4. The error report keeps numbers as numbers.


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("-3", -3),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 234", 1234),
        ("1\u00a0234,5", 1234.5),
        ("0", 0),
        ("007", "007"),  # a code, not seven
        ("1O", "1O"),
        ("A-1", "A-1"),
        ("2020-2021", "2020-2021"),
        ("1,234,567", "1,234,567"),
        ("1234567890123456", "1234567890123456"),  # more digits than Excel keeps
        ("", ""),
    ],
)
def test_report_value(text, value):
    got = report_value(text)
    assert (got, type(got)) == (value, type(value))


def test_error_report_writes_numbers_as_numbers_and_escapes_formulas(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    bad = row(grade=6, m2=50)
    bad[1] = "+HYPERLINK(1)"  # text that Excel would run as a formula
    bad[16] = "12,5"  # mean score written the Russian way
    up, _ = upload(client, xlsx([row(), bad]), dry_run=False, capture=django_capture_on_commit_callbacks)
    assert up.status == "rejected" and up.error_report
    report = client.get(f"/assessments/uploads/{up.pk}/errors.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    header = [c.value for c in sheet[1]]
    assert header == [*HEADER, "Ошибка"]
    line = [c for c in sheet[3]]
    by_name = dict(zip(header, line))
    assert (by_name["Класс"].value, by_name["Класс"].data_type) == (6, "n")
    assert (by_name["«2»"].value, by_name["«2»"].data_type) == (50, "n")
    assert (by_name["Год"].value, by_name["Средний балл"].value) == (2024, 12.5)
    assert by_name["Код ОО"].value == "A-1" and by_name["Наименование ОО"].value == "'+HYPERLINK(1)"
    assert by_name["Наименование ОО"].data_type == "s"
    assert by_name["Ошибка"].value.startswith("«2»: Значение 50 больше числа участников")


def test_error_report_keeps_leading_zero_codes_as_text():
    table = table_read(xlsx([["007", "", "ВПР", "Русский язык", "5"]], header=HEADER[:5]), filename="e.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(error_report_xlsx(table, []))).active
    assert [c.value for c in sheet[2]][:5] == ["007", None, "ВПР", "Русский язык", 5]


# 5. After an import: a link to the figures.


def test_school_import_links_to_the_school_results(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    _, page = upload(client, xlsx(three_rows()), dry_run=False, capture=django_capture_on_commit_callbacks)
    assert 'href="/assessments/school/A-1/">Открыть результаты школы</a>' in page
    assert client.get("/assessments/school/A-1/").status_code == 200


def test_municipal_import_links_to_the_municipality_table(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["methodologist"])
    rows = [row(code="A-1"), row(code="A-2")]
    _, page = upload(client, xlsx(rows), dry_run=False, capture=django_capture_on_commit_callbacks)
    assert 'href="/assessments/municipality/A01/">Открыть результаты муниципалитета: Район А</a>' in page
    assert "Открыть результаты школы" not in page


def test_dry_run_has_no_link_to_figures(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    _, page = upload(client, xlsx(three_rows()), dry_run=True, capture=django_capture_on_commit_callbacks)
    assert "Открыть результаты школы" not in page
