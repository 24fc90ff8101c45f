import pytest
from rest_framework.test import APIClient

from assessments.services import results_import
from core.models import AuditEvent
from core.tables import table_read
from reports.models import Report
from tests.support.documents import pdf_text
from tests.support.results_files import row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(two_municipalities):
    rows = [
        row(grade=g, year=y, subject=s, m2=m2, m3=8 - (m2 - 2), confirmed=15, lowered=3, raised=2)
        for g in (5, 6)
        for y in (2023, 2024)
        for s in ("Русский язык", "Математика")
        for m2 in [8 if y == 2024 else 2]
    ]
    rows.append(row(code="B-1"))
    assert results_import(table=table_read(xlsx(rows), filename="r.xlsx")).status == "imported"


def order(client, **body):
    return client.post("/api/v1/reports/", body, format="json")


@pytest.fixture
def head_api(users):
    client = APIClient()
    client.force_authenticate(users["head"])
    return client


def test_vpr_note_is_a_real_pdf_with_figures(
    head_api, results, tmp_path, django_capture_on_commit_callbacks, users, client
):
    with django_capture_on_commit_callbacks(execute=True):
        response = order(head_api, kind="vpr-note", municipality="A01", year=2024)
    assert response.status_code == 202
    body = head_api.get(f"/api/v1/reports/{response.json()['id']}/").json()
    client.force_login(users["head"])
    text = pdf_text(b"".join(client.get(body["url"]).streaming_content), tmp_path, layout=True)
    # 8 of 20 got «2» in each group: 40,0 %, flagged as ≥ 30 %; a year before 2 of 20: 10,0 %.
    assert "Аналитическая справка" in text and "40,0 %" in text and "10,0 %" in text and "МБОУ СОШ № 1 (А)" in text
    assert "(Б)" not in text and body["pages"] >= 2


def test_school_dossier_pdf_has_history_and_results(
    head_api, results, tmp_path, users, client, django_capture_on_commit_callbacks
):
    from tests.factories import SchoolStatusFactory

    for year in (2019, 2021, 2022):
        SchoolStatusFactory(school=users["school_admin"].school, year=year)
    with django_capture_on_commit_callbacks(execute=True):
        response = order(head_api, kind="school", school="A-1", year=2024)
    report = Report.objects.get(pk=response.json()["id"])
    client.force_login(users["head"])
    text = pdf_text(b"".join(client.get(f"/reports/{report.pk}/download/").streaming_content), tmp_path, layout=True)
    assert "Досье школы" in text and "В списках 2019, 2021, 2022 г." in text and "40,0 %" in text


def test_head_of_a_cannot_order_b(head_api, results):
    assert order(head_api, kind="vpr-note", municipality="B01", year=2024).status_code == 404


def test_head_of_a_cannot_order_school_of_b(head_api, results):
    assert order(head_api, kind="school", school="B-1", year=2024).status_code == 404


def test_head_of_a_cannot_download_b_report(users, results, client, django_capture_on_commit_callbacks):
    other = APIClient()
    other.force_authenticate(users["head_b"])
    with django_capture_on_commit_callbacks(execute=True):
        report_id = order(other, kind="vpr-note", municipality="B01", year=2024).json()["id"]
    client.force_login(users["head"])
    assert client.get(f"/reports/{report_id}/download/").status_code == 404
    assert APIClient().get(f"/api/v1/reports/{report_id}/").status_code in (401, 403)


def test_school_admin_cannot_order(users, results):
    client = APIClient()
    client.force_authenticate(users["school_admin"])
    assert order(client, kind="school", school="A-1", year=2024).status_code == 403


def test_download_is_logged(head_api, results, users, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report_id = order(head_api, kind="vpr-note", municipality="A01", year=2024).json()["id"]
    client.force_login(users["head"])
    client.get(f"/reports/{report_id}/download/")
    event = AuditEvent.objects.get(kind="download")
    assert (event.user, event.data["report"]) == (users["head"], report_id)


def test_report_page_orders_and_redirects_to_progress(users, results, client, django_capture_on_commit_callbacks):
    client.force_login(users["head"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/", {"kind": "vpr-note", "municipality": "A01", "year": 2024})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    assert "Скачать PDF" in client.get("/reports/").content.decode()


def test_build_report_command_writes_pdf(results, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "note.pdf"
    call_command("build_report", "vpr-note", "--municipality", "A01", "--year", "2024", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def _pdf_html(template: str, context: dict) -> str:
    """The HTML the PDF is printed from (reports.pdf renders exactly this before WeasyPrint lays it out)."""
    from django.template.loader import render_to_string

    return render_to_string(template, {**context, "font_faces": "", "generated": ""})


def test_vpr_note_total_carries_its_coverage(results, two_municipalities):
    from reports.selectors import vpr_note_context

    total = vpr_note_context(municipality=two_municipalities["a"], year=2024)["groups"][0]["total"]
    assert (total["coverage"].schools, total["coverage"].of, total["coverage"].incomplete) == (1, 2, True)


def test_vpr_note_pdf_prints_the_coverage_of_each_total(results, two_municipalities):
    from reports.selectors import vpr_note_context

    html = _pdf_html("reports/pdf/vpr_note.html", vpr_note_context(municipality=two_municipalities["a"], year=2024))
    assert html.count("данные 1 из 2 ОО (неполные)") >= 4


def test_programme_report_appendix_has_the_municipality_total_with_coverage(results, two_municipalities):
    from reports.selectors import program_report_context

    context = program_report_context(municipality=two_municipalities["a"], year=2024)
    total = context["appendix"][0]["total"][-1]
    assert (float(total["share_2"]), total["coverage"].schools, total["coverage"].of) == (40.0, 1, 2)
    assert "данные 1 из 2 ОО (неполные)" in _pdf_html("reports/pdf/program.html", context)


def test_school_dossier_says_how_many_schools_make_the_municipality_line(results, two_municipalities, users, client):
    client.force_login(users["head"])
    response = client.get("/reports/school/A-1/?year=2024")
    first = response.context["area_coverage"][0]
    assert (
        (first["coverage"].schools, first["coverage"].of),
        "данные 1 из 2 ОО (неполные)" in response.content.decode(),
    ) == ((1, 2), True)


def test_school_dossier_pdf_prints_the_municipality_line_coverage(results, two_municipalities):
    from reports.selectors import school_dossier_context

    html = _pdf_html("reports/pdf/school.html", school_dossier_context(school=two_municipalities["a1"], year=2024))
    assert "Линия муниципалитета" in html and "данные 1 из 2 ОО (неполные)" in html


def test_vpr_note_pdf_file_prints_coverage(results, two_municipalities, tmp_path):
    from django.core.files.storage import default_storage

    from reports.services import report_build

    report = report_build(
        report=Report.objects.create(kind="vpr-note", municipality=two_municipalities["a"], year=2024)
    )
    with default_storage.open(report.file, "rb") as f:
        text = pdf_text(f.read(), tmp_path, layout=True)
    assert "данные 1 из 2 ОО (неполные)" in " ".join(text.split())
