"""core.listing: sortable headers (`?sort=`, `-field`), page numbers and a bounded page size, with the page's other
parameters kept — on the schools list, and the helper over querysets and computed rows."""

import re

import pytest
from django.test import RequestFactory

from core.listing import PAGE_SIZE_MAX, page_size_parse, rows_sort, sort_parse, table_page
from schools.models import School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_schools(users, two_municipalities):
    for n in range(60):
        SchoolFactory(municipality=two_municipalities["a"], short_name=f"Школа {n:02d}", code=f"Z{n:02d}")
    return users["head"]


def _names(response) -> list[str]:
    return re.findall(r'class="school-name"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_sort_link_sorts_descending(client, many_schools):
    client.force_login(many_schools)
    names = _names(client.get("/schools/", {"sort": "-name"}))
    assert names[:2] == ["Школа 59", "Школа 58"]


def test_sort_link_sorts_ascending(client, many_schools):
    client.force_login(many_schools)
    assert _names(client.get("/schools/", {"sort": "name"}))[:3] == [
        "МБОУ СОШ № 1 (А)",
        "Филиал СОШ № 1 (А)",
        "Школа 00",
    ]


def test_header_links_sort_and_keep_filters(client, many_schools):
    client.force_login(many_schools)
    html = client.get("/schools/", {"q": "Школа", "sort": "name", "page": 2}).content.decode()
    # The current column's link turns the order round; the filter stays; the page goes back to the first.
    assert 'aria-sort="ascending"><a class="sort" href="?q=%D0%A8%D0%BA%D0%BE%D0%BB%D0%B0&amp;sort=-name"' in html


def test_unknown_sort_is_ignored(client, many_schools):
    client.force_login(many_schools)
    assert client.get("/schools/", {"sort": "password"}).status_code == 200


def test_page_numbers_are_links(client, many_schools):
    client.force_login(many_schools)
    html = client.get("/schools/", {"page_size": 25, "sort": "code"}).content.decode()
    assert '<span class="current" aria-current="page">1</span>' in html
    assert 'href="?page_size=25&amp;sort=code&amp;page=3" aria-label="Страница 3"' in html


def test_page_size_honoured(client, many_schools):
    client.force_login(many_schools)
    assert len(_names(client.get("/schools/", {"page_size": 25}))) == 25


def test_page_size_bounded(client, many_schools):
    client.force_login(many_schools)
    response = client.get("/schools/", {"page_size": 100000})
    assert response.context["page"].paginator.per_page == PAGE_SIZE_MAX


def test_page_size_choice_offered_with_other_params_kept(client, many_schools):
    client.force_login(many_schools)
    html = client.get("/schools/", {"q": "Школа"}).content.decode()
    assert (
        '<select name="page_size" data-autosubmit>' in html and '<input type="hidden" name="q" value="Школа">' in html
    )


@pytest.mark.parametrize(("value", "size"), [("25", 25), ("0", 1), ("-5", 1), ("abc", 50), (None, 50), ("5000", 200)])
def test_page_size_parse(value, size):
    assert page_size_parse(value, 50) == size


def test_sort_parse_accepts_only_offered_columns():
    assert (sort_parse("-name", {"name": "name"}), sort_parse("pk", {"name": "name"})) == (("name", True), None)


def test_computed_rows_sort_with_empty_values_last():
    rows = [{"n": 2}, {"n": None}, {"n": 5}]
    assert [r["n"] for r in rows_sort(rows, {"n": "n"}, "-n")] == [5, 2, None]
    assert [r["n"] for r in rows_sort(rows, {"n": "n"}, "n")] == [2, 5, None]


def test_queryset_sort_by_related_field(two_municipalities):
    request = RequestFactory().get("/", {"sort": "-municipality"})
    page = table_page(request, School.objects.all(), sorts={"municipality": "municipality__name"})
    assert page.object_list[0].municipality.name == "Район Б"


def _municipalities(response) -> list[str]:
    return re.findall(r"\?municipality=[^&]+&(?:amp;)?year=\d+\">([^<]+)</a>", response.content.decode())


def test_region_comparison_sorts_by_a_column(client, users):
    client.force_login(users["regional"])
    ascending = _municipalities(client.get("/reports/region/", {"sort": "schools"}))
    descending = _municipalities(client.get("/reports/region/", {"sort": "-schools"}))
    assert (ascending, descending) == (["Район Б", "Район А"], ["Район А", "Район Б"])


def test_region_comparison_exports_excel_in_the_pages_order(client, users):
    from core.exports import read_back

    client.force_login(users["regional"])
    response = client.get("/reports/region/", {"sort": "-schools", "format": "xlsx"})
    rows = read_back(response.content, "xlsx")
    assert (rows[0][:3], [r[:2] for r in rows[1:]]) == (
        ["Муниципалитет", "Школ", "ШНОР"],
        [["Район А", 2], ["Район Б", 1]],
    )


def test_region_page_links_its_export_with_the_sort(client, users):
    client.force_login(users["regional"])
    html = client.get("/reports/region/", {"sort": "-schools"}).content.decode()
    assert "?sort=-schools&amp;format=xlsx&amp;year=" in html
