"""The report's section «Эффект программы»: programs.effect.report.effect_section and its template partial."""

import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string

from programs.effect.report import effect_section
from programs.effect.selectors import EffectKey
from programs.effect.services import effect_compute
from reports.models import Report
from reports.services import report_build
from tests.effect.world import world_make
from tests.support.documents import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_municipalities):
    return world_make(two_municipalities)


def test_the_section_gives_the_default_measure_and_every_cached_one(world):
    effect_compute(program=world, key=EffectKey("success", "VPR", "russian", 5))
    section = effect_section(world)
    assert [item["label"] for item in section["items"]] == [
        "доля «2» (ниже минимума), все процедуры правила ШНОР",
        "успеваемость, ВПР, Русский язык, 5 класс",
    ]


def test_the_partial_prints_the_estimate_groups_and_the_table(world):
    html = render_to_string("programs/effect/_report_section.html", effect_section(world))
    assert "<h2>Эффект программы</h2>" in html
    assert "Оценка эффекта: −0,8 п. п.</strong> (95 % интервал от " in html
    assert "Школ-участниц в оценке: 7; школ сравнения: 9." in html
    assert '<img class="chart-img" alt="График: доля «2»' in html
    assert html.count("<tr><td>20") == 6


def test_a_user_outside_the_programmes_scope_gets_no_section(world, users):
    with pytest.raises(LookupError):
        effect_section(world, user=users["head_b"])
    assert effect_section(world, user=users["head"])["program"] == world


def test_build_report_effect_prints_the_estimate_in_pdf_and_word(world, tmp_path):
    for suffix in ("pdf", "docx"):
        out = tmp_path / f"effect.{suffix}"
        call_command(
            "build_report", "effect", municipality=world.municipality.code, year=2024, program=world.code, out=str(out)
        )
        text = pdf_text(out.read_bytes(), tmp_path) if suffix == "pdf" else docx_text(out.read_bytes())
        assert f"Эффект программы «{world.title}»" in text
        assert "Оценка эффекта: −0,8 п. п." in text and "Школ-участниц в оценке: 7; школ сравнения: 9." in text


def test_build_report_effect_needs_the_programme(world, tmp_path):
    with pytest.raises(CommandError, match="укажите программу"):
        call_command(
            "build_report", "effect", municipality=world.municipality.code, year=2024, out=str(tmp_path / "e.pdf")
        )


def test_the_programme_report_has_the_chapter_effect_in_pdf_word_and_excel(world, tmp_path):
    for fmt in ("pdf", "docx", "xlsx"):
        report = report_build(
            report=Report.objects.create(
                kind=Report.Kind.PROGRAM, municipality=world.municipality, year=2024, program=world, format=fmt
            )
        )
        with default_storage.open(report.file, "rb") as f:
            content = f.read()
        if fmt == "xlsx":
            sheets = openpyxl.load_workbook(io.BytesIO(content)).sheetnames
            assert any("Эффект" in name for name in sheets), sheets
            continue
        text = pdf_text(content, tmp_path) if fmt == "pdf" else docx_text(content)
        assert "Эффект программы" in text and "Оценка эффекта: −0,8 п. п." in text
