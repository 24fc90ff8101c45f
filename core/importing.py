"""What every spreadsheet import shares: header mapping, row errors in Russian, the error report."""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .tables import Table, header_key

ERROR_COLUMN = "Ошибка"
MISSING_COLUMN = "Нет обязательного столбца «{name}»."
REQUIRED_VALUE = "Не заполнено обязательное поле."
DUPLICATE_HEADER = "Столбец «{name}» встречается в заголовке дважды."


@dataclass(frozen=True)
class Column:
    key: str  # the contract's English alias
    title: str  # the contract's Russian header
    required: bool = False
    synonyms: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        return {header_key(self.key), header_key(self.title), *(header_key(s) for s in self.synonyms)}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportOutcome:
    status: str  # imported | dry_run | rejected
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


def header_map(
    table: Table, columns: Iterable[Column], *, mapping: dict[str, str] | None = None
) -> tuple[dict[str, int], list[RowError]]:
    """Column key → index in the table. `mapping` (header as written → column key) is a user's saved mapping."""
    columns = list(columns)
    by_key = {k: c for c in columns for k in c.keys()}
    user_map = {header_key(h): key for h, key in (mapping or {}).items()}
    found: dict[str, int] = {}
    errors: list[RowError] = []
    for index, header in enumerate(table.headers):
        hk = header_key(header)
        column = next((c for c in columns if c.key == user_map.get(hk)), None) or by_key.get(hk)
        if column is None:
            continue
        if column.key in found:
            errors.append(RowError(table.header_row_number, header, DUPLICATE_HEADER.format(name=header)))
            continue
        found[column.key] = index
    for column in columns:
        if column.required and column.key not in found:
            errors.append(RowError(table.header_row_number, column.title, MISSING_COLUMN.format(name=column.title)))
    return found, errors


# A number as people type it: «12», «-3», «12,5», «12.5», «1 234», «1 234,5» (no-break or thin spaces between
# thousands). No leading zeros («007» is a code, not seven) and at most 15 significant digits (what Excel keeps).
_NUMBER = re.compile(r"-?(0|[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+|[1-9]\d*)(?:[.,]\d+)?")


def report_value(text: str) -> int | float | str:
    """An uploaded cell as the error report writes it: a number when the text reads as one (Russian or plain
    format), so that Excel sums and sorts it; any other text as it was (escaped against formulas when written)."""
    value = text.strip()
    if not _NUMBER.fullmatch(value) or sum(c.isdigit() for c in value) > 15:
        return text
    plain = re.sub(r"[ \u00a0\u202f]", "", value).replace(",", ".")
    try:
        number = Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        return text
    return int(number) if "." not in plain else float(number)


# Words that say «how many» and nothing about which column: «Кол-во 2», «Количество участников», «Число "5"».
_COUNT_WORDS = frozenset({"кол", "во", "колво", "количество", "число", "всего", "чел", "человек"})
GUESS_THRESHOLD = 0.6
"""The least score (0–1) at which an unknown header's best column is offered as a guess."""


def _tokens(text: str) -> frozenset[str]:
    words = (header_key(w) for w in re.split(r"[\s\-–—_/.,:;()«»\"']+", text))
    return frozenset(w for w in words if w and w not in _COUNT_WORDS)


def _token_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap where two words match when one is an inflection of the other («участников» ~ «участники»)."""
    if not a or not b:
        return 0.0

    def near(x: str, y: str) -> bool:
        return x == y or (min(len(x), len(y)) >= 4 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.75)

    matched = sum(1 for x in a if any(near(x, y) for y in b))
    return matched / (len(a) + len(b) - matched)


def _names(column: Column) -> list[str]:
    return [column.key.replace("_", " "), column.title, *column.synonyms]


def header_score(header: str, column: Column) -> float:
    """How much a header looks like a column (0–1): token overlap and difflib's ratio of the normalised texts,
    against the column's title and every synonym; the best of them."""
    words, key = _tokens(header), "".join(sorted(_tokens(header)))
    best = 0.0
    for name in _names(column):
        name_words = _tokens(name)
        ratio = difflib.SequenceMatcher(None, key, "".join(sorted(name_words))).ratio()
        best = max(best, 0.6 * _token_overlap(words, name_words) + 0.4 * ratio)
    return best


def header_guess(headers: list[str], columns: Iterable[Column]) -> list[tuple[str, bool] | None]:
    """For each header: the column it is (key, False) when one of the column's names matches exactly, the column it
    most looks like (key, True: a guess for the user to confirm) when that scores at least GUESS_THRESHOLD, else
    None. Each column is given to one header at most, the best-scoring first."""
    columns = list(columns)
    by_key = {k: c for c in columns for k in c.keys()}
    result: list[tuple[str, bool] | None] = [None] * len(headers)
    taken: set[str] = set()
    for i, header in enumerate(headers):
        exact = by_key.get(header_key(header))
        if exact is not None and exact.key not in taken:
            result[i] = (exact.key, False)
            taken.add(exact.key)
    candidates = sorted(
        (
            (header_score(header, column), i, column.key)
            for i, header in enumerate(headers)
            if result[i] is None and header_key(header)
            for column in columns
            if column.key not in taken
        ),
        key=lambda t: (-t[0], t[1]),
    )
    for score, i, key in candidates:
        if score < GUESS_THRESHOLD:
            break
        if result[i] is None and key not in taken:
            result[i] = (key, True)
            taken.add(key)
    return result


def error_report_xlsx(table: Table, errors: list[RowError]) -> bytes:
    """The uploaded rows as they were, with a column «Ошибка» that says what is wrong in each."""
    # Here, not at the top: core.exports pulls in DRF's renderers and tablib, which an import that succeeds (and
    # every command that imports this module at start) does not need.
    from .exports import dataset_build, dataset_bytes

    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(f"{e.column}: {e.message}" if e.column else e.message)
    header_problems = by_row.pop(table.header_row_number, [])
    rows: list[list[int | float | str]] = [
        [*(report_value(v) for v in values), "; ".join(by_row.get(number, []))]
        for number, values in zip(table.row_numbers, table.rows)
    ]
    if header_problems:
        rows.insert(0, [*("" for _ in table.headers), "Заголовок: " + "; ".join(header_problems)])
    data = dataset_build(headers=[*table.headers, ERROR_COLUMN], rows=rows, title="Ошибки")
    return dataset_bytes(data, "xlsx")
