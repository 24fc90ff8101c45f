"""A computed indicator's recorded fact (Lazo's document: 65 % in 2022): recorded with evidence and author through
the service, the API and the page; beside the computed value, standing in for it where the portal has no data
(marked «записано вручную»), kept in history, scoped like every indicator write."""

import pytest
from rest_framework.test import APIClient

from programs.indicators import services as svc
from programs.indicators.engine.recompute import indicator_values_recompute
from programs.indicators.models import IndicatorFact, IndicatorValue
from programs.services import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs_share(ind_world, users):
    """Lazo's «quality_measures_share»: school documents of target schools / all schools; 2022 has no data."""
    return svc.indicator_save(
        user=users["methodologist"],
        program=ind_world["program_a"],
        code="quality_measures_share",
        name="Доля ШНОР и ШНСУ с мероприятиями по повышению качества",
        unit="percent",
        direction="higher",
        comparator="ge",
        method="computed",
        measure="documents_share",
        params={"schools": "target", "of": "all"},
        targets={"2022": 60, "2024": 89},
        baseline_year=2022,
        baseline_value="65",
    )


def _value(ind, year):
    return IndicatorValue.objects.get(indicator=ind, year=year, school=None)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_fact_stands_in_where_the_portal_has_no_data(docs_share, users):
    indicator_values_recompute(year=2022)
    assert (_value(docs_share, 2022).value, _value(docs_share, 2022).status) == (None, "no_data")
    fact = svc.indicator_fact_record(
        user=users["methodologist"],
        indicator=docs_share,
        year=2022,
        value="65",
        evidence="Программа Лазо, раздел 5, п. 6",
    )
    v = _value(docs_share, 2022)
    assert (v.value, v.source, v.status, v.fact_id) == (65, "recorded", "met", fact.pk)
    assert (fact.author, fact.evidence) == (users["methodologist"], "Программа Лазо, раздел 5, п. 6")
    assert v.note == "записано вручную: портал не располагает данными за этот год"


def test_fact_beside_a_computed_value_does_not_replace_it(docs_share, users, ind_world):
    from programs.models import SchoolDocument

    SchoolDocument.objects.create(
        school=ind_world["schools"]["A-1"],
        year=2024,
        kind=SchoolDocument.Kind.QUALITY_PROGRAM,
        status=SchoolDocument.Status.APPROVED,
        title="Программа",
    )
    svc.indicator_fact_record(user=users["head"], indicator=docs_share, year=2024, value="90", evidence="Отчёт")
    v = _value(docs_share, 2024)
    # Target schools 2024: A-1, A-4; A-1's programme approved; of all five schools: 1 of 5.
    assert (v.numerator, v.denominator, v.value, v.source, v.status) == (1, 5, 20, "computed", "not_met")
    assert v.fact.value == 90


def test_full_recompute_keeps_the_facts_year(docs_share, users):
    svc.indicator_fact_record(
        user=users["methodologist"],
        indicator=docs_share,
        year=2019,
        value="40",
        evidence_url="https://example.org/doc.pdf",
    )
    indicator_values_recompute()  # every year: 2019 is outside the programme, but a fact was recorded for it
    assert (_value(docs_share, 2019).value, _value(docs_share, 2019).source) == (40, "recorded")


def test_national_writer_keeps_source_and_fact(docs_share, users, monkeypatch):
    """The COPY writer (PostgreSQL, a national recompute) writes the same columns as the bulk one."""
    import programs.indicators.engine.writer as engine

    monkeypatch.setattr(engine, "COPY_FROM", 0)
    fact = svc.indicator_fact_record(
        user=users["methodologist"], indicator=docs_share, year=2022, value="65", evidence="приказ"
    )
    v = _value(docs_share, 2022)
    assert (v.value, v.source, v.fact_id, v.status) == (65, "recorded", fact.pk, "met")


def test_fact_corrections_keep_history(docs_share, users):
    svc.indicator_fact_record(
        user=users["methodologist"], indicator=docs_share, year=2022, value="60", evidence="черновик"
    )
    svc.indicator_fact_record(user=users["head"], indicator=docs_share, year=2022, value="65,0 %", evidence="приказ")
    assert IndicatorFact.objects.filter(indicator=docs_share).count() == 1
    history = list(IndicatorFact.history.filter(indicator_id=docs_share.pk).order_by("history_date"))
    assert [(h.value, h.evidence, h.history_user) for h in history] == [
        (60, "черновик", users["methodologist"]),
        (65, "приказ", users["head"]),
    ]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"value": "65"}, svc.EVIDENCE_REQUIRED),
        ({"value": "", "evidence": "приказ"}, svc.FACT_VALUE_REQUIRED.format(year=2022)),
        ({"value": "шестьдесят", "evidence": "приказ"}, svc.FACT_VALUE_BAD.format(year=2022)),
    ],
)
def test_bad_fact_is_refused_and_writes_nothing(docs_share, users, kwargs, message):
    with pytest.raises(ServiceError) as exc:
        svc.indicator_fact_record(user=users["methodologist"], indicator=docs_share, year=2022, **kwargs)
    assert exc.value.message == message
    assert not IndicatorFact.objects.exists()


