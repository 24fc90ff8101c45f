import math

import pandas as pd
import pytest

from programs.effect.context import against_group, context_groups, context_index


def table(rows):
    columns = [
        "school_id",
        "urban_rural",
        "enrolment",
        "low_income_share",
        "sen_share",
        "non_native_share",
        "resource_index",
    ]
    return pd.DataFrame(rows, columns=columns)


# Six city schools from the easiest to the hardest context, three village schools, one school with no context.
HAND_MADE = table(
    [
        (1, "город", 1200, 5, 2, 0, 1.2),
        (2, "город", 1000, 8, 3, 1, 1.1),
        (3, "город", 800, 12, 5, 2, 1.0),
        (4, "город", 600, 18, 6, 4, 0.9),
        (5, "город", 400, 25, 9, 6, 0.8),
        (6, "город", 300, 35, 12, 10, 0.6),
        (7, "село", 150, 20, 5, 0, 0.9),
        (8, "село", 90, 30, 8, 3, 0.7),
        (9, "Село ", 40, 45, 15, 12, 0.5),
        (10, None, None, None, None, None, None),
    ]
)


def test_the_index_orders_the_hand_made_schools_from_easy_to_hard():
    index = context_index(HAND_MADE)
    assert list(index.iloc[:6].sort_values().index) == [0, 1, 2, 3, 4, 5]


def test_the_index_is_the_mean_of_signed_standardised_components():
    two = pd.DataFrame({"school_id": [1, 2], "low_income_share": [10, 30], "resource_index": [1.0, 0.5]})
    # Each component's z over two schools is ±1; low income counts +1, resources −1: school 2 is (1 + 1) / 2.
    assert list(context_index(two)) == [-1.0, 1.0]


def test_a_school_with_fewer_than_two_components_has_no_index():
    one = pd.DataFrame({"school_id": [1, 2, 3], "low_income_share": [10, 20, 30], "sen_share": [1, None, 3]})
    index = context_index(one)
    assert not math.isnan(index[0]) and math.isnan(index[1])


def test_city_schools_fall_into_three_groups_of_two():
    groups = context_groups(HAND_MADE).set_index("school_id")
    assert list(groups.loc[[1, 2, 3, 4, 5, 6], "group"]) == [1, 1, 2, 2, 3, 3]


def test_villages_are_grouped_among_villages():
    groups = context_groups(HAND_MADE).set_index("school_id")
    assert list(groups.loc[[7, 8, 9], "label"]) == [
        "село: благоприятные условия",
        "село: средние условия",
        "село: трудные условия",
    ]


def test_a_school_without_context_has_no_group():
    groups = context_groups(HAND_MADE).set_index("school_id")
    assert (groups.loc[10, "stratum"], pd.isna(groups.loc[10, "group"]), pd.isna(groups.loc[10, "label"])) == (
        "не указано",
        True,
        True,
    )


def test_other_numbers_of_groups_are_labelled_by_number():
    groups = context_groups(HAND_MADE, groups=2).set_index("school_id")
    assert list(groups.loc[[1, 6], "label"]) == ["город: группа 1 из 2", "город: группа 2 из 2"]


def test_each_year_is_grouped_on_its_own():
    later = HAND_MADE.copy()
    later.loc[:5, "school_id"] = [6, 5, 4, 3, 2, 1]  # in 2024 the city schools' contexts come in reverse
    groups = context_groups(pd.concat([HAND_MADE.assign(year=2023), later.assign(year=2024)]))
    groups = groups.set_index(["school_id", "year"])
    assert (groups.loc[(1, 2023), "group"], groups.loc[(1, 2024), "group"]) == (1, 3)


def test_equal_index_shares_a_group():
    same = table([(i, "город", 500, 10, 5, 0, 1.0) for i in range(1, 4)] + [(4, "город", 100, 40, 15, 9, 0.4)])
    groups = context_groups(same).set_index("school_id")
    assert groups.loc[1, "group"] == groups.loc[2, "group"] == groups.loc[3, "group"]


def test_a_school_against_its_context_group():
    values = pd.DataFrame({"school_id": [1, 2, 3, 4, 5, 6], "value": [10.0, 14.0, 20.0, 30.0, 25.0, 41.0]})
    compared = against_group(values, context_groups(HAND_MADE)).set_index("school_id")
    assert compared.loc[6, ["group_median", "group_n", "difference"]].tolist() == pytest.approx([33.0, 2, 8.0])
