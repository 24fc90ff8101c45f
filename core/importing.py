"""What every spreadsheet import shares: header mapping, row errors in Russian, the error report."""

from collections.abc import Iterable
from dataclasses import dataclass, field

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


def error_report_xlsx(table: Table, errors: list[RowError]) -> bytes:
    """The uploaded rows as they were, with a column «Ошибка» that says what is wrong in each."""
    # Here, not at the top: core.exports pulls in DRF's renderers and tablib, which an import that succeeds (and
    # every command that imports this module at start) does not need.
    from .exports import dataset_build, dataset_bytes

    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(f"{e.column}: {e.message}" if e.column else e.message)
    header_problems = by_row.pop(table.header_row_number, [])
    rows = [[*values, "; ".join(by_row.get(number, []))] for number, values in zip(table.row_numbers, table.rows)]
    if header_problems:
        rows.insert(0, ["" for _ in table.headers] + ["Заголовок: " + "; ".join(header_problems)])
    data = dataset_build(headers=[*table.headers, ERROR_COLUMN], rows=rows, title="Ошибки")
    return dataset_bytes(data, "xlsx")
