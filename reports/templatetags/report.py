"""Numbers in reports: a count prints as a whole number («3», never «3,0»), any other figure with one decimal."""

from decimal import Decimal

from django import template

from core.numbers import format_number

register = template.Library()


def figure_text(value) -> str:
    """3.0 → «3», 2.25 → «2,3», None → «—» (core.numbers' Russian format)."""
    if value is None or value == "":
        return "—"
    exact = Decimal(str(value))
    if exact == exact.to_integral_value():
        return format_number(int(exact))
    return format_number(exact, 1)


@register.filter
def ru_figure(value):
    return figure_text(value)


@register.filter
def ru_cell(value):
    """A table cell of plain values: numbers in the Russian format (counts whole), None as «—», text as it is."""
    if isinstance(value, bool) or (not isinstance(value, (int, float, Decimal)) and value is not None):
        return value
    return figure_text(value)