def test_fact_needs_a_computed_indicator_and_the_right(docs_share, users, ind_world):
    manual = svc.indicator_save(
        user=users["methodologist"],
        program=ind_world["program_a"],
        code="satisfaction",
        name="Удовлетворённость",
        unit="percent",
        direction="higher",
        comparator="ge",
        method="manual",
    )
    with pytest.raises(ServiceError, match="ручной показатель"):
        svc.indicator_fact_record(user=users["methodologist"], indicator=manual, year=2022, value=1, evidence="x")
    with pytest.raises(ServiceError, match="Недостаточно прав"):
        svc.indicator_fact_record(user=users["curator"], indicator=docs_share, year=2022, value=1, evidence="x")


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_post_and_patch_fact_and_values_show_it(docs_share, users):
    url = "/api/v1/indicators/quality_measures_share/facts/"
    created = api(users["methodologist"]).post(
        url, {"year": 2022, "value": 65, "evidence": "Программа, п. 6"}, format="json"
    )
    assert created.status_code == 201
    assert {k: created.json()[k] for k in ("year", "value", "evidence", "author")} == {
        "year": 2022,
        "value": 65.0,
        "evidence": "Программа, п. 6",
        "author": "method_a",
    }
    row = (
        api(users["head"])
        .get("/api/v1/indicator-values/?indicator=quality_measures_share&year=2022")
        .json()["results"][0]
    )
    assert (row["value"], row["status"], row["source"]) == (65.0, "met", "recorded")
    assert row["recorded"]["value"] == 65.0 and row["recorded"]["evidence"] == "Программа, п. 6"
    patched = api(users["head"]).patch(url + "2022/", {"value": "55,5"}, format="json")
    assert patched.status_code == 200 and patched.json()["value"] == 55.5
    assert patched.json()["evidence"] == "Программа, п. 6"  # unchanged fields stay
    assert _value(docs_share, 2022).status == "not_met"
    assert api(users["head"]).get(url).json()["results"][0]["value"] == 55.5


def test_facts_export_has_the_facts_columns_and_escapes_formulas(docs_share, users):
    svc.indicator_fact_record(
        user=users["methodologist"], indicator=docs_share, year=2022, value="65", evidence='=HYPERLINK("http://evil")'
    )
    text = (
        api(users["head"])
        .get("/api/v1/indicators/quality_measures_share/facts/?format=csv")
        .content.decode("utf-8-sig")
    )
    header, row = text.splitlines()[:2]
    assert header.split(";")[:3] == ["Год", "Записанное значение", "Подтверждение"]
    assert row.startswith("2022;65") and "'=HYPERLINK" in row


def test_api_bad_fact_is_400_with_russian_message(docs_share, users):
    response = api(users["methodologist"]).post(
        "/api/v1/indicators/quality_measures_share/facts/", {"year": 2022, "value": "65"}, format="json"
    )
    assert response.status_code == 400 and svc.EVIDENCE_REQUIRED in str(response.json())
    assert not IndicatorFact.objects.exists()


def test_api_fact_scope_and_capability(docs_share, users):
    url = "/api/v1/indicators/quality_measures_share/facts/"
    body = {"year": 2022, "value": 65, "evidence": "x"}
    assert api(users["head_b"]).post(url, body, format="json").status_code == 404
    assert api(users["head_b"]).get(url).status_code == 404
    assert api(users["curator"]).post(url, body, format="json").status_code == 403
    assert api(users["methodologist"]).patch(url + "2021/", {"value": 1}, format="json").status_code == 404
    assert not IndicatorFact.objects.exists()


def test_values_of_a_year_without_data_are_null_in_api_and_export(docs_share, users):
    indicator_values_recompute(year=2022)
    row = (
        api(users["head"])
        .get("/api/v1/indicator-values/?indicator=quality_measures_share&year=2022")
        .json()["results"][0]
    )
    assert (row["value"], row["numerator"], row["status"], row["source"], row["recorded"]) == (
        None,
        None,
        "no_data",
        "computed",
        None,
    )
    assert row["note"] == "за 2022 год в портале нет школьных документов этого вида"
    csv = api(users["head"]).get("/api/v1/indicator-values/?indicator=quality_measures_share&format=csv")
    text = csv.content.decode("utf-8-sig")
    assert "нет данных" in text and "рассчитано порталом" in text and "no_data" not in text
    assert "школьных документов этого вида" in text


# --- pages -------------------------------------------------------------------------------------------------------


def test_fact_form_records_and_detail_page_marks_it(docs_share, users, client, ind_urls):
    indicator_values_recompute(year=2022)
    client.force_login(users["methodologist"])
    assert client.get("/indicators/ind-a/quality_measures_share/fact/?year=2022").status_code == 200
    bad = client.post("/indicators/ind-a/quality_measures_share/fact/", {"year": 2022, "value": "65"})
    assert svc.EVIDENCE_REQUIRED in bad.content.decode() and not IndicatorFact.objects.exists()
    response = client.post(
        "/indicators/ind-a/quality_measures_share/fact/",
        {"year": 2022, "value": "65", "evidence": "Программа Лазо, п. 6"},
    )
    assert response.status_code == 302
    page = client.get("/indicators/ind-a/quality_measures_share/?year=2022").content.decode()
    assert "записано вручную" in page and "Программа Лазо, п. 6" in page and "История записанных фактов" in page
    program_page = client.get("/indicators/ind-a/").content.decode()
    assert "записано вручную" in program_page


def test_fact_page_scope_and_capability(docs_share, users, client, ind_urls, ind_world):
    client.force_login(users["head_b"])
    assert client.get("/indicators/ind-a/quality_measures_share/fact/").status_code == 404
    client.force_login(users["curator"])
    assert (
        client.post(
            "/indicators/ind-a/quality_measures_share/fact/", {"year": 2022, "value": "65", "evidence": "x"}
        ).status_code
        == 403
    )
    assert not IndicatorFact.objects.exists()


def test_no_data_reads_as_such_on_pages(docs_share, users, client, ind_urls):
    indicator_values_recompute(year=2022)
    client.force_login(users["head"])
    page = client.get("/indicators/ind-a/quality_measures_share/?year=2022").content.decode()
    assert "<td>нет данных" in page and "нет школьных документов этого вида" in page
