"""What every seed's loader shares: tables built in memory or read from the repository, and the importers users run.

Each seed (`demo/seed001.py` … `seed004.py`) feeds the portal through the same services a user's upload goes
through — the registry import, the results import, the official-list import, the plan import — so the demo holds
only what a department could have loaded itself. A rejected table stops the demo with the importer's own errors.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from core.tables import Table, table_read
from core.uploads import upload_limits

from . import SEEDS_DIR

REGION = "Демонстрационный регион"
TABLES_DIR = SEEDS_DIR.parent / "tables"  # tables derived from the documents' text, as a department would type them

REGISTRY_HEADERS = [
    "Регион",
    "Код муниципалитета",
    "Муниципалитет",
    "Код ОО",
    "Наименование ОО",
    "Краткое наименование",
    "Тип ОО",
    "Населённый пункт",
    "Код головной ОО",
    "Синонимы",
    "Год",
    "Город/село",
    "Обучающихся",
    "Доля детей из малоимущих семей, %",
]
OFFICIAL_HEADERS = ["Год", "Код ОО", "Уровень", "Список"]


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, kind: str = "csv") -> Table:
    """A table as a user's file would read: strings, '' for empty."""
    body = [["" if v is None else str(v) for v in r] for r in rows]
    return Table(
        headers=list(headers),
        rows=body,
        row_numbers=list(range(2, len(body) + 2)),
        header_row_number=1,
        sheet_name="Результаты" if kind == "xlsx" else None,
        kind=kind,
    )


def file_table(name: str) -> Table:
    """A table from the repository (`demo/seeds/` as published, else `demo/tables/`), read as an upload is."""
    path = SEEDS_DIR / name
    if not path.exists():
        path = TABLES_DIR / name
    return table_read(path.read_bytes(), filename=path.name, limits=upload_limits())


def csv_rows(name: str) -> list[dict[str, str]]:
    """A seed table's rows by header (for the figures a loader derives from it)."""
    path = SEEDS_DIR / name
    if not path.exists():
        path = TABLES_DIR / name
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def urban_rural(settlement: str) -> str:
    return "город" if settlement.startswith(("г.", "р.п.")) else "село"


def registry_rows(m_code: str, m_name: str, schools: Sequence[tuple], context=None) -> list[list[object]]:
    """Registry rows (contract 1.1) of a municipality: (code, short name, type, settlement, parent code, aliases),
    with the context columns `context(code)` gives (year, enrolment, low-income share; blank where not known)."""
    rows: list[list[object]] = []
    for code, short, school_type, settlement, parent, aliases in schools:
        full = f"{short} ({m_name})" if not short.startswith("Филиал") else short
        year, enrolment, low_income = context(code) if context else ("", "", "")
        rows.append(
            [
                REGION,
                m_code,
                m_name,
                code,
                full,
                short,
                school_type,
                settlement,
                parent,
                aliases,
                year,
                urban_rural(settlement),
                enrolment,
                low_income,
            ]
        )
    return rows


def official_lists_import(rows: Iterable[Sequence[object]], *, user=None) -> None:
    """Official lists (contract 1.3: year, school code, level, kind) through the official-list import."""
    from assessments.risk.services import official_list_import

    outcome = official_list_import(table=table(OFFICIAL_HEADERS, rows), user=user)
    if outcome.status != "imported":
        raise RuntimeError(f"demo official list rejected: {[e.as_dict() for e in outcome.errors[:5]]}")


def plan_table_import(program, plan: Table, user) -> None:
    from programs.services.plan_import import plan_import

    outcome = plan_import(table=plan, program=program, user=user)
    if outcome.status != "imported":
        raise RuntimeError(f"demo plan {program.code} rejected: {[e.as_dict() for e in outcome.errors[:5]]}")


def each(years: Iterable[int], value) -> dict[str, object]:
    return {str(y): value for y in years}


def results_table_import(results: Table, *, user=None):
    """A results table (contract 1.2: school rows, shares, whole-territory rows) through the results import."""
    from assessments.services import results_import

    outcome = results_import(table=results, user=user)
    if outcome.status != "imported":
        raise RuntimeError(f"demo results rejected: {[e.as_dict() for e in outcome.errors[:5]]}")
    return outcome
