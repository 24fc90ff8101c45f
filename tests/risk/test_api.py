import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assessments.risk import services as risk
from assessments.risk.models import RiskRun
from core.exports import read_back
from core.models import Job
from schools.models import SchoolStatus
from tests.factories import SchoolFactory, SchoolStatusFactory
from tests.support.results_files import csv_bytes
from tests.support.risk import Y, make_listed, result

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def listed(two_municipalities):
    w = two_municipalities
    make_listed(w["a1"])
    result(w["a2"], Y - 1, m2=2)  # watch-list
    make_listed(w["b1"])
    risk.risk_list_recompute(year=Y)
    SchoolStatusFactory(school=w["a2"], year=Y, level="moderate")
    return w


def test_list_follows_the_contract(listed, users):
    body = client_for(users["head"]).get(f"/api/v1/risk-lists/{Y}/?municipality=A01").json()
    assert set(body) == {"year", "rule", "computed_at", "schools", "watch_list", "official", "differences", "near"}
    assert body["rule"] == {
        "version": 1,
        "threshold": 30,
        "procedures": body["rule"]["procedures"],
        "count_a": 2,
        "count_b": 1,
        "watch_threshold": 20,
    }
    assert body["schools"] == [
        {
            "school": "A-1",
            "criteria": ["A"],
            "reasons": [
                {
                    "year": Y - 1,
                    "procedure": "VPR",
                    "subject": "russian",
                    "grade": 5,
                    "participants": 10,
                    "share_2": 40.0,
                },
                {"year": Y - 1, "procedure": "VPR", "subject": "math", "grade": 5, "participants": 10, "share_2": 50.0},
            ],
        }
    ]
    assert body["watch_list"] == [
        {
            "school": "A-2",
            "criteria": ["threshold"],
            "reasons": [
                {
                    "year": Y - 1,
                    "procedure": "VPR",
                    "subject": "russian",
                    "grade": 5,
                    "participants": 10,
                    "share_2": 20.0,
                }
            ],
        }
    ]
    assert (body["official"], body["differences"]) == (
        [{"school": "A-2", "level": "moderate"}],
        {"only_computed": ["A-1"], "only_official": ["A-2"]},
    )
    assert body["computed_at"] is not None


def test_list_never_shows_schools_outside_scope(listed, users):
    body = client_for(users["head"]).get(f"/api/v1/risk-lists/{Y}/").json()
    assert [s["school"] for s in body["schools"]] == ["A-1"]


def test_municipality_outside_scope_is_404(listed, users):
    assert client_for(users["head"]).get(f"/api/v1/risk-lists/{Y}/?municipality=B01").status_code == 404


def test_school_admin_sees_only_their_schools(listed, users):
    body = client_for(users["school_admin"]).get(f"/api/v1/risk-lists/{Y}/").json()
    assert [s["school"] for s in body["schools"]] == ["A-1"]


def test_anonymous_is_refused(listed):
    assert APIClient().get(f"/api/v1/risk-lists/{Y}/").status_code in (401, 403)


def test_list_query_count_does_not_grow_with_schools(listed, users, query_budget):
    api = client_for(users["admin"])
    with CaptureQueriesContext(connection) as before:
        api.get(f"/api/v1/risk-lists/{Y}/")
    for _ in range(5):
        make_listed(SchoolFactory(municipality=listed["a"]))
    risk.risk_list_recompute(year=Y)
    with query_budget("risk.api.list") as after:
        body = api.get(f"/api/v1/risk-lists/{Y}/").json()
    assert (len(body["schools"]), len(after)) == (7, len(before))


def test_list_exports_xlsx(listed, users):
    response = client_for(users["head"]).get(f"/api/v1/risk-lists/{Y}/?municipality=A01&format=xlsx")
    rows = read_back(response.content, "xlsx")
    assert rows[0] == [
        "Код ОО",
        "Наименование ОО",
        "Список",
        "Критерии",
        "Основания",
        "Уровень (официальный список)",
        "Расхождение",
    ]
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("A-1", "ШНОР (расчёт)"),
        ("A-2", "ШНОР (официальный)"),
        ("A-2", "Зона риска"),
    ]


