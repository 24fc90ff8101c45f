import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.services import results_import
from core.tables import table_read
from tests.assessments.helpers import row, xlsx
from tests.factories import SchoolFactory, SchoolStatusFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(two_municipalities):
    rows = [row(year=y, subject=s, m2=m2, m3=8 - (m2 - 2)) for y in (2023, 2024) for s in ("Русский язык", "Математика")
            for m2 in [8 if y == 2024 else 2]]
    rows.append(row(code="B-1", year=2024))
    assert results_import(table=table_read(xlsx(rows), filename="r.xlsx")).status == "imported"
    SchoolStatusFactory(school=two_municipalities["a1"], year=2024, source="official", level="strong")
    SchoolStatusFactory(school=two_municipalities["a2"], year=2023, source="official")
    return two_municipalities


def test_dashboard_shows_shnor_with_change(users, client, data):
    client.force_login(users["head"])
    response = client.get("/reports/dashboard/?year=2024")
    shnor = response.context["shnor"]
    assert (shnor["count"], shnor["change"], [s.code for s in shnor["added"]], [s.code for s in shnor["removed"]]) == (
        1, 0, ["A-1"], ["A-2"]
    )


def test_dashboard_attention_lists_school_with_link(users, client, data):
    client.force_login(users["head"])
    html = client.get("/reports/dashboard/?year=2024").content.decode()
    assert '/schools/A-1/' in html and "в списке ШНОР" in html


def test_dashboard_of_other_municipality_is_404(users, client, data):
    client.force_login(users["head"])
    assert client.get("/reports/dashboard/?municipality=B01").status_code == 404


@pytest.mark.parametrize("role", ["school_admin", "curator"])
def test_dashboard_is_for_municipal_roles(users, client, data, role):
    client.force_login(users[role])
    assert client.get("/reports/dashboard/").status_code == 404


def test_dashboard_query_count_is_fixed(users, client, data):
    client.force_login(users["head"])
    client.get("/reports/dashboard/?year=2024")
    for _ in range(20):
        school = SchoolFactory(municipality=data["a"])
        SchoolStatusFactory(school=school, year=2024)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/reports/dashboard/?year=2024")
    assert len(ctx.captured_queries) <= 40


def test_dashboard_shnor_count_equals_risk_list_api(users, client, data):
    from rest_framework.test import APIClient

    client.force_login(users["head"])
    count = client.get("/reports/dashboard/?year=2024").context["shnor"]["count"]
    api = APIClient()
    api.force_authenticate(users["head"])
    official = api.get("/api/v1/risk-lists/2024/?municipality=A01").json()["official"]
    assert count == len(official) == 1


def test_region_comparison_side_by_side(users, client, data):
    client.force_login(users["regional"])
    rows = client.get("/reports/region/?year=2024").context["rows"]
    by_code = {r["municipality"].code: r for r in rows}
    # B has no list of 2024 (no official one, none computed — nor results of 2023 to compute it from): unknown, not 0.
    assert (by_code["A01"]["shnor"], by_code["B01"]["shnor"], float(by_code["A01"]["russian"])) == (1, None, 40.0)
    assert by_code["B01"]["shnor_share"] is None


def test_region_page_reads_no_list_as_no_data(users, client, data):
    client.force_login(users["regional"])
    html = client.get("/reports/region/?year=2024").content.decode()
    assert "нет списка" in html and "нет данных" in html


def test_dashboard_year_without_a_list_shows_no_share(users, client, data):
    client.force_login(users["head"])
    response = client.get("/reports/dashboard/?year=2022")  # no list of 2022 in A
    shnor = response.context["shnor"]
    assert (shnor["list"], shnor["share"]) == (None, None)
    html = response.content.decode()
    assert "нет списка — ни официального, ни рассчитанного" in html and "0,0\u00a0%" not in html


