import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from assessments.risk import selectors as risk_selectors
from assessments.risk import services as risk
from assessments.risk.models import RiskRule
from schools.models import SchoolStatus
from schools.selectors import school_status_history
from tests.factories import SchoolFactory, SchoolStatusFactory
from tests.support.results_files import csv_bytes
from tests.support.risk import Y, make_listed, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(two_municipalities):
    w = two_municipalities
    make_listed(w["a1"])
    result(w["a2"], Y - 1, m2=2)
    make_listed(w["b1"])
    risk.risk_list_recompute(year=Y)
    SchoolStatusFactory(school=w["a1"], year=Y - 2, level="strong")
    SchoolStatusFactory(school=w["a2"], year=Y, level="moderate")
    return w


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["list", "watch", "differences"])
def test_pages_show_only_the_users_municipality(client, listed, users, name):
    body = signed_in(client, users["head"]).get(f"/risk/{name}/".replace("/list/", "/") + f"?year={Y}").content.decode()
    assert "МБОУ СОШ № 1 (Б)" not in body


@pytest.mark.parametrize("name", ["list", "watch", "differences"])
def test_pages_404_for_another_municipality(client, listed, users, name):
    url = f"/risk/{name}/".replace("/list/", "/") + f"?year={Y}&municipality=B01"
    assert signed_in(client, users["head"]).get(url).status_code == 404


def test_list_page_shows_criteria_reasons_and_history(client, listed, users):
    body = signed_in(client, users["head"]).get(f"/risk/?year={Y}").content.decode()
    assert "A: две и более низкие процедуры" in body and "40,0" in body and f"В списках {Y - 2}, {Y} г." in body


def test_watch_page_shows_reasons(client, listed, users):
    body = signed_in(client, users["head"]).get(f"/risk/watch/?year={Y}").content.decode()
    assert "Филиал СОШ № 1 (А)" in body and "20,0" in body


def test_differences_page_both_ways(client, listed, users):
    body = signed_in(client, users["head"]).get(f"/risk/differences/?year={Y}").content.decode()
    assert "Только в расчёте портала (1)" in body and "Только в официальном списке (1)" in body


def test_list_page_query_count_is_constant(client, listed, users):
    client = signed_in(client, users["head"])
    with CaptureQueriesContext(connection) as before:
        client.get(f"/risk/?year={Y}")
    for _ in range(5):
        make_listed(SchoolFactory(municipality=listed["a"]))
    risk.risk_list_recompute(year=Y)
    with CaptureQueriesContext(connection) as after:
        client.get(f"/risk/?year={Y}")
    assert len(after) == len(before)


