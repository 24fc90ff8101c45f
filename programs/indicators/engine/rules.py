"""Pure rules of the indicators (domain §7), no database: the exact value from counts (`indicator_value`: a
share, a count, points, or a change against Y−1 in percentage points or relative), and the status of a value
against its target (`indicator_status`: the value rounded half up to one decimal, compared ge/le/eq; no value or
no target — no_data)."""

from decimal import Decimal

from core.numbers import round1, share


def indicator_value(
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    unit: str,
    *,
    previous: tuple[Decimal | int | None, Decimal | int | None] | None = None,
    mode: str = "pp",
) -> Decimal | None:
    """The exact value from counts. `previous` = (numerator, denominator) of Y−1 makes it a change."""
    if previous is not None:
        now, before = share(numerator, denominator), share(*previous)
        if now is None or before is None:
            return None
        if mode == "relative":
            return None if before == 0 else (now - before) * 100 / before
        return now - before
    if unit == "count":
        return None if numerator is None else Decimal(numerator)
    if unit == "points":
        return None if numerator is None or not denominator else Decimal(numerator) / Decimal(denominator)
    return share(numerator, denominator)


def indicator_status(value: Decimal | float | None, target: Decimal | float | str | None, comparator: str) -> str:
    """met / not_met / no_data: the value rounded half up to one decimal against the target (see module doc)."""
    shown = round1(value)
    if shown is None or target is None:
        return "no_data"
    goal = Decimal(str(target))
    ok = {"ge": shown >= goal, "le": shown <= goal, "eq": shown == goal}[comparator]
    return "met" if ok else "not_met"
