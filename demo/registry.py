"""The demo registry: each seed's municipality with its schools, loaded through the registry import itself."""

from core.tables import Table
from schools.services import registry_import

from .common import REGISTRY_HEADERS, registry_rows, table


def registry_table(modules) -> Table:
    rows = []
    for m in modules:
        code, name, schools = m.registry()
        rows.extend(registry_rows(code, name, schools, getattr(m, "context", None)))
    return table(REGISTRY_HEADERS, rows)


def seed_registry(modules) -> None:
    outcome = registry_import(table=registry_table(modules))
    if outcome.status != "imported":
        raise RuntimeError(f"demo registry rejected: {outcome.errors[:3]}")
