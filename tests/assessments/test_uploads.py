"""Uploads through the API and the pages: queued, processed by the worker, whole or nothing, hostile files refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from assessments.models import Result, Upload
from core import tables
from core.models import Job
from tests.support.results_files import row, xlsx
from tests.support.runtime import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["school_admin"])
    return client


def post(api, content, name="r.xlsx", dry_run=False, capture=None):
    with capture(execute=True):
        response = api.post(
            "/api/v1/uploads/", {"file": SimpleUploadedFile(name, content), "dry_run": dry_run}, format="multipart"
        )
    assert response.status_code == 202, response.content
    return api.get(f"/api/v1/uploads/{response.json()['id']}/").json()


def test_api_upload_imports(api, django_capture_on_commit_callbacks):
    body = post(api, xlsx([row(), row(grade=6)]), capture=django_capture_on_commit_callbacks)
    assert (body["status"], body["created"], body["progress"], Result.objects.count()) == ("imported", 2, 100, 2)


def test_api_dry_run_writes_nothing(api, django_capture_on_commit_callbacks):
    body = post(api, xlsx([row()]), dry_run=True, capture=django_capture_on_commit_callbacks)
    assert (body["status"], body["created"], Result.objects.count()) == ("dry_run", 1, 0)


def test_api_rejected_upload_lists_errors_and_report(api, client, users, django_capture_on_commit_callbacks):
    body = post(api, xlsx([row(), row(grade=6, m2=50)]), capture=django_capture_on_commit_callbacks)
    assert body["status"] == "rejected" and body["errors"][0]["row"] == 3 and body["errors"][0]["column"] == "«2»"
    client.force_login(users["school_admin"])
    report = client.get(body["error_report_url"])
    rows = tables.table_read(b"".join(report.streaming_content), filename="e.xlsx").rows
    assert rows[1][-1].startswith("«2»: Значение 50 больше числа участников")


def test_retry_after_dry_run_imports(api, django_capture_on_commit_callbacks):
    body = post(api, xlsx([row()]), dry_run=True, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/uploads/{body['id']}/retry/", {"dry_run": False}, format="json")
    assert Upload.objects.get(pk=body["id"]).status == "imported" and Result.objects.count() == 1


def test_retry_of_a_queued_upload_is_refused_with_409(api, django_capture_on_commit_callbacks):
    """One file is never processed by two jobs at once: a retry while its job waits in the queue is refused."""
    body = post(api, xlsx([row()]), dry_run=True, capture=django_capture_on_commit_callbacks)
    Upload.objects.filter(pk=body["id"]).update(status=Upload.Status.PENDING)  # as if its job were still queued
    jobs_before = Upload.objects.get(pk=body["id"]).job_id
    response = api.post(f"/api/v1/uploads/{body['id']}/retry/", {"dry_run": False}, format="json")
    assert response.status_code == 409 and "уже в очереди" in response.json()["detail"]
    assert Upload.objects.get(pk=body["id"]).job_id == jobs_before and Result.objects.count() == 0


def test_head_cannot_upload(users):
    client = APIClient()
    client.force_authenticate(users["head"])
    response = client.post(
        "/api/v1/uploads/", {"file": SimpleUploadedFile("r.xlsx", xlsx([row()]))}, format="multipart"
    )
    assert response.status_code == 403


def test_upload_of_another_municipality_is_404(api, users, django_capture_on_commit_callbacks):
    body = post(api, xlsx([row()]), capture=django_capture_on_commit_callbacks)
    other = APIClient()
    other.force_authenticate(users["head_b"])
    assert other.get(f"/api/v1/uploads/{body['id']}/").status_code == 404


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                f.write(chunk)
    return buf.getvalue()


def _with_member(name: str, text: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx([row()])))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, text if item.filename == name else src.read(item.filename))
        if name not in src.namelist():
            z.writestr(name, text)
    return buf.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>&ext;</sheetData></worksheet>'
)

HOSTILE = {
    "zip_bomb": (_zip_bomb, "распаковки"),
    "billion_laughs": (lambda: _with_member("xl/workbook.xml", BILLION_LAUGHS), tables.XML_UNSAFE),
    "external_entity": (lambda: _with_member("xl/worksheets/sheet1.xml", EXTERNAL), tables.XML_UNSAFE),
    "xlsm_macros": (lambda: _with_member("xl/vbaProject.bin", "macro"), tables.MACROS),
    "pdf_renamed": (lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "PDF"),
    "missing_columns": (lambda: xlsx([["A-1", 2024]], header=["Код ОО", "Год"]), "Нет обязательного столбца"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_file_is_refused_and_writes_nothing(api, kind, django_capture_on_commit_callbacks):
    make, expected = HOSTILE[kind]
    body = post(api, make(), capture=django_capture_on_commit_callbacks)
    assert body["status"] == "rejected" and expected in body["errors"][0]["message"] and Result.objects.count() == 0


def test_empty_file_is_refused_at_once(api):
    response = api.post("/api/v1/uploads/", {"file": SimpleUploadedFile("r.xlsx", b"")}, format="multipart")
    assert response.status_code == 400 and "пуст" in response.json()["file"][0] and not Upload.objects.exists()


def test_empty_file_through_reader_is_refused(two_municipalities):
    from assessments.services import upload_process

    upload = Upload.objects.create(file="results/none.xlsx", filename="r.xlsx", sha256="0", size=0)
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    upload.file = default_storage.save("results/empty.xlsx", ContentFile(b""))
    upload.save()
    outcome = upload_process(upload=upload)
    assert outcome.errors[0].message == tables.EMPTY


def test_upload_page_flow_dry_run_then_confirm(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/assessments/upload/", {"file": SimpleUploadedFile("r.xlsx", xlsx([row()])), "dry_run": "on"}
        )
    page = client.get(response["Location"]).content.decode()
    assert "Проверка прошла без ошибок" in page and Result.objects.count() == 0
    upload = Upload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/uploads/{upload.pk}/confirm/")
    assert Result.objects.count() == 1


def test_upload_page_offers_mapping_and_remembers_it(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["school_admin"])
    header = ["Школа (код)", "Процедура", "Предмет", "Класс", "Год", "Писали"]
    content = xlsx([["A-1", "ВПР", "Русский язык", 5, 2024, 20]], header=header)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/assessments/upload/", {"file": SimpleUploadedFile("r.xlsx", content), "dry_run": "on"})
    page = client.get(response["Location"]).content.decode()
    assert "Сопоставьте столбцы" in page
    upload = Upload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/uploads/{upload.pk}/mapping/", {"col_0": "school_code", "col_5": "participants"})
    upload.refresh_from_db()
    assert upload.status == "dry_run" and upload.created == 1


def test_template_has_reference_sheets(users, client):
    client.force_login(users["school_admin"])
    content = client.get("/assessments/template.xlsx").content
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content))
    school_codes = [r[0] for r in wb["Школы"].iter_rows(min_row=2, values_only=True)]
    assert wb.sheetnames[:4] == ["Результаты", "Школы", "Предметы", "Процедуры"] and school_codes == ["A-1", "A-2"]


def test_template_columns_import_cleanly(users, client):
    client.force_login(users["school_admin"])
    content = client.get("/assessments/template.xlsx").content
    from assessments.services import results_import

    outcome = results_import(table=tables.table_read(content, filename="t.xlsx"), user=users["school_admin"])
    # counts, shares with n, shares without n; a school's staff get no whole-municipality example
    assert outcome.status == "imported" and outcome.created == 3


def test_template_for_municipal_staff_has_a_municipality_row(users, client):
    from assessments.models import TerritoryResult
    from assessments.services import results_import

    client.force_login(users["methodologist"])
    content = client.get("/assessments/template.xlsx").content
    outcome = results_import(table=tables.table_read(content, filename="t.xlsx"), user=users["methodologist"])
    assert outcome.status == "imported" and outcome.created == 4
    assert TerritoryResult.objects.get().participants == 327


@pytest.mark.worker
def test_real_worker_imports_through_redis(celery_worker, users):
    from assessments.services import upload_create

    upload = upload_create(
        user=users["school_admin"], content=xlsx([row(), row(grade=6)]), filename="r.xlsx", dry_run=False
    )
    upload = wait_for(
        lambda: Upload.objects.filter(pk=upload.pk, status__in=["imported", "rejected", "failed"]).first()
    )
    job = Job.objects.get(pk=upload.job_id)
    assert (upload.status, job.status, job.progress, Result.objects.count()) == ("imported", "done", 100, 2)


def test_results_list_endpoint_query_count(users, two_municipalities, query_budget):
    from assessments.services import results_import

    rows = [
        row(grade=g, year=y, subject=s)
        for g in (4, 5, 6, 7, 8)
        for y in (2022, 2023, 2024)
        for s in ("Русский язык", "Математика")
    ]
    results_import(table=tables.table_read(xlsx(rows), filename="r.xlsx"))
    client = APIClient()
    client.force_authenticate(users["head"])
    with query_budget("assessments.api.results"):
        body = client.get("/api/v1/results/?page_size=100").json()
    assert body["count"] == 30


def test_results_fields_follow_contract(users, two_municipalities):
    from assessments.services import results_import

    results_import(table=tables.table_read(xlsx([row()]), filename="r.xlsx"))
    client = APIClient()
    client.force_authenticate(users["head"])
    item = client.get("/api/v1/results/").json()["results"][0]
    assert {
        k: item[k]
        for k in (
            "school",
            "procedure",
            "subject",
            "grade",
            "year",
            "participants",
            "share_2",
            "success",
            "quality",
            "objectivity",
            "high",
        )
    } == {
        "school": "A-1",
        "procedure": "VPR",
        "subject": "russian",
        "grade": 5,
        "year": 2024,
        "participants": 20,
        "share_2": 10.0,
        "success": 90.0,
        "quality": 50.0,
        "objectivity": 75.0,
        "high": 20.0,
    }


def test_results_of_other_municipality_invisible(users, two_municipalities):
    from assessments.services import results_import

    results_import(table=tables.table_read(xlsx([row(code="B-1")]), filename="r.xlsx"))
    client = APIClient()
    client.force_authenticate(users["head"])
    assert client.get("/api/v1/results/").json()["count"] == 0
