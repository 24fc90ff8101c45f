"""The report's `url` in the API works with the API's own authentication (token or session), scoped and logged."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import AuditEvent
from reports.models import Report

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture
def stored_reports(two_municipalities, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    made = {}
    for side, user in (("a", users["head"]), ("b", users["head_b"])):
        name = default_storage.save(f"reports/test-{side}.pdf", ContentFile(PDF + side.encode()))
        made[side] = Report.objects.create(
            kind=Report.Kind.VPR_NOTE,
            municipality=two_municipalities[side],
            year=2024,
            status=Report.Status.DONE,
            file=name,
            created_by=user,
        )
    return made


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_report_url_downloads_the_pdf_with_a_token(users, stored_reports):
    client = token_client(users["head"])
    url = client.get(f"/api/v1/reports/{stored_reports['a'].pk}/").json()["url"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF + b"a"
    assert "attachment" in response["Content-Disposition"]


def test_report_url_answers_a_client_asking_for_pdf(users, stored_reports):
    client = token_client(users["head"])
    response = client.get(f"/api/v1/reports/{stored_reports['a'].pk}/download/", HTTP_ACCEPT="application/pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_token_download_is_logged_with_its_user(users, stored_reports):
    client = token_client(users["head"])
    client.get(f"/api/v1/reports/{stored_reports['a'].pk}/download/")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert (event.user, event.data["what"], event.data["report"]) == (users["head"], "report", stored_reports["a"].pk)


def test_report_url_works_with_a_session_too(users, stored_reports, client):
    client.force_login(users["head"])
    response = client.get(f"/api/v1/reports/{stored_reports['a'].pk}/download/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_other_municipality_report_download_is_404_and_not_logged(users, stored_reports):
    response = token_client(users["head"]).get(f"/api/v1/reports/{stored_reports['b'].pk}/download/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


def test_anonymous_report_download_is_refused(stored_reports):
    assert APIClient().get(f"/api/v1/reports/{stored_reports['a'].pk}/download/").status_code in (401, 403)


def test_unfinished_report_has_no_url_and_no_download(users, stored_reports):
    report = stored_reports["a"]
    report.status = Report.Status.RUNNING
    report.save()
    client = token_client(users["head"])
    assert client.get(f"/api/v1/reports/{report.pk}/").json()["url"] is None
    assert client.get(f"/api/v1/reports/{report.pk}/download/").status_code == 404


def test_page_download_link_still_serves_the_browser(users, stored_reports, client):
    client.force_login(users["head"])
    response = client.get(f"/reports/{stored_reports['a'].pk}/download/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, user=users["head"]).count() == 1
