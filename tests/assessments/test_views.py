import pytest

from assessments.services import results_import
from core.tables import table_read
from tests.support.results_files import row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(two_municipalities):
    rows = [
        row(grade=g, year=y, subject=s, m2=m2, m3=10 - m2 + 0, m4=6, m5=4)
        for g in (5, 6)
        for y in (2023, 2024)
        for s in ("Русский язык", "Математика")
        for m2 in [2 if y == 2024 else 0]
    ]
    rows.append(row(code="B-1"))
    assert results_import(table=table_read(xlsx(rows), filename="r.xlsx")).status == "imported"


def test_results_page_shows_figures_in_russian_format(users, client, results):
    client.force_login(users["head"])
    html = client.get("/assessments/?year=2024").content.decode()
    assert "10,0\u00a0%" in html and "A-1" not in html.split("<tbody>")[0]


def test_results_page_query_count(users, client, results, query_budget):
    client.force_login(users["head"])
    with query_budget("assessments.page.results"):
        assert client.get("/assessments/").status_code == 200


def test_results_page_flags_no_threes_and_jump(users, client, two_municipalities):
    results_import(
        table=table_read(
            xlsx([row(year=2023, m2=0, m3=10), row(year=2024, m2=10, m3=0, m4=6, m5=4)]), filename="r.xlsx"
        )
    )
    client.force_login(users["head"])
    html = client.get("/assessments/school/A-1/").content.decode()
    assert "нет ни одной «3»" in html and "скачок доли «2»" in html


def test_school_results_page_has_trend_chart(users, client, results):
    client.force_login(users["head"])
    html = client.get("/assessments/school/A-1/").content.decode()
    assert 'class="chart-img"' in html and "data:image/svg+xml;base64," in html


@pytest.mark.parametrize("url", ["/assessments/school/B-1/", "/assessments/municipality/B01/"])
def test_other_municipality_pages_are_404(users, client, results, url):
    client.force_login(users["head"])
    assert client.get(url).status_code == 404


def test_municipality_table_in_programme_layout(users, client, results):
    client.force_login(users["head"])
    html = client.get("/assessments/municipality/A01/").content.decode()
    assert "ВПР, русский язык" in html and "МБОУ СОШ № 1 (А)" in html and "(Б)" not in html


def test_municipality_table_exports_excel(users, client, results):
    client.force_login(users["head"])
    content = client.get("/assessments/municipality/A01/?format=xlsx").content
    table = table_read(content, filename="x.xlsx")
    assert table.headers[:3] == ["Код ОО", "ОО", "ВПР, русский язык, 2023: % «2»"] and table.rows[0][0] == "A-1"


def test_empty_results_page_points_to_template(users, client, two_municipalities):
    client.force_login(users["school_admin"])
    html = client.get("/assessments/").content.decode()
    assert "шаблон таблицы" in html


def test_municipality_table_total_carries_its_coverage(users, client, results):
    """Only A-1 of A's two schools reported: the municipality's total is 1 of 2 ОО, not the district's figure."""
    client.force_login(users["head"])
    table = client.get("/assessments/municipality/A01/").context["table"]
    total = table["totals"][0][table["years"].index(2024)]
    assert (float(total["share_2"]), total["coverage"].schools, total["coverage"].of) == (10.0, 1, 2)


def test_municipality_table_page_marks_incomplete_total(users, client, results):
    client.force_login(users["head"])
    html = client.get("/assessments/municipality/A01/").content.decode()
    assert "Итого: Район А" in html and "данные 1 из 2 ОО (неполные)" in html


def test_municipality_table_excel_has_the_total_with_coverage(users, client, results):
    client.force_login(users["head"])
    table = table_read(client.get("/assessments/municipality/A01/?format=xlsx").content, filename="x.xlsx")
    assert table.rows[-1][1:3] == ["Итого: Район А", "0,0\u00a0% (данные 1 из 2 ОО)"]


def test_municipality_table_coverage_counts_schools_the_user_does_not_see(users, client, results):
    """A curator sees A-1 only; the total still says how many of the municipality's schools stand behind it."""
    client.force_login(users["curator"])
    response = client.get("/assessments/municipality/A01/")
    total = response.context["table"]["totals"][0][-1]
    assert (total["coverage"].schools, total["coverage"].of) == (1, 2)


def test_school_results_chart_marks_municipality_years_built_from_part_of_its_schools(users, client, results):
    client.force_login(users["head"])
    chart = client.get("/assessments/school/A-1/").context["charts"][0]
    assert "неполные данные: Район А, 2023 — 1 из 2 ОО" in chart


def test_municipality_table_is_as_of_the_chosen_year(users, client, results):
    client.force_login(users["head"])
    response = client.get("/assessments/municipality/A01/?year=2023")
    assert (response.context["year"], max(response.context["table"]["years"])) == (2023, 2023)
