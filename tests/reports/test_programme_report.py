"""The programme report reads like the programme: passport, participants, the plan activity by activity, the lists
with their levels and history, expected results and risks — in PDF, Word and Excel, from one context."""

import datetime
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from rest_framework.test import APIClient

from programs.models import PlanItemEvidence, ProgramParticipant, ProgramTrack
from reports.models import Report
from reports.selectors import program_report_context
from reports.services import report_build
from schools.models import School, SchoolStatus
from tests.support.documents import docx_text, pdf_text
from tests.support.programs import item_make, program_make

pytestmark = pytest.mark.django_db

YEAR = 2024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def programme(two_municipalities):
    w = two_municipalities
    program = program_make(w["a"], "rep-prog", start=datetime.date(2023, 1, 1), end=datetime.date(2025, 12, 31))
    program.order_number, program.order_date = "114", datetime.date(2023, 1, 10)
    program.developer = "Управление образования района А"
    program.goal = "Сократить разрыв в образовательных результатах между школами"
    program.tasks = ["Выявить причины низких результатов", "Организовать адресную помощь"]
    program.expected_results = ["Снижение доли ШНОР до 10 %", "Все ШНОР имеют антирисковые программы"]
    program.risks = [{"risk": "Формальный подход руководителей ОО", "mitigation": "Еженедельный мониторинг куратором"}]
    program.save()
    track = ProgramTrack.objects.create(program=program, number=1, title="Школы с низкими результатами")
    for year, school in ((2023, w["a1"]), (2024, w["a1"]), (2024, w["a2"])):
        ProgramParticipant.objects.create(program=program, school=school, year=year, track=track)
    item_make(
        program,
        number="1.1",
        block="I. Организационно-управленческие мероприятия",
        section="Нормативное обеспечение",
        title="Издание приказа об участниках проекта",
        deadline_text="март 2024 г.",
        kind="month",
        start=datetime.date(2024, 3, 1),
        end=datetime.date(2024, 3, 31),
        status="done",
        completed_on=datetime.date(2024, 3, 20),
        fact_text="Приказ № 77 издан",
    )
    done = item_make(
        program,
        number="2.1",
        block="II. Методическое сопровождение",
        title="Выездные консультации кураторов",
        deadline_text="ежеквартально",
        kind="recurring",
        deadline_recurrence="quarterly",
        status="in_progress",
    )
    PlanItemEvidence.objects.create(item=done, title="Протоколы консультаций", url="https://example.org/p")
    item_make(
        program,
        number="2.2",
        block="II. Методическое сопровождение",
        title="=Семинар для заместителей директоров",
        deadline_text="до 15.02.2024",
        end=datetime.date(2024, 2, 15),
    )
    for year, level in ((2022, "strong"), (2023, "moderate"), (2024, "basic")):
        SchoolStatus.objects.create(school=w["a1"], year=year, kind="shnor", source="official", level=level)
    return {**w, "program": program}


def built(programme, fmt: str, **fields) -> tuple[Report, bytes]:
    report = report_build(
        report=Report.objects.create(kind="program", municipality=programme["a"], year=YEAR, format=fmt, **fields)
    )
    with default_storage.open(report.file, "rb") as f:
        return report, f.read()


PROGRAMME_TEXT = [
    "Издание приказа об участниках проекта",
    "март 2024 г.",  # the deadline as written
    "Выездные консультации кураторов",
    "ежеквартально",
    "31.03, 30.06, 30.09, 31.12.2024",  # its due dates in the report's year
    "до 15.02.2024",
    "Выполнено 20.03.2024",
    "Приказ № 77 издан",
    "Протоколы консультаций",
    "I. Организационно-управленческие мероприятия",
    "Нормативное обеспечение",
    "Снижение доли ШНОР до 10 %",
    "Формальный подход руководителей ОО",
    "Еженедельный мониторинг куратором",
    "Трек 1. Школы с низкими результатами",
    "Филиал СОШ № 1 (А)",
    "Сильно неуспевающие",
    "Умеренно неуспевающие",
    "Базово неуспевающие",
    "приказ от 10.01.2023 № 114",
    "Сократить разрыв в образовательных результатах между школами",
]


