"""The «Эффект программы» page, the method's summary page and the link from the programme's page."""

import pytest

from tests.effect.world import PROGRAM, world_make

pytestmark = pytest.mark.django_db
URL = f"/programs/{PROGRAM}/effect/"


@pytest.fixture
def world(two_municipalities):
    return world_make(two_municipalities)


def page(client, user, url=URL):
    client.force_login(user)
    return client.get(url)


def test_the_page_shows_the_estimate_interval_groups_placebo_and_the_wwc_verdict(client, world, users):
    html = page(client, users["head"]).content.decode()
    assert "Оценка эффекта: −0,8 п. п. (95 % интервал от " in html  # Russian minus and decimal comma
    assert "Школы-участницы</dt><dd>7\u00a0школ в оценке" in html
    assert "Школы сравнения</dt><dd>9\u00a0школ" in html
    assert "Плацебо-проверка</dt><dd>" in html
    assert "по стандарту WWC нужна поправка на эту разницу — оценка её делает" in html


def test_unreliable_comparisons_are_warned_in_plain_russian(client, world, users):
    html = page(client, users["head"]).content.decode()
    assert '<li class="notice">Сравнение ненадёжно: в оценке школ-участниц: 7 — меньше 10' in html


def test_the_chart_has_alt_text_and_the_data_table_behind_it(client, world, users):
    html = page(client, users["head"]).content.decode()
    assert 'alt="График: доля «2» (ниже минимума), все процедуры правила ШНОР по годам' in html
    assert '<caption class="muted small">Данные графика</caption>' in html
    assert html.count('<th scope="row">20') == 6  # one row per year 2019–2024


def test_the_chart_keeps_its_text_at_10_px_or_more(world):
    import re
    import uuid

    from programs.effect.charts import groups_chart

    svg = groups_chart(
        by_year=[
            {"year": 2022, "treated": 20.0, "comparison": 19.0},
            {"year": 2023, "treated": 15.0, "comparison": 18.0},
        ],
        first_year=2023,
        unit="%",
        title=f"доля «2» {uuid.uuid4().hex}",  # charts are cached by their arguments: draw afresh
    )
    sizes = [float(s) for s in re.findall(r"font(?:-size)?:\s*([\d.]+)px", svg)]
    assert sizes and min(sizes) >= 10


def test_the_choice_of_measure_is_kept_in_the_form(client, world, users):
    html = page(client, users["head"], URL + "?measure=success&procedure=VPR&subject=russian&grade=5").content.decode()
    assert '<option value="success" selected>' in html
    assert "Успеваемость, ВПР, Русский язык, 5 класс" in html


def test_a_wrong_choice_shows_the_default_with_the_error(client, world, users):
    response = page(client, users["head"], URL + "?subject=russian")
    assert response.status_code == 200
    assert "Предмет и класс выбираются вместе с процедурой" in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(client, world, users, query_budget):
    page(client, users["head"])
    with query_budget("effect.page.effect"):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    "role", ["admin", "regional", "head", "methodologist", "curator", "school_admin", "api_client"]
)
def test_every_role_that_sees_the_programme_opens_the_page(client, world, users, role):
    assert page(client, users[role]).status_code == 200


def test_a_programme_outside_the_scope_is_404(client, world, users):
    assert page(client, users["head_b"]).status_code == 404


def test_signed_out_goes_to_the_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_programme_page_links_to_its_effect(client, world, users):
    assert f'href="{URL}"' in page(client, users["head"], f"/programs/{PROGRAM}/").content.decode()


def test_the_method_page_renders_the_documents_summary(client, users):
    html = page(client, users["methodologist"], "/programs/effect/method/").content.decode()
    assert "<h2>1. Вопрос</h2>" in html and "<h2>4. Предупреждения и как их читать</h2>" in html
    assert "<table>" in html  # the warnings' table
    assert "3.1. Сопоставление" not in html  # the formulas stay in the document


def test_the_method_page_needs_a_sign_in(client):
    assert client.get("/programs/effect/method/").status_code == 302
