"""Shares instead of counts (contract 1.2): reading them, checking them, deriving counts from them, and the
data-quality warnings a source's own arithmetic earns (kept per row; the row imports).

Pure functions over one row's values; `assessments.services` calls them for every row that has a share column.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.numbers import format_quantity

from .models import Procedure


@dataclass(frozen=True)
class ShareColumn:
    key: str  # the column's alias (and, for the stored ones, the Result field)
    count: str | None  # the count field it gives with participants (None: read for checks only)
    stored: bool = True


SHARES = (
    ShareColumn("share_2", "marks_2"),
    ShareColumn("success", None),  # gives the fail count as 100 − success, see `fail_field`
    ShareColumn("quality", "marks_4_5"),
    ShareColumn("share_high", None),  # «5» (VPR/OGE/GVE) or high scores (EGE), see `high_field`
    ShareColumn("objectivity", "confirmed"),
    ShareColumn("lowered_share", "lowered"),
    ShareColumn("raised_share", "raised", stored=False),
    ShareColumn("confirmed_raised_share", None, stored=False),  # «подтвердили и повысили (улучшили)»
    ShareColumn("below_min_share", "below_min"),
    ShareColumn("participation_share", None, stored=False),  # «% участия» of those liable to write the work
)
SHARE_KEYS = tuple(s.key for s in SHARES)
TOLERANCE = Decimal("0.1")  # share_2 + success = 100 ± 0.1; confirmed + lowered + raised likewise

SHARE_RANGE = "Доля должна быть от 0 до 100 %, а не {value}."
SHARES_SUM = "Доля «2» ({share_2} %) и успеваемость ({success} %) в сумме дают {total} %, а не 100 %."
SHARE_COUNT_MISMATCH = "Доля {share} % не согласуется с количеством {count} из {n} участников ({actual} %)."
COUNT_WITHOUT_N = "Количество без числа участников не проверить: укажите участников."

WARN_IMPOSSIBLE = "«{title}» = {share} % невозможно при {n} участниках (ни одно целое число учащихся не даёт эту долю)."
WARN_OBJECTIVITY_SUM = (
    "Подтвердили, понизили и повысили в сумме дают {total} %, а не 100 %: не учтено {gap} % участников."
)
WARN_PARTICIPATION = "% участия {given} не равен {participants} из {eligible} = {actual} %."


def decimals_of(text: str) -> int:
    """Decimal places as written («79,81» → 2; «90» → 0)."""
    text = text.strip().replace(",", ".")
    return len(text.split(".", 1)[1]) if "." in text else 0


def count_of(share: Decimal, n: int) -> int:
    """Whole pupils: share % of n, rounded half up."""
    return int((share * n / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def achievable(share: Decimal, n: int, decimals: int) -> bool:
    """Some whole k of n pupils gives `share` rounded half up to `decimals` places."""
    if n <= 0:
        return True
    unit = Decimal(1).scaleb(-decimals)
    k = count_of(share, n)
    return any(
        0 <= c <= n and (Decimal(c) * 100 / n).quantize(unit, rounding=ROUND_HALF_UP) == share
        for c in (k - 1, k, k + 1)
    )


def agrees(share: Decimal, count: int, n: int, decimals: int) -> bool:
    """A share and a count for the same thing agree to the rounding: the count is the share's whole pupils, or the
    count's share rounds to the share as written."""
    if n <= 0:
        return True
    unit = Decimal(1).scaleb(-decimals)
    actual = (Decimal(count) * 100 / n).quantize(unit, rounding=ROUND_HALF_UP)
    return count == count_of(share, n) or abs(actual - share) <= unit


def fail_field(procedure: str | None) -> str:
    return "marks_2" if procedure == Procedure.VPR else "below_min"


def high_field(procedure: str | None) -> str:
    return "high_scores" if procedure == Procedure.EGE else "marks_5"


def pct(value: Decimal) -> str:
    """«79,81», «100», «5,2»: the share as people write it."""
    return format_quantity(value)


def shares_apply(values: dict, shares: dict, decimals: dict, procedure: str | None, err, titles: dict) -> list[str]:
    """Check a row's shares (errors through `err(column, message)`), derive its counts where n is known (values is
    updated in place, `derived_from_shares` set) and return its data-quality warnings.

    `shares`: alias → Decimal (only those the row gives); `values`: the row's counts as read (None unknown)."""
    warnings: list[str] = []
    for key, share in shares.items():
        if not 0 <= share <= 100:
            err(key, SHARE_RANGE.format(value=pct(share)))
            return warnings
    s2, success = shares.get("share_2"), shares.get("success")
    if s2 is not None and success is not None and abs(s2 + success - 100) > TOLERANCE:
        err("success", SHARES_SUM.format(share_2=pct(s2), success=pct(success), total=pct(s2 + success)))
    n = values.get("participants")
    targets: dict[str, tuple[str, Decimal]] = {}  # count field → (share alias, share)
    for column in SHARES:
        if column.key not in shares:
            continue
        field = column.count
        share = shares[column.key]
        if column.key == "success":
            field, share = fail_field(procedure) if s2 is None else None, 100 - share
            if field is None:
                continue
        elif column.key == "share_high":
            field = high_field(procedure)
        elif column.key == "share_2" and procedure != Procedure.VPR and "below_min_share" not in shares:
            field = "marks_2"
        if field is not None:
            targets.setdefault(field, (column.key, share))
    if n is None:
        return warnings
    derived = False
    for field, (key, share) in targets.items():
        given = values.get(field)
        d = decimals.get(key, 2)
        if given is None:
            values[field] = count_of(share, n)
            derived = True
        elif not agrees(share, given, n, d):
            actual = (Decimal(given) * 100 / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if n else 0
            err(key, SHARE_COUNT_MISMATCH.format(share=pct(share), count=given, n=n, actual=pct(Decimal(actual))))
    for key, share in shares.items():
        if key != "participation_share" and not achievable(share, n, decimals.get(key, 2)):
            warnings.append(WARN_IMPOSSIBLE.format(title=titles[key], share=pct(share), n=n))
    confirmed, lowered, raised = (shares.get(k) for k in ("objectivity", "lowered_share", "raised_share"))
    confirmed_raised = shares.get("confirmed_raised_share")
    keys: tuple[str, ...] = ()
    if confirmed is not None and lowered is not None and raised is not None:
        keys = ("objectivity", "lowered_share", "raised_share")
    elif confirmed_raised is not None and lowered is not None:
        keys = ("confirmed_raised_share", "lowered_share")
    # Each part is rounded as written: their sum may miss 100 by half a unit of each, no more.
    slack = sum((Decimal(5).scaleb(-decimals.get(k, 2) - 1) for k in keys), Decimal(0))
    parts = sum((shares[k] for k in keys), Decimal(0))
    if keys and abs(parts - 100) > slack:
        warnings.append(WARN_OBJECTIVITY_SUM.format(total=pct(parts), gap=pct(100 - parts)))
    values["derived_from_shares"] = derived
    return warnings


def participation_warning(eligible: int | None, n: int | None, given: Decimal | None, decimals: int) -> str | None:
    """«% участия» as printed against participants / those liable to write, rounded as printed."""
    if eligible is None or n is None or given is None or eligible == 0:
        return None
    unit = Decimal(1).scaleb(-decimals)
    actual = (Decimal(n) * 100 / eligible).quantize(unit, rounding=ROUND_HALF_UP)
    if actual == given:
        return None
    return WARN_PARTICIPATION.format(given=pct(given), participants=n, eligible=eligible, actual=pct(actual))
