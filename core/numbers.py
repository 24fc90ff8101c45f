"""Shares and their Russian display: exact in storage, one decimal rounded half up on screen, in PDFs and the API."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

ONE_DECIMAL = Decimal("0.1")
MINUS = "\u2212"  # the minus sign, not a hyphen: «−0,8 п. п.»


def share(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """The exact percentage numerator/denominator × 100, or None when it is unknown or has no base."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


@overload
def round1(value: Decimal | float | int) -> Decimal: ...
@overload
def round1(value: None) -> None: ...
@overload
def round1(value: Decimal | float | int | None) -> Decimal | None: ...
def round1(value: Decimal | float | int | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def api_percent(value: Decimal | float | int | None) -> float | None:
    """Percentages in the API: a number rounded to one decimal, or null."""
    rounded = round1(value)
    return None if rounded is None else float(rounded)


def format_number(value, decimals: int | None = None) -> str:
    """Russian number format: a comma for decimals, a non-breaking space between thousands, «−» for minus."""
    if value is None or value == "":
        return "—"
    if decimals is not None:
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    return text.replace(",", "\u00a0").replace(".", ",").replace("-", MINUS)


def format_quantity(value) -> str:
    """A stored amount as people write it: 4.00 → «4», 2.50 → «2,5» (plan targets and facts)."""
    if value is None or value == "":
        return "—"
    exact = Decimal(str(value))
    exact = exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact.normalize()
    return format_number(exact)


def format_percent(value: Decimal | float | int | None) -> str:
    """«33,3 %» (one decimal, half up); «—» when unknown."""
    rounded = round1(value)
    if rounded is None:
        return "—"
    return f"{format_number(rounded)}\u00a0%"


def printed_share_counts(printed: Decimal | str, n: int, *, truncated: bool = False) -> list[int]:
    """The whole counts k out of n whose share, rounded half up (or truncated) to the printed precision, is the
    printed figure. Empty: the document's percentage cannot come from n people — its own arithmetic is wrong."""
    printed = Decimal(str(printed))
    places = printed.as_tuple().exponent
    assert isinstance(places, int), "a printed figure is a finite number"
    exponent = Decimal(1).scaleb(places)
    rounding = "ROUND_DOWN" if truncated else ROUND_HALF_UP
    return [k for k in range(n + 1) if (Decimal(k) * 100 / n).quantize(exponent, rounding=rounding) == printed]


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian form of a noun after the whole number n: 1 школа, 2 школы, 5 школ, 11 школ, 21 школа, 104 школы."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count_noun(n: int, one: str, few: str, many: str) -> str:
    """«81 школа», «3 муниципалитета», «1 визит»: the number in the Russian format and the noun in its form."""
    return f"{format_number(int(n))}\u00a0{plural(n, one, few, many)}"


def duration_text(delta: datetime.timedelta) -> str:
    """What follows «на» or «через»: «час», «2 часа», «30 минут», «сутки», «3 суток» — whole days or hours when the
    span is a whole number of them, else minutes (rounded up); «1» is left out («на час», «через минуту»)."""
    seconds = max(int(delta.total_seconds()), 60)
    if seconds % 86400 == 0:
        n, forms = seconds // 86400, ("сутки", "суток", "суток")
    elif seconds % 3600 == 0:
        n, forms = seconds // 3600, ("час", "часа", "часов")
    else:
        n, forms = -(-seconds // 60), ("минуту", "минуты", "минут")
    return forms[0] if n == 1 else count_noun(n, *forms)
