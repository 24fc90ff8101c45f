import numpy as np
import pandas as pd
import pytest

from programs.effect.analysis import ADJUSTED, EQUIVALENT, NOT_EQUIVALENT, effect_estimate, equivalence_of, hedges_g
from tests.effect.synthetic import FIRST_YEAR, naive_gain, region

SEEDS = (0, 1, 2)
EFFECT = -5.0  # five points fewer «2» in the participants' programme years
BOOT = 499


def estimate(values, treated, pool, **kwargs):
    kwargs.setdefault("bootstrap", BOOT)
    kwargs.setdefault("seed", 7)
    return effect_estimate(values, treated=treated, first_year=FIRST_YEAR, pool=pool, **kwargs)


@pytest.fixture(scope="module", params=SEEDS)
def planted(request):
    values, treated, pool = region(seed=request.param, effect=EFFECT)
    return estimate(values, treated, pool)


@pytest.fixture(scope="module", params=SEEDS)
def null(request):
    values, treated, pool = region(seed=request.param)
    return values, treated, estimate(values, treated, pool)


def test_a_planted_effect_lies_within_the_interval(planted):
    low, high = planted.ci
    assert low <= EFFECT <= high


def test_a_planted_effect_is_told_from_zero(planted):
    assert planted.ci[1] < 0


def test_no_effect_the_interval_covers_zero(null):
    _, _, result = null
    assert result.ci[0] <= 0 <= result.ci[1]


def test_no_effect_the_naive_before_after_shows_a_spurious_gain(null):
    values, treated, result = null
    # Regression to the mean and the region's trend: participants lose «2» with no programme at all.
    assert naive_gain(values, treated) < -3 and result.treated.after - result.treated.before < -3


def test_the_placebo_on_the_years_before_the_programme_is_about_zero(null):
    _, _, result = null
    assert abs(result.placebo.estimate) < 1.5 and result.placebo.ci[0] <= 0 <= result.placebo.ci[1]


def test_the_placebo_reads_the_earlier_baseline_years_against_the_last_two(null):
    _, _, result = null
    assert result.placebo.years == ([2018, 2019], [2020, 2021])


def test_matched_groups_are_comparable_at_baseline(null):
    _, _, result = null
    assert result.equivalence in (EQUIVALENT, ADJUSTED) and result.estimate is not None


def test_the_years_split_at_the_first_year(null):
    _, _, result = null
    assert (result.baseline_years, result.followup_years) == ([2018, 2019, 2020, 2021], [2022, 2023, 2024])


def test_the_same_seed_gives_the_same_figures():
    values, treated, pool = region(seed=3)
    assert (
        estimate(values, treated, pool, bootstrap=50).as_dict()
        == estimate(values, treated, pool, bootstrap=50).as_dict()
    )


def test_few_participants_are_warned_about():
    values, treated, pool = region(seed=4)
    result = estimate(values, set(sorted(treated)[:6]), pool, bootstrap=50)
    assert any(w.startswith("сравнение ненадёжно") and "меньше 10" in w for w in result.warnings)


def test_few_comparison_schools_are_warned_about():
    values, treated, pool = region(seed=4)
    result = estimate(values, treated, set(sorted(pool)[:15]), bootstrap=50, caliper=10)
    assert any("школ для сравнения" in w and "меньше 20" in w for w in result.warnings)


def test_groups_more_than_a_quarter_sd_apart_withhold_the_estimate():
    values, _, _ = region(seed=5)
    baseline = values[values["year"] < FIRST_YEAR].groupby("school_id")["value"].mean().sort_values()
    worst, best = set(baseline.index[-60:]), set(baseline.index[:300])
    result = estimate(values, worst, best, bootstrap=50, caliper=10)
    assert (result.equivalence, result.estimate, result.ci) == (NOT_EQUIVALENT, None, None)
    assert any("больше 0,25" in w for w in result.warnings)


def test_participants_without_a_comparable_school_leave_the_estimate():
    values, _, _ = region(seed=5)
    baseline = values[values["year"] < FIRST_YEAR].groupby("school_id")["value"].mean().sort_values()
    result = estimate(values, set(baseline.index[-30:]), set(baseline.index[:300]), bootstrap=50)
    assert result.unmatched > 0 and any("без сопоставимых школ" in w for w in result.warnings)


