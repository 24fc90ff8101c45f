"""`listed_statuses`: in each municipality and year the official list where one is imported, else the computed one —
the home page's count, the schools list's `status` filter and the ШНОР lists read it alike."""

import pytest

from assessments.risk.selectors import shnor_school_ids
from reports.home import home_context
from schools.selectors import listed_statuses
from tests.factories import SchoolFactory, SchoolStatusFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(two_municipalities):
    """2024: A has an official list (a1) and a computed one (a1, a3) that it overrides; B only a computed one (b1)."""
    w = two_municipalities
    a3 = SchoolFactory(code="A-3", municipality=w["a"])
    SchoolStatusFactory(school=w["a1"], year=2024, kind="shnor", source="official")
    SchoolStatusFactory(school=w["a1"], year=2024, kind="shnor", source="computed")
    SchoolStatusFactory(school=a3, year=2024, kind="shnor", source="computed")
    SchoolStatusFactory(school=w["b1"], year=2024, kind="shnor", source="computed")
    return {**w, "a3": a3}


def test_official_list_overrides_the_computed_one_in_its_municipality_only(lists):
    listed = set(listed_statuses(kind="shnor", year=2024).values_list("school__code", flat=True))
    assert listed == {"A-1", "B-1"}
    assert set(shnor_school_ids(year=2024)) == {lists["a1"].pk, lists["b1"].pk}


def test_every_year_at_once_keeps_the_rule_per_year(lists):
    SchoolStatusFactory(school=lists["a3"], year=2023, kind="shnor", source="computed")
    listed = set(listed_statuses(kind="shnor").values_list("school__code", "year"))
    assert listed == {("A-1", 2024), ("B-1", 2024), ("A-3", 2023)}


def test_home_counts_the_list_as_the_portal_reads_it(lists, users):
    context = home_context(user=users["head"])
    assert (context["shnor_year"], context["shnor_count"]) == (2024, 1)  # not 2: a3 is only on the overridden list


def test_schools_list_status_filter_reads_the_same_list(lists, users, client):
    client.force_login(users["head"])
    codes = {row["code"] for row in client.get("/api/v1/schools/?status=shnor&year=2024").json()["results"]}
    assert codes == {"A-1"}
