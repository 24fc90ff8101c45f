"""Reference data in the admin (django-import-export): a spreadsheet updates subjects and minimum scores after a
preview, a hostile file is refused before it is parsed, and an export escapes formulae."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from assessments.models import MinimumScore, Subject
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", role="admin", municipality=None, is_superuser=True, is_staff=True))
    return client


def xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "file.xlsx"):
    f = io.BytesIO(data)
    f.name = name
    return f


def import_preview(client, model: str, data: bytes):
    return client.post(
        reverse(f"admin:assessments_{model}_import"), {"format": "0", "import_file": upload(data), "resource": "0"}
    )


def test_minimum_scores_import_after_preview(admin_client):
    russian = Subject.objects.get(code="russian")
    preview = import_preview(
        admin_client, "minimumscore", xlsx([["procedure", "subject", "year", "score"], ["EGE", "russian", 2031, 24]])
    )
    assert preview.status_code == 200
    assert not MinimumScore.objects.filter(year=2031).exists()  # the preview writes nothing
    confirm = preview.context["confirm_form"]
    response = admin_client.post(reverse("admin:assessments_minimumscore_process_import"), confirm.initial)
    assert response.status_code == 302
    assert MinimumScore.objects.get(year=2031, subject=russian).score == 24


def test_subject_short_forms_read_as_a_list(admin_client):
    preview = import_preview(
        admin_client,
        "subject",
        xlsx([["code", "name", "short_forms", "order"], ["astronomy", "Астрономия", "астр.; АС", 60]]),
    )
    admin_client.post(reverse("admin:assessments_subject_process_import"), preview.context["confirm_form"].initial)
    assert Subject.objects.get(code="astronomy").short_forms == ["астр.", "АС"]


def test_zip_bomb_is_refused_before_the_import_reads_it(admin_client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(b"\0" * (1 << 20))
    response = import_preview(admin_client, "subject", buf.getvalue())
    assert response.status_code == 200
    assert "распаковк" in response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None


def test_subject_export_escapes_formulae(admin_client):
    Subject.objects.create(code="evil", name='=HYPERLINK("http://x")', order=999)
    response = admin_client.post(
        reverse("admin:assessments_subject_export"),
        {"format": "1", "export_items": list(Subject.objects.values_list("pk", flat=True)), "resource": "0"},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "HYPERLINK" in text
    assert "=HYPERLINK" not in text  # no cell starts a formula
    assert "evil,HYPERLINK" in text.replace('"', "")