def test_list_exports_csv(listed, users):
    response = client_for(users["head"]).get(f"/api/v1/risk-lists/{Y}/?format=csv")
    assert read_back(response.content, "csv")[1][0] == "A-1"


def test_recompute_returns_a_job_to_poll(two_municipalities, users, django_capture_on_commit_callbacks):
    make_listed(two_municipalities["a1"])
    api = client_for(users["methodologist"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/risk-lists/{Y}/recompute/", {"municipality": "A01"})
    job = api.get(f"/api/v1/jobs/{response.json()['job']}/").json()
    assert (response.status_code, job["status"], job["result"]["listed"]) == (202, "done", 1)


def test_recompute_of_a_municipality_outside_scope_is_404(two_municipalities, users):
    response = client_for(users["methodologist"]).post(f"/api/v1/risk-lists/{Y}/recompute/", {"municipality": "B01"})
    assert (response.status_code, Job.objects.count()) == (404, 0)


def test_recompute_needs_the_capability(two_municipalities, users):
    response = client_for(users["curator"]).post(f"/api/v1/risk-lists/{Y}/recompute/", {"municipality": "A01"})
    assert response.status_code == 403


def test_recompute_without_municipality_covers_the_scope(two_municipalities, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(users["head"]).post(f"/api/v1/risk-lists/{Y}/recompute/")
    assert list(RiskRun.objects.values_list("municipality__code", flat=True)) == ["A01"]


def test_official_upload_through_the_api(two_municipalities, users):
    f = io.BytesIO(csv_bytes([[Y, "A-1", "умеренно неуспевающие"]], header=["Год", "Код ОО", "Уровень"]))
    f.name = "list.csv"
    response = client_for(users["methodologist"]).post("/api/v1/risk-lists/official/", {"file": f}, format="multipart")
    assert (response.status_code, response.json()["created"]) == (200, 1)


def test_official_upload_rejected_with_errors(two_municipalities, users):
    f = io.BytesIO(csv_bytes([[Y, "B-1"]], header=["Год", "Код ОО"]))
    f.name = "list.csv"
    response = client_for(users["methodologist"]).post("/api/v1/risk-lists/official/", {"file": f}, format="multipart")
    assert (response.status_code, response.json()["errors"][0]["message"]) == (
        400,
        risk.SCHOOL_OUT_OF_SCOPE.format(code="B-1"),
    )


def test_official_upload_needs_the_capability(two_municipalities, users):
    f = io.BytesIO(csv_bytes([[Y, "A-1"]], header=["Год", "Код ОО"]))
    f.name = "list.csv"
    assert (
        client_for(users["head"]).post("/api/v1/risk-lists/official/", {"file": f}, format="multipart").status_code
        == 403
    )


# ---------------------------------------------------------------------------------------------------------------------
# Commands


def test_recompute_risk_prints_the_api_object(listed, users):
    out = io.StringIO()
    call_command("recompute_risk", "--year", str(Y), "--municipality", "A01", "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    api = client_for(users["head"]).get(f"/api/v1/risk-lists/{Y}/?municipality=A01").json()
    assert printed == api


def test_recompute_risk_text_summary(listed):
    out = io.StringIO()
    call_command("recompute_risk", "--year", str(Y), stdout=out)
    assert "в списке 2" in out.getvalue()


def test_recompute_risk_unknown_municipality():
    with pytest.raises(CommandError, match="не найден"):
        call_command("recompute_risk", "--year", str(Y), "--municipality", "NOPE")


def test_import_official_list_command(two_municipalities, users, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([[Y, "A-1", "сильно"]], header=["Год", "Код ОО", "Уровень"]))
    call_command("import_official_list", str(path), "--user", "method_a", stdout=io.StringIO())
    assert SchoolStatus.objects.get(source="official").level == "strong"


def test_import_official_list_command_rejects_with_exit_1(two_municipalities, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([["x", "A-1"]], header=["Год", "Код ОО"]))
    with pytest.raises(CommandError, match="Файл отклонён"):
        call_command("import_official_list", str(path), stderr=io.StringIO())
