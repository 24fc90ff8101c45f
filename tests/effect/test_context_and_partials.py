"""The school against its context group (API and dossier) and the «в шаге от списка» partials on the ШНОР list,
the head's dashboard and the dossier."""

from decimal import Decimal

import pandas as pd
import pytest
from rest_framework.test import APIClient

from programs.effect import selectors
from schools.models import School, SchoolContext
from tests.effect.world import world_make
from tests.factories import SchoolContextFactory
from tests.support.risk import result

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def rich_context(world):
    """Contract 1.1's context in the registry for every school of the region, dated 2023: the low-income share rises
    with the school's pk, so the groups follow the order of the pks."""
    schools = School.objects.filter(municipality__region=world.municipality.region).order_by("pk")
    for rank, school in enumerate(schools, start=1):
        SchoolContextFactory(
            school=school,
            year=2023,
            urban_rural=SchoolContext.Settlement.URBAN,
            enrolment=500,
            low_income_share=rank,
            sen_share=Decimal(rank) / 10,
        )


@pytest.fixture
def world(two_municipalities):
    return world_make(two_municipalities)


def test_school_detail_gives_the_context_group_against_group_municipality_and_region(world, users, rich_context):
    body = client_for(users["head"]).get("/api/v1/schools/A-1/").json()
    group = body["context_group"]
    assert (group["year"], group["stratum"], group["group"], group["measure"]) == (2024, "город", 1, "share_2")
    assert group["label"] == "город: благоприятные условия"  # the lowest pks: the lowest low-income share
    assert group["difference"] == pytest.approx(group["school"] - group["group_median"], abs=0.11)
    assert group["municipality"] is not None and group["region"] is not None and group["group_schools"] > 1


def test_the_group_median_is_over_the_schools_of_the_group(world, users, rich_context):
    ids = list(School.objects.filter(municipality__region=world.municipality.region).values_list("pk", flat=True))
    from programs.effect.context import context_groups

    groups = context_groups(selectors.context_table(ids))
    first = set(groups.loc[groups["group"] == 1, "school_id"])
    values = pd.DataFrame(
        selectors.measure_rows(
            selectors._results(world.municipality.region_id, selectors.DEFAULT_KEY)[0].filter(year=2024), "share_2"
        )
    )
    expected = values[values["school_id"].isin(first)]["value"].median()
    group = client_for(users["head"]).get("/api/v1/schools/A-1/").json()["context_group"]
    assert group["group_median"] == round(expected, 1)


def test_without_enough_context_the_group_is_null(world, users):
    # School has city/village and enrolment only: one component, the index needs two
    assert client_for(users["head"]).get("/api/v1/schools/A-1/").json()["context_group"] is None


def test_the_dossier_shows_the_context_group_and_the_distance(client, world, users, rich_context):
    client.force_login(users["head"])
    html = client.get("/reports/school/A-1/?year=2024").content.decode()
    assert "Контекстная группа" in html and "город: благоприятные условия" in html.lower()
    assert "Расстояние до списка ШНОР" in html


def test_the_risk_list_page_shows_the_schools_near_the_list(client, two_municipalities, users):
    a1 = two_municipalities["a1"]
    result(a1, 2023, m2=3)
    result(a1, 2024, m2=2)  # one pupil more with «2» in 2024 would list it for 2025 (criterion B)
    client.force_login(users["head"])
    html = client.get("/risk/?year=2024&municipality=A01").content.decode()
    assert "В шаге от списка 2025 г." in html
    assert "в шаге от списка</span>" in html and "+1\u00a0ученик с «2»" in html
    assert "<td>ВПР Русский язык, 5 кл.</td>" in html  # as people write them, not «VPR russian»


def test_the_dashboard_shows_the_schools_near_the_list(client, two_municipalities, users):
    a1 = two_municipalities["a1"]
    result(a1, 2023, m2=3)
    result(a1, 2024, m2=3)  # exactly 30 %: listed for 2025; one pupil fewer takes it off
    client.force_login(users["head"])
    html = client.get("/reports/dashboard/?year=2024").content.decode()
    assert "в шаге от выхода</span>" in html and "−1\u00a0ученик с «2»" in html


def test_the_near_partial_keeps_to_the_scope(client, two_municipalities, users):
    result(two_municipalities["a2"], 2023, m2=3)
    result(two_municipalities["a2"], 2024, m2=2)
    client.force_login(users["school_admin"])  # A-1's admin: its branch A-2 is in its scope
    html = client.get("/risk/?year=2024&municipality=A01").content.decode()
    assert "в шаге от списка</span>" in html
    client.force_login(users["curator"])  # assigned to A-1 only
    html = client.get("/risk/?year=2024&municipality=A01").content.decode()
    assert "в шаге от списка</span>" not in html
