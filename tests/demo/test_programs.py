"""seed_demo: each seed's municipality gets its programme, whose plan is in several states."""

import pytest
from django.core.management import call_command

from programs.models import PlanItem, Program, RiskProfile, SchoolDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_each_municipality_has_a_program(demo):
    assert sorted(Program.objects.values_list("municipality__code", flat=True)) == ["LAZO", "NOVG", "PART", "SLAV"]


def test_lazo_has_the_66_items_of_seed_004(demo):
    assert PlanItem.objects.filter(program__municipality__code="LAZO").count() == 66


def test_novgorod_has_sections_iii_and_v_of_seed_003(demo):
    assert PlanItem.objects.filter(program__municipality__code="NOVG").count() == 11 + 23


def test_plans_in_several_states(demo):
    statuses = set(PlanItem.objects.filter(program__municipality__code="LAZO").values_list("status", flat=True))
    assert statuses == {"planned", "in_progress", "done", "cancelled"}


def test_done_items_have_facts(demo):
    assert not PlanItem.objects.filter(status="done", fact_text="").exists()


def test_documents_in_various_states(demo):
    assert set(SchoolDocument.objects.values_list("status", flat=True)) >= {
        "draft",
        "submitted",
        "returned",
        "published",
    }


def test_risk_profiles_for_a_few_schools(demo):
    assert RiskProfile.objects.filter(status="verified").count() >= 2
