import pytest

from assessments.services import results_import
from core.tables import table_read
from tests.factories import SchoolFactory, SchoolStatusFactory
from tests.support.results_files import row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(two_municipalities):
    rows = [
        row(year=y, subject=s, m2=m2, m3=8 - (m2 - 2))
        for y in (2023, 2024)
        for s in ("Русский язык", "Математика")
        for m2 in [8 if y == 2024 else 2]
    ]
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
        1,
        0,
        ["A-1"],
        ["A-2"],
    )


def test_dashboard_attention_lists_school_with_link(users, client, data):
    client.force_login(users["head"])
    html = client.get("/reports/dashboard/?year=2024").content.decode()
    assert "/schools/A-1/" in html and "в списке ШНОР" in html


def test_dashboard_of_other_municipality_is_404(users, client, data):
    client.force_login(users["head"])
    assert client.get("/reports/dashboard/?municipality=B01").status_code == 404


@pytest.mark.parametrize("role", ["school_admin", "curator"])
def test_dashboard_is_for_municipal_roles(users, client, data, role):
    client.force_login(users[role])
    assert client.get("/reports/dashboard/").status_code == 404


def test_dashboard_query_count_is_fixed(users, client, data, query_budget):
    client.force_login(users["head"])
    client.get("/reports/dashboard/?year=2024")
    for _ in range(20):
        school = SchoolFactory(municipality=data["a"])
        SchoolStatusFactory(school=school, year=2024)
    with query_budget("reports.page.dashboard"):
        client.get("/reports/dashboard/?year=2024")


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
    from assessments.risk.services import risk_list_recompute

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

    from assessments.risk.services import risk_list_recompute

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


@pytest.fixture
def partial(two_municipalities):
    """2025: every school reported; 2026: one school of municipality A, three rows (the #14 case)."""
    rows = [
        row(code=code, year=2025, subject=s) for code in ("A-1", "A-2", "B-1") for s in ("Русский язык", "Математика")
    ]
    rows += [row(code="A-1", year=2026, grade=g, m2=1, m3=9) for g in (5, 6, 7)]
    assert results_import(table=table_read(xlsx(rows), filename="r.xlsx")).status == "imported"
    return two_municipalities


def test_dashboard_trend_gives_the_year_coverage(users, client, partial):
    client.force_login(users["head"])
    russian = client.get("/reports/dashboard/?year=2026").context["trends"][0]
    got = russian["coverage"]
    assert (got["municipality"].schools, got["municipality"].of, got["region"].schools, got["region"].of) == (
        1,
        2,
        1,
        3,
    )


def test_dashboard_prints_incomplete_coverage(users, client, partial):
    client.force_login(users["head"])
    html = client.get("/reports/dashboard/?year=2026").content.decode()
    assert "данные 1 из 2 ОО (неполные)" in html and "данные 1 из 3 ОО (неполные)" in html


def test_dashboard_prints_complete_coverage(users, client, partial):
    client.force_login(users["head"])
    html = client.get("/reports/dashboard/?year=2025").content.decode()
    assert "данные 2 из 2 ОО" in html and "(неполные)" not in html


def test_dashboard_chart_marks_the_incomplete_year(users, client, partial):
    client.force_login(users["head"])
    chart = client.get("/reports/dashboard/?year=2026").context["trends"][0]["chart"]
    assert "Район А, 2026 — 1 из 2 ОО" in chart and "регион, 2026 — 1 из 3 ОО" in chart


def test_region_comparison_gives_coverage_of_each_figure(users, client, partial):
    client.force_login(users["regional"])
    rows = {r["municipality"].code: r for r in client.get("/reports/region/?year=2026").context["rows"]}
    a, b = rows["A01"], rows["B01"]
    assert ((a["russian_coverage"].schools, a["russian_coverage"].of), a["math_coverage"], b["russian_coverage"]) == (
        (1, 2),
        None,
        None,
    )


def test_region_page_marks_incomplete_municipality(users, client, partial):
    client.force_login(users["regional"])
    html = client.get("/reports/region/?year=2026").content.decode()
    assert "данные 1 из 2 ОО (неполные)" in html


def _vpr(school, year):
    from assessments.models import Procedure, Result, Subject

    Result.objects.create(
        school=school,
        procedure=Procedure.VPR,
        subject=Subject.objects.get(code="russian"),
        grade=5,
        year=year,
        participants=20,
        marks_2=2,
        marks_3=8,
        marks_4=6,
        marks_5=4,
    )


def test_dashboard_opens_on_the_complete_year_with_its_programmes_indicators(users, client, two_municipalities):
    """A school that has begun 2026 does not move the dashboard off 2025, where the programme and its indicator are."""
    import datetime

    from programs.indicators.models import Indicator
    from tests.support.programs import program_make

    extra = SchoolFactory(code="A-3", municipality=two_municipalities["a"])
    for school in (two_municipalities["a1"], two_municipalities["a2"], extra):
        _vpr(school, 2025)
    _vpr(extra, 2026)
    program = program_make(
        two_municipalities["a"], "p1", start=datetime.date(2024, 1, 1), end=datetime.date(2025, 12, 31)
    )
    Indicator.objects.create(program=program, code="share", name="Доля ШНОР", method="manual")
    client.force_login(users["head"])
    response = client.get("/reports/dashboard/")
    assert (response.context["year"], [r["indicator"].code for r in response.context["indicators"]]) == (
        2025,
        ["share"],
    )


def test_dashboard_plan_completion_counts_what_was_due_by_its_year(users, client, two_municipalities):
    import datetime

    from tests.support.programs import item_make, program_make

    program = program_make(
        two_municipalities["a"], "p1", start=datetime.date(2024, 1, 1), end=datetime.date(2026, 12, 31)
    )
    item_make(program, end=datetime.date(2024, 5, 1), status="done")
    item_make(program, end=datetime.date(2026, 5, 1))
    client.force_login(users["head"])
    completion = client.get("/reports/dashboard/?year=2024").context["programs"][0]["completion"].overall
    assert (completion.done, completion.counted) == (1, 1)


def test_dashboard_trends_stop_at_its_year(users, client, data):
    client.force_login(users["head"])
    trends = client.get("/reports/dashboard/?year=2023").context["trends"]
    assert [sorted(t["points"]) for t in trends] == [[2023], [2023]]


def test_dossier_charts_stop_at_its_year(users, client, data):
    from reports.selectors import school_dossier_context

    assert (
        school_dossier_context(school=data["a1"], year=2023)["charts"]
        != school_dossier_context(school=data["a1"], year=2024)["charts"]
    )


def test_programme_report_prints_no_data_for_a_year_without_list_and_values(data, users):
    """The PDF's HTML (what WeasyPrint lays out): the ШНОР paragraph and an indicator without data."""
    import datetime

    from django.template.loader import render_to_string

    from programs.indicators import services as svc
    from programs.indicators.engine.recompute import indicator_values_recompute
    from reports.selectors import program_report_context
    from tests.support.programs import program_make

    program = program_make(data["a"], "rep-a", start=datetime.date(2021, 1, 1), end=datetime.date(2024, 12, 31))
    svc.indicator_attach_preset(user=users["methodologist"], program=program, code="shnor_share", targets={"2022": 20})
    indicator_values_recompute(year=2022)
    html = render_to_string("reports/pdf/program.html", program_report_context(municipality=data["a"], year=2022))
    assert "За 2022 год нет списка ШНОР — ни официального, ни рассчитанного порталом" in html
    assert "нет данных" in html and "достигнуто" not in html.replace("не достигнуто", "")
    assert "за 2022 год нет списка ШНОР" in html
