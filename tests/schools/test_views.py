import pytest

from tests.factories import SchoolFactory, SchoolStatusFactory

pytestmark = pytest.mark.django_db


def test_school_list_page_query_count_is_constant(users, client, two_municipalities, query_budget):
    for _ in range(40):
        SchoolStatusFactory(school=SchoolFactory(municipality=two_municipalities["a"]))
    client.force_login(users["head"])
    with query_budget("schools.page.list"):
        assert client.get("/schools/").status_code == 200


def test_school_card_reads_history_in_seed_words(users, client, two_municipalities):
    for year in (2019, 2021, 2022):
        SchoolStatusFactory(school=two_municipalities["a1"], year=year)
    client.force_login(users["head"])
    html = client.get("/schools/A-1/").content.decode()
    assert "В списках 2019, 2021, 2022 г." in html


def test_school_card_lists_branches(users, client):
    client.force_login(users["head"])
    assert "Филиал СОШ № 1 (А)" in client.get("/schools/A-1/").content.decode()


def test_empty_search_shows_helpful_message(users, client):
    client.force_login(users["head"])
    assert "Школ не найдено" in client.get("/schools/?q=нет-такой").content.decode()


def test_municipality_page_lists_its_schools(users, client):
    client.force_login(users["head"])
    html = client.get("/schools/municipalities/A01/").content.decode()
    assert "МБОУ СОШ № 1 (А)" in html and "(Б)" not in html


def test_home_counts_scope(users, client):
    client.force_login(users["school_admin"])
    assert client.get("/").context["school_count"] == 2


def test_status_history_text_single_year():
    from schools.selectors import status_years_text

    assert status_years_text([2022]) == "В списке 2022 г."


def test_school_list_of_a_year_shows_statuses_as_of_that_year(client, users, two_municipalities):
    for year in (2023, 2025):
        SchoolStatusFactory(school=two_municipalities["a1"], year=year)
    client.force_login(users["head"])
    school = next(s for s in client.get("/schools/?status=shnor&year=2023").context["page"] if s.code == "A-1")
    assert [st.year for st in school.statuses.all()] == [2023]


def test_school_list_offers_the_years_of_every_page(client, users, two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2023)
    SchoolStatusFactory(school=two_municipalities["b1"], year=2020)
    client.force_login(users["head"])
    select = client.get("/schools/").context["form"].fields["year"].widget  # the FilterSet checks, the select offers
    assert [value for value, _ in select.choices] == ["", 2023]
