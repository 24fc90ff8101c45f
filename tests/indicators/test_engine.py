"""The engine: each preset on the hand-made data set (expected numerators and denominators written here), rounding,
boundary statuses, manual values, settings."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.indicators import services as svc
from programs.indicators.engine.recompute import indicator_values_recompute
from programs.indicators.engine.registry import MEASURES
from programs.indicators.engine.rules import indicator_status, indicator_value
from programs.indicators.models import Indicator, IndicatorValue
from programs.services import ServiceError
from schools.models import SchoolStatus

pytestmark = pytest.mark.django_db


def _attach(world, users, code, **kw):
    return svc.indicator_attach_preset(user=users["methodologist"], program=world["program_a"], code=code, **kw)


def _value(ind, year=2024, school=None):
    return IndicatorValue.objects.get(indicator=ind, year=year, school=school)


def _fraction(code, params=None, year=2024, municipality=None):
    m = MEASURES[code]
    return m.compute(year=year, municipality_ids=None, params=m.params_with_defaults(params))


# --- pure functions ------------------------------------------------------------------------------------------------


def test_value_is_exact_share_and_change():
    assert indicator_value(1, 3, "percent") == Decimal(100) / 3
    assert indicator_value(None, 3, "percent") is None and indicator_value(0, 0, "percent") is None
    assert indicator_value(18, 50, "pp", previous=(13, 50)) == Decimal(10)
    assert round(indicator_value(18, 50, "percent", previous=(13, 50), mode="relative"), 4) == Decimal("38.4615")
    assert indicator_value(7, None, "count") == 7


@pytest.mark.parametrize("value, shown", [("79.95", "80.0"), ("79.94", "79.9"), ("20.05", "20.1"), ("-0.05", "-0.1")])
def test_rounding_half_up_to_one_decimal(value, shown):
    from core.numbers import round1

    assert str(round1(Decimal(value))) == shown


@pytest.mark.parametrize(
    "value, target, comparator, status",
    [
        ("80", 80, "ge", "met"),
        ("79.95", 80, "ge", "met"),
        ("79.94", 80, "ge", "not_met"),
        ("20", 20, "le", "met"),
        ("20.04", 20, "le", "met"),
        ("20.05", 20, "le", "not_met"),
        ("100", 100, "eq", "met"),
        ("99.96", 100, "eq", "met"),
        ("99.94", 100, "eq", "not_met"),
        (None, 80, "ge", "no_data"),
        ("50", None, "ge", "no_data"),
    ],
)
def test_status_at_the_boundary(value, target, comparator, status):
    assert indicator_status(None if value is None else Decimal(value), target, comparator) == status


# --- each preset on the hand-made data -------------------------------------------------------------------------------


def test_shnor_share_official_first(ind_world, users):
    a, b = ind_world["program_a"].municipality_id, ind_world["program_b"].municipality_id
    f = _fraction("shnor_share")
    # A: official list {A-1} wins over the computed {A-3, A-5}; five schools and branches.
    assert (f[a].numerator, f[a].denominator) == (1, 5)
    # B: no official list, the computed one counts.
    assert (f[b].numerator, f[b].denominator) == (1, 1)
    computed = _fraction("shnor_share", {"list": "computed"})
    assert (computed[a].numerator, computed[a].denominator) == (2, 5)


def test_shnor_share_value_drill_down_and_target(ind_world, users):
    ind = _attach(ind_world, users, "shnor_share", targets={"2024": 20}, baseline_year=2023, baseline_value="34,5")
    indicator_values_recompute(year=2024)
    v = _value(ind)
    assert (v.numerator, v.denominator, v.value, v.status) == (1, 5, 20, "met")
    assert v.numerator_schools == {"A-1": 1}
    assert set(v.denominator_schools) == {"A-1", "A-2", "A-3", "A-4", "A-5"}
    assert v.definition["measure"] == "shnor_share" and v.definition["targets"] == {"2024": 20}
    assert v.computed_at is not None
    assert not IndicatorValue.objects.filter(indicator=ind, school__isnull=False).exists()  # not per school


def test_below_min_share_per_subject_and_per_pupil(ind_world):
    a = ind_world["program_a"].municipality_id
    f = _fraction("below_min_share")
    # VPR rus 4+6+1(A-2), math 2, OGE rus 1, EGE profile maths 2; VPR history excluded.
    assert (f[a].numerator, f[a].denominator) == (16, 78)
    assert round(indicator_value(16, 78, "percent"), 1) == Decimal("20.5")
    pupil = _fraction("below_min_share", {"per": "pupil"})
    # per school, procedure and grade: max failures / max participants of one subject.
    assert (pupil[a].numerator, pupil[a].denominator) == (12, 58)


def test_vpr_coped_share_all_grades_and_one_grade(ind_world):
    a = ind_world["program_a"].municipality_id
    f = _fraction("vpr_coped_share")
    assert (f[a].numerator, f[a].denominator) == (52, 70)
    g5 = _fraction("vpr_coped_share", {"grade": 5})
    assert (g5[a].numerator, g5[a].denominator) == (30, 40)


def test_quality_change_pp_and_relative(ind_world, users):
    ind = _attach(ind_world, users, "quality_change", targets={"2024": 1})
    indicator_values_recompute(year=2024)
    v = _value(ind)
    # Target schools; VPR Russian and maths: good 14+4 of 40+10 in 2024, 9+4 of 40+10 in 2023.
    assert (v.numerator, v.denominator) == (18, 50)
    assert v.details["previous"]["numerator"] == 13 and v.details["previous"]["denominator"] == 50
    assert (v.value, v.status) == (10, "met")
    per_school = {r.school.code: r.value for r in IndicatorValue.objects.filter(indicator=ind, school__isnull=False)}
    assert per_school == {"A-1": Decimal("12.5"), "A-4": Decimal("0")}
    f = _fraction("quality_change", {"mode": "relative"})
    a = ind_world["program_a"].municipality_id
    assert round(
        indicator_value(f[a].numerator, f[a].denominator, "percent", previous=f[a].previous, mode="relative"), 1
    ) == Decimal("38.5")


def test_positive_dynamics_share(ind_world):
    a = ind_world["program_a"].municipality_id
    f = _fraction("positive_dynamics_share")
    # 14/40 = 35 % → 11/50 = 22 % (fell); A-4: 1/10 = 10 % → 4/18 = 22,2 % (grew).
    assert (f[a].numerator, f[a].denominator) == (1, 2)
    assert f[a].details["share_2"] == {"A-1": [35.0, 22.0], "A-4": [10.0, 22.2]}


def test_method_work_share(ind_world):
    a = ind_world["program_a"].municipality_id
    f = _fraction("method_work_share")
    # A-1 visited by its curator in 2024; A-4 hosted the 2024 RMO (its attendance of 2023 does not count).
    assert (f[a].numerator, f[a].denominator) == (2, 2)
    every = _fraction("method_work_share", {"schools": "all"})
    # of all five: A-3 hosted only in 2023; nothing.
    assert (every[a].numerator, every[a].denominator) == (2, 5)


def test_partnership_share(ind_world):
    a = ind_world["program_a"].municipality_id
    f = _fraction("partnership_share")
    assert (f[a].numerator, f[a].denominator) == (1, 2)  # A-4 active in 2024; A-1's ended in 2023


def test_teachers_diagnosed_share(ind_world):
    a = ind_world["program_a"].municipality_id
    f = _fraction("teachers_diagnosed_share")
    # active teachers of A-1 (Т1, Т2, Т7) and A-4 (Т4, Т5, Т6); diagnosed in 2024: Т1, Т4 (Т3 left).
    assert (f[a].numerator, f[a].denominator) == (2, 6)


def test_teachers_pd_share(ind_world):
    a = ind_world["program_a"].municipality_id
    f = _fraction("teachers_pd_share")
    # ШНОР 2024 = A-1: Т1 (ended 2024), Т7 (no end, began 2024) of Т1, Т2, Т7; Т2's course ended in 2025.
    assert (f[a].numerator, f[a].denominator) == (2, 3)
    hours = _fraction("teachers_pd_share", {"min_hours": 32})
    assert (hours[a].numerator, hours[a].denominator) == (1, 3)


def test_generic_measures(ind_world):
    a = ind_world["program_a"].municipality_id
    assert _fraction("events_count")[a].numerator == 2
    assert _fraction("events_count", {"host": "target"})[a].numerator == 1  # the RMO at A-4
    shnsu = _fraction("status_share", {"kind": "shnsu"})[a]
    assert (shnsu.numerator, shnsu.denominator) == (1, 5)
    objectivity = _fraction("result_share", {"figure": "quality", "procedures": ["VPR"], "subjects": ["math"]})[a]
    assert (objectivity.numerator, objectivity.denominator) == (6 + 4, 30)
    count = _fraction("teachers_pd_count", {"min_hours": 32})[a]
    assert (count.numerator, count.denominator) == (1, None)


def test_no_data_and_other_municipality_not_mixed(ind_world, users):
    ind = _attach(ind_world, users, "below_min_share", targets={"2024": 5, "2023": 5})
    svc.indicator_attach_preset(
        user=users["admin"], program=ind_world["program_b"], code="below_min_share", targets={"2024": 5}
    )
    indicator_values_recompute(year=2023)
    v = _value(ind, 2023)
    # 2023: A-1 rus 8/20, maths 6/20, A-4 maths 1/10.
    assert (v.numerator, v.denominator, v.status) == (15, 50, "not_met")
    indicator_values_recompute(year=2022)
    empty = _value(ind, 2022)
    assert (empty.value, empty.numerator, empty.denominator, empty.status) == (None, None, None, "no_data")
    b_value = IndicatorValue.objects.get(indicator__program=ind_world["program_b"], year=2023, school=None)
    assert b_value.denominator is None


def test_recompute_all_years_and_replaces_atomically(ind_world, users):
    ind = _attach(ind_world, users, "vpr_coped_share", targets={"2024": 75})
    outcome = indicator_values_recompute()
    assert {2023, 2024} <= set(outcome["years"])
    first = _value(ind)
    assert (first.numerator, first.denominator, first.status) == (52, 70, "not_met")  # 74,3 % < 75
    indicator_values_recompute()
    assert IndicatorValue.objects.filter(indicator=ind, year=2024, school=None).count() == 1
    per_school = {
        r.school.code: (r.numerator, r.denominator)
        for r in IndicatorValue.objects.filter(indicator=ind, year=2024, school__isnull=False)
    }
    assert per_school == {"A-1": (30, 40), "A-2": (9, 10), "A-4": (13, 20)}


def test_recompute_query_count_does_not_grow_with_schools(ind_world, users):
    for code in ("shnor_share", "below_min_share", "method_work_share", "teachers_pd_share"):
        _attach(ind_world, users, code, targets={"2024": 50})
    with CaptureQueriesContext(connection) as small:
        indicator_values_recompute(year=2024)
    from tests.factories import SchoolFactory

    for i in range(12):
        s = SchoolFactory(code=f"A-X{i}", municipality=ind_world["program_a"].municipality)
        from schools.models import SchoolStatus

        SchoolStatus.objects.create(school=s, year=2024, kind="shnsu", source="manual")
    with CaptureQueriesContext(connection) as large:
        indicator_values_recompute(year=2024)
    assert len(large) == len(small)


# --- settings, definitions, manual values ---------------------------------------------------------------------------


def test_defined_anew_with_generic_measure(ind_world, users):
    ind = svc.indicator_save(
        user=users["methodologist"],
        program=ind_world["program_a"],
        code="nonobjective",
        name="Доля ОО в перечне",
        unit="percent",
        direction="lower",
        comparator="eq",
        method="computed",
        measure="status_share",
        params={"kind": "nonobjective"},
        targets={"2024": "0"},
    )
    # The region's list of 2024 is loaded (B-1 is on it): A has none of its five schools on it — a real 0.
    SchoolStatus.objects.create(school=ind_world["schools"]["B-1"], year=2024, kind="nonobjective", source="official")
    indicator_values_recompute(year=2024)
    v = _value(ind)
    assert (v.numerator, v.denominator, v.value, v.status) == (0, 5, 0, "met")


def test_generic_list_share_without_the_years_list_is_no_data(ind_world, users):
    ind = svc.indicator_save(
        user=users["methodologist"],
        program=ind_world["program_a"],
        code="nonobjective",
        name="Доля ОО в перечне",
        unit="percent",
        direction="lower",
        comparator="eq",
        method="computed",
        measure="status_share",
        params={"kind": "nonobjective"},
        targets={"2024": "0"},
    )
    indicator_values_recompute(year=2024)
    v = _value(ind)
    assert (v.value, v.status, v.details["no_data"]) == (
        None,
        "no_data",
        "за 2024 год нет списка «Признаки необъективности»",
    )


def test_bad_definitions_are_refused(ind_world, users):
    p = ind_world["program_a"]
    with pytest.raises(ServiceError, match="нет в библиотеке"):
        svc.indicator_attach_preset(user=users["methodologist"], program=p, code="nope")
    with pytest.raises(ServiceError, match="не предусмотрено"):
        svc.indicator_attach_preset(user=users["methodologist"], program=p, code="shnor_share", params={"list": "x"})
    with pytest.raises(ServiceError, match="Цель на 2024"):
        svc.indicator_attach_preset(user=users["methodologist"], program=p, code="shnor_share", targets={"2024": "abc"})
    with pytest.raises(ServiceError, match="Недостаточно прав"):
        svc.indicator_attach_preset(user=users["school_admin"], program=p, code="shnor_share")
    _attach(ind_world, users, "shnor_share")
    with pytest.raises(ServiceError, match="уже есть"):
        _attach(ind_world, users, "shnor_share")


def test_manual_value_with_evidence_and_author(ind_world, users):
    ind = svc.indicator_save(
        user=users["methodologist"],
        program=ind_world["program_a"],
        code="satisfaction",
        name="Удовлетворённость населения качеством общего образования",
        unit="percent",
        direction="higher",
        comparator="ge",
        method="manual",
        targets={"2024": 85},
    )
    with pytest.raises(ServiceError, match="подтверждение"):
        svc.indicator_manual_value_set(indicator=ind, year=2024, value="86", evidence="", user=users["methodologist"])
    v = svc.indicator_manual_value_set(
        indicator=ind,
        year=2024,
        value="84,95",
        evidence="Опрос, протокол № 3",
        evidence_url="https://example.org/opros",
        user=users["methodologist"],
    )
    assert (v.value, v.status, v.author, v.evidence) == (
        Decimal("84.95"),
        "met",
        users["methodologist"],
        "Опрос, протокол № 3",
    )
    v = svc.indicator_manual_value_set(
        indicator=ind, year=2024, value="", numerator=40, denominator=50, evidence="Анкеты", user=users["head"]
    )
    assert (v.value, v.numerator, v.denominator, v.status, v.author) == (80, 40, 50, "not_met", users["head"])
    assert v.history.count() == 2
    indicator_values_recompute(year=2024)  # a recompute never touches manual values
    assert _value(ind).evidence == "Анкеты"
    computed = _attach(ind_world, users, "shnor_share")
    with pytest.raises(ServiceError, match="рассчитывает портал"):
        svc.indicator_manual_value_set(indicator=computed, year=2024, value="1", evidence="x", user=users["head"])


def test_targets_change_rejudges_manual_values(ind_world, users):
    ind = svc.indicator_save(
        user=users["methodologist"],
        program=ind_world["program_a"],
        code="m1",
        name="Ручной",
        unit="percent",
        direction="higher",
        comparator="ge",
        method="manual",
        targets={"2024": 85},
    )
    svc.indicator_manual_value_set(indicator=ind, year=2024, value="80", evidence="акт", user=users["head"])
    svc.indicator_save(
        user=users["methodologist"],
        program=ind.program,
        indicator=ind,
        code="m1",
        name="Ручной",
        unit="percent",
        direction="higher",
        comparator="ge",
        method="manual",
        targets={"2024": 80},
    )
    assert _value(ind).status == "met"


def test_indicator_keeps_history(ind_world, users):
    ind = _attach(ind_world, users, "shnor_share", targets={"2024": 20})
    assert ind.history.count() == 1 and Indicator.objects.get(pk=ind.pk).targets == {"2024": 20}


# --- coverage of the measures over results ---------------------------------------------------------------------------


def test_below_min_share_says_how_many_schools_stand_behind_it(ind_world):
    """A-1, A-2 and A-4 have Russian or maths results in 2024: 3 of A's five schools and branches."""
    a = ind_world["program_a"].municipality_id
    assert _fraction("below_min_share")[a].details["coverage"] == {"schools": 3, "of": 5}