def test_programme_pdf_holds_activities_deadlines_results_risks_participants_and_lists(programme, tmp_path):
    report, content = built(programme, "pdf")
    text = pdf_text(content, tmp_path)
    missing = [t for t in PROGRAMME_TEXT if " ".join(t.split()) not in text]
    assert (missing, report.filename) == ([], "program-A01-2024.pdf")


def test_programme_word_holds_the_same_text(programme):
    report, content = built(programme, "docx")
    text = docx_text(content)
    missing = [t for t in PROGRAMME_TEXT if " ".join(t.split()) not in text]
    assert (missing, report.filename, report.content_type) == ([], "program-A01-2024.docx", DOCX)


def test_word_has_headings_tables_and_charts_with_alt_text(programme, users):
    from programs.indicators import services as svc
    from programs.indicators.engine.recompute import indicator_values_recompute

    svc.indicator_attach_preset(
        user=users["methodologist"], program=programme["program"], code="shnor_share", targets={"2024": 20}
    )
    indicator_values_recompute(year=YEAR)
    from docx import Document

    _report, content = built(programme, "docx")
    document = Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    pictures = document.inline_shapes
    assert "6. План мероприятий и его выполнение" in headings and len(document.tables) >= 8
    assert len(pictures) >= 1 and all(s._inline.docPr.get("descr") for s in pictures)


