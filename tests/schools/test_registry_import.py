import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.tables import table_read
from schools import services
from schools.models import Municipality, School
from tests.support.registry_files import GOOD, HEADER, xlsx

pytestmark = pytest.mark.django_db


def run(rows, header=HEADER, **kwargs):
    return services.registry_import(table=table_read(xlsx(rows, header), filename="r.xlsx"), **kwargs)


def test_import_creates_region_municipality_schools_and_branch():
    outcome = run(GOOD)
    branch = School.objects.get(code="F-1")
    assert (outcome.status, outcome.created, branch.parent.code, branch.municipality.region.name) == (
        "imported",
        2,
        "S-1",
        "Хабаровский край",
    )


def test_aliases_split_by_semicolon():
    run(GOOD)
    assert School.objects.get(code="S-1").aliases == ["Кругликовская школа", "СОШ с.Кругликово"]


def test_english_aliases_accepted_as_headers():
    header = ["region", "municipality_code", "municipality", "school_code", "school_name"]
    outcome = run([r[:5] for r in GOOD[1:]], header=header)
    assert outcome.status == "imported"


def test_same_file_twice_changes_nothing():
    run(GOOD)
    outcome = run(GOOD)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 2)


def test_changed_name_is_an_update_with_history():
    run(GOOD)
    changed = [GOOD[0], [*GOOD[1][:4], "МБОУ СОШ с. Кругликово им. Героя", *GOOD[1][5:]]]
    outcome = run(changed)
    school = School.objects.get(code="S-1")
    assert (outcome.updated, school.history.count()) == (1, 2)


def test_dry_run_writes_nothing():
    outcome = run(GOOD, dry_run=True)
    assert (outcome.status, outcome.created, School.objects.count()) == ("dry_run", 2, 0)


@pytest.mark.parametrize(
    "row, column, message_start",
    [
        (["Край", "M", "Район", "", "Школа", "", "", "", "", ""], "Код ОО", services.REQUIRED_VALUE),
        (["Край", "M", "Район", "X-1", "Школа", "", "академия", "", "", ""], "Тип ОО", "Неизвестный тип ОО"),
        (["Край", "M", "Район", "X-1", "Школа", "", "", "", "NOPE", ""], "Код головной ОО", "Головная ОО с кодом"),
        (["Край", "M", "Район", "X-1", "Школа", "", "", "", "X-1", ""], "Код головной ОО", services.OWN_PARENT),
    ],
)
def test_bad_row_rejects_file_and_names_row_and_column(row, column, message_start):
    outcome = run([GOOD[1], row])
    error = outcome.errors[0]
    assert (
        outcome.status,
        error.row,
        error.column,
        error.message.startswith(message_start),
        School.objects.count(),
    ) == ("rejected", 3, column, True, 0)


def test_duplicate_code_in_file_is_an_error():
    outcome = run([GOOD[1], GOOD[1]])
    assert outcome.errors[0].message == services.DUPLICATE_CODE.format(code="S-1", row=2)


def test_municipality_named_two_ways_is_an_error():
    other = [*GOOD[1][:2], "Другое имя", "S-2", *GOOD[1][4:]]
    outcome = run([GOOD[1], other])
    assert (outcome.errors[0].row, outcome.errors[0].column) == (3, "Муниципалитет")


def test_missing_required_column_is_reported():
    outcome = run([r[:4] for r in GOOD], header=HEADER[:4])
    assert [e.message for e in outcome.errors] == ["Нет обязательного столбца «Наименование ОО»."]


def test_command_imports(tmp_path):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(xlsx(GOOD))
    call_command("import_schools", str(path))
    assert Municipality.objects.get(code="LAZO").schools.count() == 2


def test_command_rejects_with_exit_1_and_writes_nothing(tmp_path):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(xlsx([GOOD[1], ["Край", "M", "Район", "", "Школа", "", "", "", "", ""]]))
    with pytest.raises(CommandError, match="Файл отклонён"):
        call_command("import_schools", str(path))
    assert not School.objects.exists()


def test_command_refuses_pdf(tmp_path):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(b"%PDF-1.4\n%...")
    with pytest.raises(CommandError, match="PDF"):
        call_command("import_schools", str(path))


def test_page_import_runs_job_and_shows_result(users, client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["admin"])
    upload = SimpleUploadedFile("registry.xlsx", xlsx(GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/schools/registry/", {"file": upload})
    job_page = client.get(response["Location"]).content.decode()
    assert "Загружено" in job_page and "Создано: 2" in job_page


def test_page_import_shows_row_errors(users, client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["admin"])
    upload = SimpleUploadedFile(
        "registry.xlsx", xlsx([["Край", "M", "Район", "X", "Школа", "", "академия", "", "", ""]])
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/schools/registry/", {"file": upload})
    job_page = client.get(response["Location"]).content.decode()
    assert "Файл отклонён" in job_page and "Неизвестный тип ОО «академия»" in job_page


@pytest.mark.parametrize("role", ["head", "methodologist", "curator", "school_admin", "regional"])
def test_registry_page_is_admin_only(users, client, role):
    client.force_login(users[role])
    assert client.get("/schools/registry/").status_code == 403