def test_per_pupil_count_has_the_same_coverage(ind_world):
    a = ind_world["program_a"].municipality_id
    assert _fraction("below_min_share", {"per": "pupil"})[a].details["coverage"] == {"schools": 3, "of": 5}


def test_year_without_results_covers_no_school(ind_world):
    a = ind_world["program_a"].municipality_id
    assert _fraction("vpr_coped_share", year=2022)[a].details["coverage"] == {"schools": 0, "of": 5}


def test_change_over_target_schools_is_covered_against_them(ind_world):
    """Target schools of 2024 are A-1 and A-4; both have VPR Russian or maths in 2023 and 2024."""
    a = ind_world["program_a"].municipality_id
    assert _fraction("quality_change")[a].details["coverage"] == {"schools": 2, "of": 2}


def test_positive_dynamics_is_covered_against_target_schools(ind_world):
    a = ind_world["program_a"].municipality_id
    assert _fraction("positive_dynamics_share")[a].details["coverage"] == {"schools": 2, "of": 2}


def test_recomputed_value_keeps_its_coverage(ind_world, users):
    ind = _attach(ind_world, users, "below_min_share", targets={"2024": 5})
    indicator_values_recompute(year=2024)
    value = _value(ind)
    assert (value.coverage.schools, value.coverage.of, value.coverage.incomplete) == (3, 5, True)


def test_status_measure_has_no_results_coverage(ind_world, users):
    ind = _attach(ind_world, users, "shnor_share", targets={"2024": 20})
    indicator_values_recompute(year=2024)
    assert _value(ind).coverage is None