def test_programme_report_is_for_one_programme_when_named(programme):
    other = program_make(programme["a"], "other-prog", start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    item_make(other, title="Мероприятие другой программы", deadline_text="май 2024 г.")
    assert len(program_report_context(municipality=programme["a"], year=YEAR)["programs"]) == 2
    _report, content = built(programme, "docx", program=programme["program"])
    text = docx_text(content)
    assert "Издание приказа об участниках проекта" in text and "Мероприятие другой программы" not in text


def test_api_orders_word_and_downloads_a_docx(programme, users, django_capture_on_commit_callbacks):
    api = APIClient()
    api.force_authenticate(users["head"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/reports/",
            {"kind": "program", "municipality": "A01", "year": YEAR, "program": "rep-prog", "format": "docx"},
            format="json",
        )
    assert response.status_code == 202, response.content
    body = api.get(f"/api/v1/reports/{response.json()['id']}/").json()
    download = api.get(body["url"])
    content = b"".join(download.streaming_content)
    assert (body["format"], body["program"], download["Content-Type"]) == ("docx", "rep-prog", DOCX)
    assert 'filename="program-A01-rep-prog-2024.docx"' in download["Content-Disposition"]
    assert "Издание приказа об участниках проекта" in docx_text(content)


def test_head_of_another_municipality_cannot_order_the_programme(programme, users):
    api = APIClient()
    api.force_authenticate(users["head_b"])
    body = {"kind": "program", "municipality": "B01", "year": YEAR, "program": "rep-prog", "format": "docx"}
    assert api.post("/api/v1/reports/", body, format="json").status_code == 404
    body["municipality"] = "A01"
    assert api.post("/api/v1/reports/", body, format="json").status_code == 404
    assert not Report.objects.exists()


def test_head_of_another_municipality_cannot_download_the_word_report(programme, users, client):
    report, _content = built(programme, "docx")
    client.force_login(users["head_b"])
    assert client.get(f"/reports/{report.pk}/download/").status_code == 404
    api = APIClient()
    api.force_authenticate(users["head_b"])
    assert api.get(f"/api/v1/reports/{report.pk}/download/").status_code == 404


def test_excel_only_for_the_programme_report(programme, users):
    api = APIClient()
    api.force_authenticate(users["head"])
    body = {"kind": "vpr-note", "municipality": "A01", "year": YEAR, "format": "xlsx"}
    assert api.post("/api/v1/reports/", body, format="json").status_code == 400


def test_build_report_command_writes_word_by_extension(programme, tmp_path):
    out = tmp_path / "programme.docx"
    call_command(
        "build_report",
        "program",
        "--municipality",
        "A01",
        "--year",
        str(YEAR),
        "--program",
        "rep-prog",
        "--out",
        str(out),
    )
    assert zipfile.is_zipfile(out) and "Выездные консультации кураторов" in docx_text(out.read_bytes())


def test_other_kinds_print_as_word_too(programme, tmp_path, two_municipalities):
    out = tmp_path / "dossier.docx"
    call_command(
        "build_report", "school", "--municipality", "A01", "--school", "A-1", "--year", "2024", "--out", str(out)
    )
    assert "Досье школы" in docx_text(out.read_bytes())


def test_build_report_command_refuses_an_unknown_extension(programme, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"\.pdf, \.docx или \.xlsx"):
        call_command(
            "build_report", "program", "--municipality", "A01", "--year", "2024", "--out", str(tmp_path / "r.odt")
        )


def test_excel_workbook_has_the_tables_frozen_filtered_and_escaped(programme):
    import openpyxl

    _report, content = built(programme, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    plan = workbook["План мероприятий"]
    titles = [row[4] for row in plan.iter_rows(min_row=2, values_only=True)]
    widths = [d.width for sheet in workbook for d in sheet.column_dimensions.values()]
    assert {"Паспорт", "Показатели", "План мероприятий", "Участники", "Списки ОО"} <= set(workbook.sheetnames)
    assert (plan.freeze_panes, plan.auto_filter.ref.startswith("A1:")) == ("A2", True)
    assert "'=Семинар для заместителей директоров" in titles and max(widths) <= 60
    assert [r[2] for r in workbook["Списки ОО"].iter_rows(min_row=2, values_only=True)] == [2022, 2023, 2024]


def test_report_page_offers_word_and_the_programme(programme, users, client, django_capture_on_commit_callbacks):
    client.force_login(users["head"])
    page = client.get("/reports/").content.decode()
    assert 'name="format"' in page and 'value="docx"' in page and 'value="rep-prog"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/reports/",
            {"kind": "program", "municipality": "A01", "year": YEAR, "program": "rep-prog", "format": "docx"},
        )
    report = Report.objects.get()
    assert (report.format, report.program, report.status) == ("docx", programme["program"], "done")
    assert "Скачать Word" in client.get("/reports/").content.decode()


def test_programme_context_queries_do_not_grow_with_the_plan(programme, query_budget):
    program = programme["program"]
    for n in range(30):
        item = item_make(program, block=f"Раздел {n % 5}", title=f"Мероприятие {n}", deadline_text="в течение года")
        PlanItemEvidence.objects.create(item=item, title=f"Отчёт {n}", url="https://example.org/r")
    for n in range(10):
        school = School.objects.create(code=f"A-x{n}", name=f"Школа {n}", municipality=programme["a"])
        ProgramParticipant.objects.create(program=program, school=school, year=YEAR)
        SchoolStatus.objects.create(school=school, year=YEAR, kind="shnor", source="official")
    with query_budget("reports.context.program"):
        context = program_report_context(municipality=programme["a"], year=YEAR)
    assert sum(len(s["items"]) for b in context["programs"][0]["plan"] for s in b["sections"]) == 33


def test_an_optional_section_prints_in_pdf_word_and_excel(programme, monkeypatch, tmp_path):
    import openpyxl

    from reports import selectors

    def effect(context):
        rows = [["МБОУ СОШ № 1 (А)", 3.0, 12.5]]
        return selectors.ReportSection(
            id="effect",
            title="Эффект программы",
            paragraphs=[f"Сравнение с контрольной группой, {context['year']}."],
            tables=[
                {"title": "Разница долей «2»", "headers": ["ОО", "Лет в программе", "Разница, п. п."], "rows": rows}
            ],
        )

    monkeypatch.setattr(selectors, "REPORT_SECTIONS", [effect])
    pdf = pdf_text(built(programme, "pdf")[1], tmp_path)
    word = docx_text(built(programme, "docx")[1])
    sheet = openpyxl.load_workbook(io.BytesIO(built(programme, "xlsx")[1]))["Разница долей «2»"]
    for text in (pdf, word):
        assert "11. Эффект программы" in text and "Сравнение с контрольной группой, 2024." in text
        assert "МБОУ СОШ № 1 (А) 3 12,5" in text  # the count whole, the share in the Russian format
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [("МБОУ СОШ № 1 (А)", 3, 12.5)]
