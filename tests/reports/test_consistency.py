"""One source for each figure: the dashboard, the programme report PDF and the API show the same numbers."""

import datetime
import subprocess

import pytest
from rest_framework.test import APIClient

from programs.indicators.engine.recompute import indicator_values_recompute
from programs.indicators.services import indicator_attach_preset
from programs.models import Program
from reports.models import Report
from reports.services import report_build
from tests.factories import SchoolStatusFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(two_municipalities, users):
    a = two_municipalities["a"]
    program = Program.objects.create(
        code="effective-school",
        title="Эффективная школа",
        municipality=a,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        order_number="119",
        order_date=datetime.date(2023, 3, 13),
    )
    SchoolStatusFactory(school=two_municipalities["a1"], year=2024, source="official", level="strong")
    indicator_attach_preset(user=users["methodologist"], program=program, code="shnor_share", targets={"2024": 20})
    indicator_values_recompute(year=2024, municipality=a)
    return program


def test_dashboard_shows_indicator_with_numerator(users, client, programme):
    client.force_login(users["head"])
    row = client.get("/reports/dashboard/?year=2024").context["indicators"][0]
    assert (float(row["value"].value), row["value"].numerator, row["value"].denominator, row["value"].status) == (
        50.0,
        1,
        2,
        "not_met",
    )


def test_api_gives_the_same_value(users, programme):
    api = APIClient()
    api.force_authenticate(users["head"])
    item = api.get("/api/v1/indicator-values/?indicator=shnor_share&year=2024").json()["results"][0]
    assert (item["value"], float(item["numerator"]), float(item["denominator"]), item["status"]) == (
        50.0,
        1,
        2,
        "not_met",
    )


def test_programme_report_pdf_prints_the_same_value(programme, two_municipalities, tmp_path):
    report = report_build(report=Report.objects.create(kind="program", municipality=two_municipalities["a"], year=2024))
    from django.core.files.storage import default_storage

    path = tmp_path / "r.pdf"
    with default_storage.open(report.file, "rb") as f:
        path.write_bytes(f.read())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    import re

    row = re.search(r"Доля школ,[^\n]*?50,0\s%\s+1\s*/\s*2\s+≤ 20,0\s%\s+не", text)  # a percent target as a percent
    assert row is not None and "МБОУ СОШ № 1 (А)" in text, text
    assert report.pages >= 5 and "Содержание" in text and "Стр. 2 из" in text


def test_dossier_page_and_scope(users, client, programme):
    client.force_login(users["head"])
    assert client.get("/reports/school/A-1/").status_code == 200
    assert client.get("/reports/school/B-1/").status_code == 404
