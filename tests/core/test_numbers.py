from decimal import Decimal

import pytest
from django.template import Context, Template

from core import numbers


@pytest.mark.parametrize(
    "num, den, shown",
    [
        (1, 3, "33,3\u00a0%"),
        (1, 8, "12,5\u00a0%"),
        (1, 16, "6,3\u00a0%"),
        (0, 5, "0,0\u00a0%"),
        (5, 5, "100,0\u00a0%"),
        (8, 29, "27,6\u00a0%"),
        (10, 29, "34,5\u00a0%"),
    ],
)
def test_percent_shown_with_one_decimal_half_up_and_comma(num, den, shown):
    assert numbers.format_percent(numbers.share(num, den)) == shown


def test_half_up_not_bankers():
    assert numbers.round1(Decimal("0.25")) == Decimal("0.3")


@pytest.mark.parametrize("num, den", [(None, 5), (1, None), (1, 0)])
def test_unknown_share_is_none(num, den):
    assert numbers.share(num, den) is None


def test_unknown_percent_is_dash():
    assert numbers.format_percent(None) == "—"


def test_thousands_use_non_breaking_space():
    assert numbers.format_number(1234567) == "1\u00a0234\u00a0567"


def test_api_percent_is_number_rounded():
    assert numbers.api_percent(numbers.share(2, 3)) == 66.7


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("4.00"), "4"),
        (Decimal("2.50"), "2,5"),
        (Decimal("1250.00"), "1\u00a0250"),
        (Decimal("0.05"), "0,05"),
        (None, "—"),
        (3, "3"),
    ],
)
def test_format_quantity_drops_trailing_zeros(value, text):
    from core.numbers import format_quantity

    assert format_quantity(value) == text


@pytest.mark.parametrize(
    "n, shown",
    [
        (0, "0\u00a0школ"),
        (1, "1\u00a0школа"),
        (2, "2\u00a0школы"),
        (4, "4\u00a0школы"),
        (5, "5\u00a0школ"),
        (11, "11\u00a0школ"),
        (12, "12\u00a0школ"),
        (14, "14\u00a0школ"),
        (21, "21\u00a0школа"),
        (22, "22\u00a0школы"),
        (81, "81\u00a0школа"),
        (104, "104\u00a0школы"),
        (111, "111\u00a0школ"),
        (1001, "1\u00a0001\u00a0школа"),
    ],
)
def test_count_noun_takes_the_russian_form(n, shown):
    assert numbers.count_noun(n, "школа", "школы", "школ") == shown


def test_plural_filter_in_templates():
    template = Template(
        '{% load ru %}{{ a|ru_plural:"визит,визита,визитов" }}; {{ b|ru_plural_word:"попытка,попытки,попыток" }}'
    )
    assert template.render(Context({"a": 1, "b": 3})) == "1\u00a0визит; попытки"


@pytest.mark.parametrize(
    "value, decimals, shown",
    [(-1, None, "\u22121"), (Decimal("-0.8"), 1, "\u22120,8"), (-12345, None, "\u221212\u00a0345")],
)
def test_negative_numbers_take_the_minus_sign_not_a_hyphen(value, decimals, shown):
    assert numbers.format_number(value, decimals) == shown