def test_no_baseline_years_no_estimate():
    values, treated, pool = region(seed=1)
    result = effect_estimate(values, treated=treated, first_year=2018, pool=pool, bootstrap=10)
    assert result.estimate is None and any("нет результатов за годы до программы" in w for w in result.warnings)


def test_no_followup_years_no_estimate():
    values, treated, pool = region(seed=1)
    result = effect_estimate(values, treated=treated, first_year=2030, pool=pool, bootstrap=10)
    assert result.estimate is None and any("нет результатов за годы программы" in w for w in result.warnings)


def test_two_baseline_years_cannot_carry_a_placebo():
    values, treated, pool = region(seed=1)
    result = estimate(values[values["year"] >= 2020], treated, pool, bootstrap=20)
    assert result.placebo.estimate is None and any("плацебо-проверка невозможна" in w for w in result.warnings)


def test_context_joins_the_match():
    values, treated, pool = region(seed=2)
    ids = sorted(treated | pool)
    context = pd.DataFrame(
        {
            "school_id": ids,
            "urban_rural": ["город" if i % 2 else "село" for i in ids],
            "low_income_share": [i % 40 for i in ids],
            "sen_share": [i % 7 for i in ids],
        }
    )
    result = estimate(values, treated, pool, context=context, bootstrap=20)
    assert result.comparison.matched_on[-2:] == ["context_index", "urban_rural"]


def test_hedges_g_of_a_hand_example():
    # Means 2 and 1, both SDs 1: g = 1 × (1 − 3 / (4·6 − 9)) = 0.8.
    assert hedges_g(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 2.0])) == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("g", "verdict"),
    [(0.05, EQUIVALENT), (-0.05, EQUIVALENT), (0.051, ADJUSTED), (0.25, ADJUSTED), (-0.251, NOT_EQUIVALENT)],
)
def test_the_wwc_thresholds(g, verdict):
    assert equivalence_of(g) == verdict


def test_the_result_is_contract_3_2(null):
    _, _, result = null
    body = result.as_dict()
    assert {
        "measure",
        "procedure",
        "subject",
        "grade",
        "baseline_years",
        "followup_years",
        "treated",
        "comparison",
        "estimate",
        "ci",
        "ci_level",
        "method",
        "placebo",
        "warnings",
    } <= set(body)
    assert (set(body["treated"]), set(body["comparison"]), set(body["placebo"]), body["ci_level"]) == (
        {"n", "before", "after"},
        {"n", "before", "after", "matched_on"},
        {"estimate", "ci"},
        0.95,
    )
    assert body["estimate"] == round(body["estimate"], 1)


def test_the_bootstraps_reweighting_is_a_fresh_match_of_the_drawn_schools():
    from programs.effect.analysis import CANDIDATES, _candidates, _matched

    rng = np.random.default_rng(11)
    xt, xp = rng.normal(size=(30, 3)), rng.normal(size=(200, 3))
    near, within = _candidates(xt, xp, 0.6, CANDIDATES)
    ct = np.bincount(rng.integers(0, 30, 30), minlength=30)
    cp = np.bincount(rng.integers(0, 200, 200), minlength=200)
    weights, matched = _matched(near, within, ct, cp, 5)
    # Brute force: lay the drawn schools out one copy per draw and take each drawn participant's 5 nearest.
    drawn = np.repeat(np.arange(200), cp)
    expected, expected_matched = np.zeros(200), np.zeros(30, dtype=bool)
    for i in np.flatnonzero(ct):
        d = np.sqrt(((xp[drawn] - xt[i]) ** 2).mean(axis=1))
        picks = drawn[np.argsort(d, kind="stable")[:5]]
        picks = picks[np.sqrt(((xp[picks] - xt[i]) ** 2).mean(axis=1)) <= 0.6]
        if len(picks):
            np.add.at(expected, picks, ct[i] / len(picks))
            expected_matched[i] = True
    assert np.allclose(weights, expected) and (matched == expected_matched).all()
