"""The writer of indicator values: rows as tuples of `ROW_COLUMNS` (JSON already encoded), inserted by COPY on
PostgreSQL when there are at least `COPY_FROM` of them (a national recompute writes a hundred thousand rows), else
by a bulk insert; both write the same columns (a manual value's evidence, evidence_url and author stay empty)."""

import json

from django.db import connection

from ..models import IndicatorValue

# A value row before it is written: the columns of IndicatorValue that a recompute sets, JSON already encoded.
ROW_COLUMNS = (
    "indicator_id",
    "year",
    "school_id",
    "value",
    "numerator",
    "denominator",
    "target",
    "status",
    "numerator_schools",
    "denominator_schools",
    "details",
    "definition",
    "computed_at",
    "source",
    "fact_id",
)
_EMPTY = "{}"


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str) if value else _EMPTY


COPY_FROM = 5000  # rows: below this a bulk insert is as fast


def _values_write(rows: list[tuple]) -> None:
    """Insert the values: COPY on PostgreSQL (a national recompute writes a hundred thousand rows), else bulk."""
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        json_columns = {"numerator_schools", "denominator_schools", "details", "definition"}
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(**{c: json.loads(v) if c in json_columns else v for c, v in zip(ROW_COLUMNS, r)})
                for r in rows
            ],
            batch_size=2000,
        )
        return
    table = IndicatorValue._meta.db_table
    columns = ", ".join(ROW_COLUMNS) + ", evidence, evidence_url, author_id"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((*r, "", "", None))  # evidence, evidence_url, author: a manual value's
