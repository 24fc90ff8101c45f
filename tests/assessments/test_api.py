"""GET /api/v1/results-summary/: a territory's figures by year, summed from its schools' rows, with coverage."""

import pytest
from rest_framework.test import APIClient

from assessments.services import results_import
from core.tables import table_read
from tests.support.results_files import row, xlsx

pytestmark = pytest.mark.django_db

URL = "/api/v1/results-summary/"


@pytest.fixture
def partial(two_municipalities):
    """2025: every school reported; 2026: one school of A, three rows of 1 «2» in 20."""
    rows = [row(code=code, year=2025) for code in ("A-1", "A-2", "B-1")]
    rows += [row(code="A-1", year=2026, grade=g, m2=1, m3=9) for g in (5, 6, 7)]
    assert results_import(table=table_read(xlsx(rows), filename="r.xlsx")).status == "imported"
    return two_municipalities


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rows(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_each_year_gives_its_coverage(users, partial):
    rows = _rows(api(users["head"]), procedure="VPR", subject="russian")
    assert [(r["territory"], r["year"], r["coverage"], r["incomplete"]) for r in rows] == [
        ("A01", 2025, {"schools": 2, "of": 2}, False),
        ("A01", 2026, {"schools": 1, "of": 2}, True),
    ]


def test_figures_are_summed_counts_rounded_to_one_decimal(users, partial):
    row = _rows(api(users["head"]), procedure="VPR", subject="russian", year=2026)[0]
    assert (row["share_2"], row["participants"], row["grade"]) == (5.0, 60, None)


def test_one_grade(users, partial):
    row = _rows(api(users["head"]), procedure="VPR", subject="russian", year=2026, grade=6)[0]
    assert (row["participants"], row["grade"], row["coverage"]) == (20, 6, {"schools": 1, "of": 2})


def test_regional_user_gets_each_municipality_and_the_region(users, partial):
    client = api(users["regional"])
    municipal = {(r["territory"], r["year"]): r["coverage"] for r in _rows(client, procedure="VPR", subject="russian")}
    region = _rows(client, procedure="VPR", subject="russian", level="region", year=2026)
    assert (municipal[("B01", 2025)], municipal[("A01", 2026)], region[0]["coverage"]) == (
        {"schools": 1, "of": 1},
        {"schools": 1, "of": 2},
        {"schools": 1, "of": 3},
    )


def test_other_municipality_is_not_listed(users, partial):
    client = api(users["head"])
    assert (_rows(client, municipality="B01"), {r["territory"] for r in _rows(client)}) == ([], {"A01"})


def test_head_gets_no_region_total(users, partial):
    """Municipality A's head does not see B's schools: the region summed from A alone is not the region's."""
    assert _rows(api(users["head"]), level="region") == []


def test_user_who_sees_part_of_the_municipality_gets_nothing(users, partial):
    """A curator of A-1 only: A-1 summed is not the municipality's figure."""
    assert _rows(api(users["curator"])) == []


def test_export_has_russian_headers(users, partial):
    from core.exports import read_back

    content = api(users["head"]).get(URL, {"format": "csv", "year": 2026, "subject": "russian"}).content
    header, first = read_back(content, "csv")[:2]
    assert ("Охват ОО" in header, first[header.index("Код территории")]) == (True, "A01")


def test_anonymous_is_refused(partial):
    assert APIClient().get(URL).status_code in (401, 403)


def test_query_count_does_not_grow_with_schools(users, partial):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SchoolFactory

    client = api(users["regional"])
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for i in range(10):
        SchoolFactory(code=f"A-X{i}", municipality=partial["a"])
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)
