"""Reading the values people write in result tables: procedures, subjects, school years, counts."""

import re
from decimal import Decimal, InvalidOperation

from core.tables import header_key

from .models import Procedure

PROCEDURE_WORDS = {
    "впр": Procedure.VPR,
    "vpr": Procedure.VPR,
    "огэ": Procedure.OGE,
    "oge": Procedure.OGE,
    "гиа9": Procedure.OGE,
    "егэ": Procedure.EGE,
    "ege": Procedure.EGE,
    "гиа11": Procedure.EGE,
    "гвэ": Procedure.GVE,
    "gve": Procedure.GVE,
    "гвэ9": Procedure.GVE,
    "гвэ11": Procedure.GVE,
}
UNKNOWN_MARKERS = {"", "-", "—", "–", "н/д", "нд"}
_YEAR = re.compile(r"^\s*(\d{4})\s*(?:[-/–—]\s*(\d{4}))?\s*(?:г\.?|гг\.?|уч\.?\s*г\.?)?\s*$")


def procedure_read(value: str) -> str | None:
    return PROCEDURE_WORDS.get(header_key(value))


def year_read(value: str) -> int | None:
    """«2021», «2020-2021», «2020/2021» → 2021 (the year the work was written)."""
    text = value.strip()
    if text.endswith(".0"):
        text = text[:-2]
    match = _YEAR.match(text)
    if not match:
        return None
    first, second = int(match.group(1)), match.group(2)
    if second is None:
        return first
    second = int(second)
    return second if second == first + 1 else None


def is_unknown(value: str) -> bool:
    return value.strip().lower() in UNKNOWN_MARKERS


def count_read(value: str) -> tuple[int | None, bool]:
    """(count, ok): unknown → (None, True); a non-negative whole number → (n, True); anything else → (None, False)."""
    if is_unknown(value):
        return None, True
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit():
        return int(text), True
    return None, False


def decimal_read(value: str) -> tuple[Decimal | None, bool]:
    if is_unknown(value):
        return None, True
    try:
        number = Decimal(value.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None, False
    return (number, True) if number.is_finite() else (None, False)


def name_key(value: str) -> str:
    """School names are matched exactly after folding case, quotes, punctuation and spaces."""
    return header_key(value)


LEVEL_WORDS = {
    "оо": "school",
    "школа": "school",
    "school": "school",
    "муниципалитет": "municipality",
    "муниципальныйуровень": "municipality",
    "мо": "municipality",
    "район": "municipality",
    "муниципальныйрайон": "municipality",
    "городскойокруг": "municipality",
    "municipality": "municipality",
    "регион": "region",
    "региональныйуровень": "region",
    "субъектрф": "region",
    "край": "region",
    "область": "region",
    "region": "region",
}
UNKNOWN_LEVEL = "Неизвестный уровень «{value}». Допустимо: ОО (или пусто), муниципалитет, регион."


def level_read(value: str) -> str | None:
    """«Уровень» (contract 1.2): empty or «ОО» → "school", «муниципалитет» → "municipality", «регион» → "region"."""
    if is_unknown(value):
        return "school"
    return LEVEL_WORDS.get(header_key(value))