def test_recompute_button_queues_a_job_and_shows_progress(client, listed, users, django_capture_on_commit_callbacks):
    client = signed_in(client, users["methodologist"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/risk/recompute/", {"year": Y, "municipality": "A01"}, follow=True)
    assert "Пересчёт списков ШНОР" in response.content.decode()


def test_recompute_button_refused_to_a_curator(client, listed, users):
    assert (
        signed_in(client, users["curator"]).post("/risk/recompute/", {"year": Y, "municipality": "A01"}).status_code
        == 403
    )


def test_recompute_button_404_for_another_municipality(client, listed, users):
    assert (
        signed_in(client, users["head"]).post("/risk/recompute/", {"year": Y, "municipality": "B01"}).status_code == 404
    )


def test_official_import_page(client, two_municipalities, users):
    f = io.BytesIO(csv_bytes([[Y, "A-1", "сильно"]], header=["Год", "Код ОО", "Уровень"]))
    f.name = "list.csv"
    body = signed_in(client, users["methodologist"]).post("/risk/official/", {"file": f}).content.decode()
    token = body.split('name="token" value="', 1)[1].split('"', 1)[0]  # the preview's «Подтвердить»
    body = client.post("/risk/official/", {"token": token}).content.decode()
    assert "Загружено: добавлено 1" in body and SchoolStatus.objects.get().level == "strong"


def test_official_import_page_shows_row_errors(client, two_municipalities, users):
    f = io.BytesIO(csv_bytes([[Y, "B-1"]], header=["Год", "Код ОО"]))
    f.name = "list.csv"
    body = signed_in(client, users["methodologist"]).post("/risk/official/", {"file": f}).content.decode()
    assert "Файл отклонён" in body and "вне вашей зоны доступа" in body


def test_official_import_page_refused_to_head(client, users):
    assert signed_in(client, users["head"]).get("/risk/official/").status_code == 403


def test_rule_page_creates_a_new_version(client, users):
    procedures = [f"{p['procedure']}:{p['subject']}:{p['grade']}" for p in RiskRule.objects.current().procedures]
    response = signed_in(client, users["admin"]).post(
        "/risk/rule/",
        {
            "threshold": 35,
            "count_a": 2,
            "count_b": 1,
            "watch_threshold": 20,
            "procedures": procedures,
            "note": "порог 35",
        },
    )
    rule = RiskRule.objects.current()
    assert (response.status_code, rule.version, rule.threshold, len(rule.procedures)) == (302, 2, 35, 9)


def test_rule_page_shows_versions_and_runs(client, listed, users):
    body = signed_in(client, users["admin"]).get("/risk/rule/").content.decode()
    assert "v1" in body and "Последние пересчёты" in body


@pytest.mark.parametrize("role", ["head", "methodologist", "curator"])
def test_rule_page_admin_only(client, users, role):
    assert signed_in(client, users[role]).get("/risk/rule/").status_code == 403


def test_school_card_section_reads_like_the_seeds(listed):
    school = listed["a1"]
    SchoolStatusFactory(school=school, year=2019)
    html = render_to_string(
        "risk/_school_risk.html",
        {
            "school": school,
            "shnor_history": school_status_history(school=school),
            "risk_history": risk_selectors.school_risk_history(school=school),
        },
    )
    assert f"В списках 2019, {Y - 2}, {Y} г." in html and "Сильно неуспевающие" in html and "Расчёт портала" in html


def test_menu_entry_for_heads():
    from assessments.risk.menu import MENU

    labels = [i.label for i in MENU if "head" in i.roles]
    assert labels == ["ШНОР"]


def test_reasons_read_in_russian_on_the_page_the_card_and_the_programme_report(client, listed, users):
    """One formatter for a listed school's reasons: procedure and subject by their Russian names, never codes."""
    from reports.selectors import program_report_context

    page = signed_in(client, users["head"]).get(f"/risk/?year={Y}").content.decode()
    card = client.get(f"/schools/{listed['a1'].code}/").content.decode()
    pdf_html = render_to_string("reports/pdf/program.html", program_report_context(municipality=listed["a"], year=Y))
    for body in (page, card, pdf_html):
        assert f"{Y - 1}: ВПР Русский язык, 5\u00a0кл. — n\u00a0=\u00a010, «2» 40,0\u00a0%" in body
        assert "VPR" not in body and "russian" not in body


def test_list_page_sorts_by_its_headers_and_pages(client, two_municipalities, users):
    """The ШНОР list sorts by school and by the worst share of «2» (links in the headers), with page numbers."""
    a = two_municipalities["a"]
    mild, severe = (
        SchoolFactory(municipality=a, short_name="Я-школа"),
        SchoolFactory(municipality=a, short_name="А-школа"),
    )
    make_listed(mild)  # 40 % and 50 % of «2»
    result(severe, Y - 1, m2=9)
    result(severe, Y - 1, subject="math", m2=8)  # 90 %
    risk.risk_list_recompute(year=Y)
    client = signed_in(client, users["head"])

    def table(query):
        body = client.get(f"/risk/?year={Y}&{query}").content.decode()
        return body[body.index("<table") : body.index("</table>")], body

    rows, _ = table("sort=school")
    assert rows.index("А-школа") < rows.index("Я-школа")
    assert "sort=-school" in rows  # the current sort's header reverses it
    rows, _ = table("sort=-share_2")
    assert rows.index("А-школа") < rows.index("Я-школа")  # 90 % first
    rows, _ = table("sort=share_2")
    assert rows.index("Я-школа") < rows.index("А-школа")
    _, body = table("sort=school&page_size=1")
    assert 'aria-label="Страница 2"' in body
