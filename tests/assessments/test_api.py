"""GET /api/v1/results-summary/: a territory's figures by year, summed from its schools' rows, with coverage."""

import pytest
from rest_framework.test import APIClient

from assessments.services import results_import
from core.tables import table_read
from tests.assessments.helpers import row, xlsx

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


def _years(response):
    return {y["year"]: y for y in response.json()["years"]}


def test_each_year_gives_its_coverage(users, partial):
    years = _years(api(users["head"]).get(URL, {"procedure": "VPR", "subject": "russian"}))
    assert [(y, v["coverage"], v["incomplete"]) for y, v in sorted(years.items())] == [
        (2025, {"schools": 2, "of": 2}, False), (2026, {"schools": 1, "of": 2}, True)]


def test_figures_are_summed_counts_rounded_to_one_decimal(users, partial):
    years = _years(api(users["head"]).get(URL, {"procedure": "VPR", "subject": "russian"}))
    assert (years[2026]["share_2"], years[2026]["participants"]) == (5.0, 60)


def test_regional_user_gets_the_region_by_default(users, partial):
    body = api(users["regional"]).get(URL, {"procedure": "VPR", "subject": "russian"}).json()
    assert (body["territory"]["level"], {y["year"]: y["coverage"] for y in body["years"]}[2026]) == (
        "region", {"schools": 1, "of": 3})


def test_other_municipality_is_404(users, partial):
    response = api(users["head"]).get(URL, {"procedure": "VPR", "subject": "russian", "municipality": "B01"})
    assert response.status_code == 404


def test_user_who_sees_part_of_the_municipality_gets_404(users, partial):
    """A curator of A-1 only: A-1 summed is not the municipality's figure."""
    assert api(users["curator"]).get(URL, {"procedure": "VPR", "subject": "russian"}).status_code == 404


def test_missing_subject_names_the_parameter_in_russian(users, partial):
    response = api(users["head"]).get(URL, {"procedure": "VPR"})
    assert (response.status_code, response.json()["subject"]) == (400, "Обязательный параметр.")


def test_unknown_procedure_is_refused(users, partial):
    response = api(users["head"]).get(URL, {"procedure": "XYZ", "subject": "russian"})
    assert response.status_code == 400 and "Неизвестная процедура «XYZ»" in str(response.json()["procedure"])


def test_anonymous_is_refused(partial):
    assert APIClient().get(URL, {"procedure": "VPR", "subject": "russian"}).status_code in (401, 403)
