"""seed_demo gives each demo programme its seed's indicators with the documents' targets, computed."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from programs.indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_demo_indicators():
    """One seed_demo (it takes a while) for every check."""
    _seed()
    _lazo_shnor_share_baseline_from_official_list()
    _each_program_has_its_seed_indicators()
    _values_computed_with_numerators()
    _years_without_a_list_are_no_data()
    _lazo_recorded_fact_of_2022()


def _lazo_shnor_share_baseline_from_official_list():
    ind = Indicator.objects.get(program__code="lazo-effective-school", code="shnor_share")
    assert (ind.comparator, ind.targets, ind.baseline_year, ind.baseline_value) == (
        "le",
        {"2023": 20, "2024": 20},
        2022,
        Decimal("34.50"),
    )
    v = IndicatorValue.objects.get(indicator=ind, year=2022, school=None)
    assert (v.numerator, v.denominator, round(v.value, 1)) == (10, 29, Decimal("34.5"))


def _each_program_has_its_seed_indicators():
    def codes(program):
        return set(Indicator.objects.filter(program__code=program).values_list("code", flat=True))

    lazo = codes("lazo-effective-school")
    assert {
        "vpr_coped_share",
        "shnor_share",
        "nonobjective_share",
        "teachers_pd_share",
        "quality_change",
        "excellent_growth",
        "quality_measures_share",
    } <= lazo
    assert {"below_min_share", "teachers_pd_share", "shnor_share"} <= codes("novg-quality-2021")
    # Seed 002's four on Partizansk's own programme (they sat on Slavyansk's), seed 001's twenty on Slavyansk's.
    assert codes("partizansk-quality-2022") == {
        "positive_dynamics_share",
        "teachers_diagnosed_share",
        "method_work_share",
        "partnership_share",
    }
    assert Indicator.objects.filter(program__code="slav-quality-2023").count() == 20
    assert Indicator.objects.filter(program__code="slav-quality-2023", method="computed").count() == 4


def _values_computed_with_numerators():
    v = IndicatorValue.objects.get(
        indicator__program__code="lazo-effective-school", indicator__code="vpr_coped_share", year=2024, school=None
    )
    assert v.denominator > 0 and v.numerator is not None and v.status in ("met", "not_met")
    manual = IndicatorValue.objects.get(indicator__code="satisfaction", year=2025, school=None)
    assert manual.evidence and manual.author is not None


def _years_without_a_list_are_no_data():
    """Novgorod 2019 (none listed, the document says, but no list was published) and 2021 (the programme's first
    year): no official list and no results of the year before to compute one from — the share of ШНОР is unknown
    (it read «0,0 %», and «достигнуто» against a target)."""
    for program, year in (("novg-quality-2021", 2019), ("novg-quality-2021", 2021)):
        v = IndicatorValue.objects.get(
            indicator__program__code=program, indicator__code="shnor_share", year=year, school=None
        )
        assert (program, v.value, v.status) == (program, None, "no_data")
        assert "нет списка ШНОР" in v.details["no_data"]


def _lazo_recorded_fact_of_2022():
    v = IndicatorValue.objects.get(
        indicator__program__code="lazo-effective-school",
        indicator__code="quality_measures_share",
        year=2022,
        school=None,
    )
    assert (v.value, v.source, v.fact.evidence[:16]) == (65, "recorded", "Паспорт муниципа")
