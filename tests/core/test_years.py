"""core.years: the one range check, the years every page offers and the year it opens on (#14 items 6 and 7)."""

import pytest

from assessments.models import Procedure, Result, Subject
from core.years import year_choices, year_default, year_parse
from schools.models import School
from tests.factories import SchoolFactory, SchoolStatusFactory

pytestmark = pytest.mark.django_db


def _results(school, *years):
    russian = Subject.objects.get(code="russian")
    for year in years:
        Result.objects.create(
            school=school,
            procedure=Procedure.VPR,
            subject=russian,
            grade=5,
            year=year,
            participants=20,
            marks_2=2,
            marks_3=8,
            marks_4=6,
            marks_5=4,
        )


@pytest.fixture
def territory(two_municipalities):
    """Municipality A with four schools: 2024 and 2025 complete (3 of 4), 2026 begun by one school."""
    a = two_municipalities["a"]
    extra = [SchoolFactory(code=f"A-{i}", municipality=a) for i in (3, 4)]
    for school in (two_municipalities["a1"], two_municipalities["a2"], extra[0]):
        _results(school, 2024, 2025)
    _results(extra[1], 2026)
    return {**two_municipalities, "schools": School.objects.filter(municipality=a)}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", 2024),
        (2000, 2000),
        (" 2100 ", 2100),
        ("1999", None),
        ("2101", None),
        ("99999", None),
        ("", None),
        ("двадцать", None),
        (None, None),
        ("2024.5", None),
    ],
)
def test_year_parse_accepts_only_the_tables_years(value, expected):
    assert year_parse(value) == expected


def test_default_year_is_the_latest_complete_year_not_one_a_school_has_just_begun(territory):
    assert year_default(schools=territory["schools"]).year == 2025


def test_default_year_says_how_little_the_later_year_has(territory):
    assert year_default(schools=territory["schools"]).note == (
        "Показан 2025 г. — последний год с полными данными; за 2026 г. данные есть по 1 из 4 ОО"
    )


def test_default_year_without_complete_results_is_the_latest_list_year(two_municipalities):
    a = two_municipalities["a"]
    for i in range(3, 6):
        SchoolFactory(code=f"A-{i}", municipality=a)
    _results(two_municipalities["a1"], 2025)
    SchoolStatusFactory(school=two_municipalities["a1"], year=2024)
    assert year_default(schools=School.objects.filter(municipality=a)).year == 2024


def test_year_choices_are_the_years_with_data_in_scope_newest_first(territory):
    SchoolStatusFactory(school=territory["a1"], year=2022)
    assert year_choices(schools=territory["schools"]) == [2026, 2025, 2024, 2023, 2022]


def test_year_choices_ignore_data_far_in_the_future(territory):
    SchoolStatusFactory(school=territory["a1"], year=2090)
    assert max(year_choices(schools=territory["schools"])) == 2026


def test_year_choices_do_not_count_another_municipality(territory):
    _results(territory["b1"], 2019)
    assert min(year_choices(schools=territory["schools"])) == 2024


PAGES = ["/reports/dashboard/", "/reports/school/A-1/", "/mentoring/", "/risk/", "/reports/", "/programs/risk/"]


def test_every_page_opens_on_the_same_year_with_the_same_choices(users, client, territory):
    client.force_login(users["head"])
    seen = {}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = (response.context["year"], tuple(response.context["years"]))
    assert set(seen.values()) == {(2025, (2026, 2025, 2024))}


def test_a_chosen_incomplete_year_says_how_little_it_has(users, client, territory):
    client.force_login(users["head"])
    html = client.get("/reports/dashboard/?year=2026").content.decode()
    assert "За 2026 г. данные есть по 1 из 4 ОО; последний год с полными данными — 2025 г." in html


def test_a_chosen_year_without_results_says_so(users, client, territory):
    client.force_login(users["head"])
    response = client.get("/reports/dashboard/?year=2027")
    assert response.context["year_note"] == (
        "За 2027 г. данные есть по 0 из 4 ОО; последний год с полными данными — 2025 г."
    )
