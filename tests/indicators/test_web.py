"""Indicators through the API and the pages: the contract's fields, scope (B's are 404 for A), query counts,
the forms, the command."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from programs.indicators import services as svc
from programs.indicators.engine.recompute import indicator_values_recompute
from programs.indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def ind_data(ind_world, users, ind_urls):
    m = users["methodologist"]
    a = ind_world["program_a"]
    inds = {
        "shnor_share": svc.indicator_attach_preset(
            user=m, program=a, code="shnor_share", targets={"2024": 20}, baseline_year=2023, baseline_value="34.5"
        ),
        "below_min_share": svc.indicator_attach_preset(user=m, program=a, code="below_min_share", targets={"2024": 5}),
        "manual": svc.indicator_save(
            user=m,
            program=a,
            code="satisfaction",
            name="Удовлетворённость",
            unit="percent",
            direction="higher",
            comparator="ge",
            method="manual",
            targets={"2024": 85},
        ),
    }
    b = svc.indicator_attach_preset(
        user=users["admin"], program=ind_world["program_b"], code="shnor_share", targets={"2024": 10}
    )
    indicator_values_recompute(year=2024)
    return {**inds, "b": b}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_indicator_list_and_detail_fields(ind_data, users):
    body = api(users["head"]).get("/api/v1/indicators/?program=ind-a").json()
    assert body["count"] == 3
    row = next(r for r in body["results"] if r["code"] == "shnor_share")
    assert {k: row[k] for k in ("unit", "direction", "comparator", "method", "baseline", "targets")} == {
        "unit": "percent",
        "direction": "lower",
        "comparator": "le",
        "method": "computed",
        "baseline": {"year": 2023, "value": 34.5},
        "targets": {"2024": 20},
    }
    detail = api(users["head"]).get("/api/v1/indicators/shnor_share/").json()
    assert (detail["code"], detail["program"], detail["municipality"]) == ("shnor_share", "ind-a", "A01")


def test_same_code_in_two_programs_program_disambiguates(ind_data, users, ind_world):
    import datetime

    from tests.support.programs import program_make

    later = program_make(
        ind_world["program_a"].municipality, "ind-a2", start=datetime.date(2025, 1, 1), end=datetime.date(2026, 12, 31)
    )
    svc.indicator_attach_preset(user=users["head"], program=later, code="shnor_share", targets={"2025": 15})
    client = api(users["head"])
    assert client.get("/api/v1/indicators/shnor_share/").json()["program"] == "ind-a2"
    assert client.get("/api/v1/indicators/shnor_share/?program=ind-a").json()["targets"] == {"2024": 20}


def test_values_endpoint_numbers_and_filters(ind_data, users):
    body = api(users["api_client"]).get("/api/v1/indicator-values/?indicator=shnor_share&year=2024").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert {
        k: row[k] for k in ("indicator", "year", "scope", "value", "numerator", "denominator", "target", "status")
    } == {
        "indicator": "shnor_share",
        "year": 2024,
        "scope": "municipality",
        "value": 20.0,
        "numerator": 1,
        "denominator": 5,
        "target": 20,
        "status": "met",
    }
    assert row["computed_at"]
    below = api(users["head"]).get("/api/v1/indicator-values/?indicator=below_min_share&scope=municipality").json()
    assert below["results"][0]["value"] == 20.5  # 16 / 78 = 20,51… rounded to one decimal
    school = api(users["head"]).get("/api/v1/indicator-values/?indicator=below_min_share&school=A-1").json()
    assert [(r["scope"], r["numerator"], r["denominator"], r["value"]) for r in school["results"]] == [
        ("school", 11, 50, 22.0)
    ]


def test_values_export_xlsx_and_csv(ind_data, users):
    client = api(users["head"])
    csv = client.get("/api/v1/indicator-values/?format=csv")
    assert csv.status_code == 200 and "Показатель" in csv.content.decode("utf-8-sig")
    assert client.get("/api/v1/indicators/?format=xlsx").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicators/shnor_share/?program=ind-b",
        "/api/v1/indicators/shnor_share/?municipality=B01",
    ],
)
def test_api_scope_other_municipality_is_404(ind_data, users, path):
    assert api(users["head"]).get(path).status_code == 404


def test_api_scope_lists_hide_other_municipality(ind_data, users):
    client = api(users["head"])
    assert all(r["municipality"] == "A01" for r in client.get("/api/v1/indicators/").json()["results"])
    assert client.get("/api/v1/indicator-values/?municipality=B01").json()["count"] == 0
    assert api(users["head_b"]).get("/api/v1/indicators/satisfaction/").status_code == 404
    # a school admin sees the municipality's values and only their own schools' rows
    rows = api(users["school_admin"]).get("/api/v1/indicator-values/?indicator=below_min_share").json()["results"]
    assert {r["school"] for r in rows} == {None, "A-1", "A-2"}


def test_api_writes_need_capability_and_scope(ind_data, users):
    body = {"program": "ind-a", "preset": "vpr_coped_share", "targets": {"2024": 75}}
    assert api(users["school_admin"]).post("/api/v1/indicators/", body, format="json").status_code == 403
    assert api(users["head_b"]).post("/api/v1/indicators/", body, format="json").status_code == 400
    created = api(users["methodologist"]).post("/api/v1/indicators/", body, format="json")
    assert created.status_code == 201 and created.json()["targets"] == {"2024": 75}
    patched = api(users["head"]).patch(
        "/api/v1/indicators/vpr_coped_share/?program=ind-a", {"targets": {"2024": 80}}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["targets"] == {"2024": 80}
    assert (
        api(users["head_b"])
        .patch("/api/v1/indicators/vpr_coped_share/?program=ind-a", {"targets": {"2024": 1}}, format="json")
        .status_code
        == 404
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_endpoints_query_counts_do_not_grow(ind_data, users, ind_world, query_budget):
    client = api(users["head"])
    before = (_count(client, "/api/v1/indicators/"), _count(client, "/api/v1/indicator-values/"))
    for code in ("vpr_coped_share", "teachers_pd_share", "quality_change"):
        svc.indicator_attach_preset(
            user=users["head"], program=ind_world["program_a"], code=code, targets={"2023": 1, "2024": 1}
        )
    indicator_values_recompute()
    with query_budget("indicators.api.list") as indicators:
        assert client.get("/api/v1/indicators/").status_code == 200
    with query_budget("indicators.api.values") as values:
        assert client.get("/api/v1/indicator-values/").status_code == 200
    assert (len(indicators), len(values)) == before


# --- pages ------------------------------------------------------------------------------------------------------


def test_program_page_shows_values_numerators_and_chart(ind_data, users, client):
    client.force_login(users["head"])
    html = client.get("/indicators/ind-a/").content.decode()
    assert "Доля школ, демонстрирующих низкие" in html and "1 из 5" in html and "20,0 %" in html
    assert "data:image/svg+xml;base64" in html and "достигнуто" in html


def test_program_page_query_count_does_not_grow(ind_data, users, client, ind_world):
    client.force_login(users["head"])
    before = _count(client, "/indicators/ind-a/")
    for code in ("vpr_coped_share", "teachers_pd_share"):
        svc.indicator_attach_preset(
            user=users["head"], program=ind_world["program_a"], code=code, targets={"2023": 1, "2024": 1}
        )
    indicator_values_recompute()
    assert _count(client, "/indicators/ind-a/") == before


def test_detail_page_drill_down(ind_data, users, client):
    client.force_login(users["head"])
    html = client.get("/indicators/ind-a/below_min_share/?year=2024").content.decode()
    # 4 + 6 + 1 of 20 + 20 + 10; A-4: 2 + 2 of 10 + 8; A-2: 1 of 10.
    assert "МБОУ СОШ № 1 (А)" in html and "Σ «2» или ниже минимума" in html
    assert ">11<" in html and ">50<" in html and "22,0 %" in html
    # What it was computed by, in words — not the measure's code.
    assert "по определению «" in html and "мера below_min_share" not in html and "{'" not in html


def test_empty_state(users, client, ind_urls, two_municipalities):
    from tests.support.programs import program_make

    program_make(two_municipalities["a"], "empty-a")
    client.force_login(users["methodologist"])
    html = client.get("/indicators/empty-a/").content.decode()
    assert "ещё нет показателей" in html and "Добавьте показатель" in html


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/ind-b/",
        "/indicators/ind-b/shnor_share/",
        "/indicators/ind-b/shnor_share/edit/",
        "/indicators/ind-b/add/",
    ],
)
def test_pages_of_other_municipality_are_404(ind_data, users, client, url):
    client.force_login(users["methodologist"])
    assert client.get(url).status_code == 404


def test_recompute_button_of_other_municipality_is_404(ind_data, users, client):
    client.force_login(users["head"])
    assert client.post("/indicators/ind-b/recompute/").status_code == 404


def test_attach_preset_form_and_manual_value_form(ind_data, users, client):
    client.force_login(users["methodologist"])
    response = client.post(
        "/indicators/ind-a/add/",
        {
            "preset": "vpr_coped_share",
            "unit": "percent",
            "direction": "higher",
            "comparator": "ge",
            "method": "computed",
            "targets": "2023: 70; 2024: 75",
            "params": "grade = 5",
        },
    )
    assert response.status_code == 302
    ind = Indicator.objects.get(program__code="ind-a", code="vpr_coped_share")
    assert (ind.targets, ind.params) == ({"2023": 70, "2024": 75}, {"grade": 5})
    bad = client.post(
        "/indicators/ind-a/add/",
        {"unit": "percent", "direction": "higher", "comparator": "ge", "method": "computed", "code": "x", "name": "X"},
    )
    assert "выберите меру" in bad.content.decode()
    response = client.post(
        "/indicators/ind-a/satisfaction/value/", {"year": 2024, "value": "86,0", "evidence": "Протокол опроса № 5"}
    )
    assert response.status_code == 302
    v = IndicatorValue.objects.get(indicator=ind_data["manual"], year=2024)
    assert (v.status, v.author, v.evidence) == ("met", users["methodologist"], "Протокол опроса № 5")
    page = client.get("/indicators/ind-a/satisfaction/").content.decode()
    assert "Протокол опроса № 5" in page and "История ручных значений" in page


def test_forms_need_capability(ind_data, users, client):
    client.force_login(users["school_admin"])
    assert client.get("/indicators/ind-a/add/").status_code == 403
    assert client.get("/indicators/ind-a/").status_code == 200


def test_recompute_button_runs_job(ind_data, users, client):
    from core.models import Job

    client.force_login(users["head"])
    response = client.post("/indicators/ind-a/recompute/")
    job = Job.objects.get(kind="indicators_recompute")
    assert response.status_code == 302 and f"job={job.pk}" in response["Location"]


def test_command(ind_data, capsys):
    out = io.StringIO()
    call_command("recompute_indicators", "--year", "2024", "--municipality", "A01", stdout=out)
    assert "Показателей: 2" in out.getvalue()
    with pytest.raises(Exception, match="Муниципалитета"):
        call_command("recompute_indicators", "--municipality", "NOPE", stdout=out)


def test_values_endpoint_gives_coverage_of_values_built_from_results(ind_data, users):
    client = api(users["head"])
    below = client.get("/api/v1/indicator-values/?indicator=below_min_share&scope=municipality").json()["results"][0]
    shnor = client.get("/api/v1/indicator-values/?indicator=shnor_share").json()["results"][0]
    school = client.get("/api/v1/indicator-values/?indicator=below_min_share&school=A-1").json()["results"][0]
    assert (below["coverage"], shnor["coverage"], school["coverage"]) == ({"schools": 3, "of": 5}, None, None)


def test_schema_documents_coverage(ind_data, users):
    schema = api(users["head"]).get("/api/schema/?format=json").json()
    fields = schema["components"]["schemas"]["IndicatorValue"]["properties"]
    assert "coverage" in fields


def test_programme_indicators_page_prints_coverage(ind_data, users, client):
    client.force_login(users["head"])
    html = client.get("/indicators/ind-a/").content.decode()
    assert "данные 3 из 5 ОО (неполные)" in html


def test_indicator_page_prints_coverage_of_the_year(ind_data, users, client):
    client.force_login(users["head"])
    html = client.get("/indicators/ind-a/below_min_share/?year=2024").content.decode()
    assert "По строкам результатов школ: <span" in html and "данные 3 из 5 ОО (неполные)" in html


def test_indicator_chart_marks_a_year_built_from_part_of_the_schools(ind_data, users, client):
    client.force_login(users["head"])
    rows = client.get("/indicators/ind-a/").context["rows"]
    below = next(r for r in rows if r["ind"].code == "below_min_share")
    shnor = next(r for r in rows if r["ind"].code == "shnor_share")
    assert ("неполные данные: 2024 — 3 из 5 ОО" in below["chart"], "неполные данные" in shnor["chart"]) == (True, False)


def test_dashboard_indicator_chart_marks_the_incomplete_year(ind_data, users, client):
    client.force_login(users["head"])
    rows = client.get("/reports/dashboard/?year=2024").context["indicators"]
    below = next(r for r in rows if r["indicator"].code == "below_min_share")
    assert "неполные данные: 2024 — 3 из 5 ОО" in below["chart"]