def test_dashboard_computed_empty_list_says_so(users, client, data):
    from assessments.risk import risk_list_recompute

    risk_list_recompute(year=2026)  # reads 2025: no results — still no list
    risk_list_recompute(year=2025)  # reads 2024: A's results are there; whether listed or not, the list exists
    client.force_login(users["head_b"])
    response = client.get("/reports/dashboard/?year=2025")
    shnor = response.context["shnor"]
    assert (shnor["list"], shnor["count"], shnor["share"]) == ("computed", 0, 0)
    assert "0 из 1 ОО — список рассчитан, школ в нём нет." in response.content.decode()
    assert client.get("/reports/dashboard/?year=2026").context["shnor"]["share"] is None


def test_programme_report_has_no_shnor_share_without_a_list(data):
    from reports.selectors import program_report_context

    context = program_report_context(municipality=data["a"], year=2022)
    assert (context["shnor_list"], context["shnor_share"]) == (None, None)
    assert program_report_context(municipality=data["a"], year=2024)["shnor_list"] == "official"


def test_region_page_is_for_regional_users(users, client, data):
    client.force_login(users["head"])
    assert client.get("/reports/region/").status_code == 404


def test_worker_draws_the_charts_after_a_recompute(users, client, data, django_capture_on_commit_callbacks, settings):
    """The first view after a data change finds its charts drawn: the recompute's signal queues the warm-up."""
    from unittest.mock import patch

    settings.DASHBOARD_CHARTS_WARM = True  # as with a worker (REDIS_URL set)

    from django.core.cache import cache

    from assessments.risk import risk_list_recompute

    client.force_login(users["head"])
    drawing = patch("core.charts._svg", side_effect=AssertionError("график рисуется в запросе"))
    cache.clear()
    with drawing, pytest.raises(AssertionError):  # without the warm-up the request itself draws
        client.get("/reports/dashboard/")
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        risk_list_recompute(year=2024, municipality_ids=[data["a"].pk])
    with drawing:
        response = client.get("/reports/dashboard/")
        assert response.status_code == 200 and response.context["trends"][0]["chart"].startswith("<svg")
        client.force_login(users["regional"])
        assert client.get("/reports/region/").context["chart"].startswith("<svg")


def test_long_chart_title_is_wrapped_not_cut():
    from core.charts import line_chart

    title = "Доля обучающихся ШНОР, получивших неудовлетворительные результаты по итогам ГИА в общей численности"
    svg = line_chart(title=title, series={"значение": {2022: 27.6, 2023: 30.0}}, width=5.6, height=2.3)
    lines = [line for line in svg.split("\n") if "Доля обучающихся" in line or "численности" in line]
    assert len(lines) == 2  # two lines of the title, each a text element of its own
    assert "viewBox" in svg and 'width="' not in svg.split(">", 1)[0]


def test_report_form_proposes_the_latest_results_year(users, client, data):
    client.force_login(users["head"])
    assert client.get("/reports/").context["year"] == 2024  # the data's latest year, not the calendar's


def test_programme_report_prints_no_data_for_a_year_without_list_and_values(data, users):
    """The PDF's HTML (what WeasyPrint lays out): the ШНОР paragraph and an indicator without data."""
    import datetime

    from django.template.loader import render_to_string

    from programs import indicator_services as svc
    from programs.indicators import indicator_values_recompute
    from reports.selectors import program_report_context
    from tests.programs.helpers import program_make

    program = program_make(data["a"], "rep-a", start=datetime.date(2021, 1, 1), end=datetime.date(2024, 12, 31))
    svc.indicator_attach_preset(user=users["methodologist"], program=program, code="shnor_share", targets={"2022": 20})
    indicator_values_recompute(year=2022)
    html = render_to_string("reports/pdf/program.html", program_report_context(municipality=data["a"], year=2022))
    assert "За 2022 год нет списка ШНОР — ни официального, ни рассчитанного порталом" in html
    assert "нет данных" in html and "достигнуто" not in html.replace("не достигнуто", "")
    assert "за 2022 год нет списка ШНОР" in html
