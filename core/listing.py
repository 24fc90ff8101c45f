"""Every list page's table: sorting by a column (`?sort=name`, `?sort=-name` for descending), page numbers and a
page size (`?page_size=`, one of PAGE_SIZES), with the page's other parameters (its filters) kept in every link.

A view names the columns it lets people sort by and the field(s) each sorts on — nothing else is accepted, so a
crafted `?sort=` can neither reach a field the list does not show nor fail — and calls `table_page`. The page it
returns is Django's `Page` with `sort` (the current `?sort=` value) added; the templates' `{% sort_header %}` tag and
`_pager.html` partial draw the headers and the pager from it and from the request.

The rows may be a queryset (sorted in SQL, the primary key last so that pages never overlap) or a list already
computed (sorted in Python, empty values last either way).
"""

import functools
from collections.abc import Mapping
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest

PAGE_SIZES = (25, 50, 100, 200)
PAGE_SIZE_MAX = PAGE_SIZES[-1]
SORT_PARAM, PAGE_PARAM, SIZE_PARAM = "sort", "page", "page_size"

# A column's key → the field it sorts on, several fields, or (querysets only) an expression such as a Coalesce.
Sorts = Mapping[str, Any]


def shown_name(prefix: str = "") -> Coalesce:
    """A school sorts by the name it is shown with (its short name, else its full one): `shown_name("school__")`."""
    return Coalesce(NullIf(f"{prefix}short_name", Value("")), f"{prefix}name")


def page_size_parse(value: str | None, default: int) -> int:
    """`?page_size=`: a whole number, held to 1…PAGE_SIZE_MAX; anything else is the list's default."""
    try:
        size = int(value or "")
    except ValueError:
        return default
    return min(max(size, 1), PAGE_SIZE_MAX)


def sort_parse(value: str | None, sorts: Sorts) -> tuple[str, bool] | None:
    """`?sort=-name` → ("name", True) when the list offers «name»; None for no sort or one it does not offer."""
    value = (value or "").strip()
    key, descending = value.removeprefix("-"), value.startswith("-")
    return (key, descending) if key in sorts else None


def _fields(spec: Any) -> list[Any]:
    return list(spec) if isinstance(spec, (list, tuple)) else [spec]


def _ordering(field: Any, descending: bool) -> Any:
    expression = F(field) if isinstance(field, str) else field
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)


def rows_sort(rows: Any, sorts: Sorts, value: str | None) -> Any:
    parsed = sort_parse(value, sorts)
    if parsed is None:
        return rows
    key, descending = parsed
    fields = _fields(sorts[key])
    if isinstance(rows, QuerySet):
        return rows.order_by(*[_ordering(f, descending) for f in fields], "pk")
    rows = list(rows)
    for field in reversed(fields):  # stable sorts, the last field first
        present = [r for r in rows if _value(r, field) is not None]
        missing = [r for r in rows if _value(r, field) is None]
        rows = sorted(present, key=functools.partial(_sort_key, field=field), reverse=descending) + missing
    return rows


def _value(row: Any, path: str) -> Any:
    for part in path.split("__"):
        row = row.get(part) if isinstance(row, Mapping) else getattr(row, part, None)
        if row is None:
            return None
    return row


def _sort_key(row: Any, *, field: str) -> Any:
    value = _value(row, field)
    return value.casefold() if isinstance(value, str) else value


def table_page(request: HttpRequest, rows: Any, *, sorts: Sorts | None = None, per_page: int = 50) -> Page:
    """The rows of the page asked for, sorted as asked, `per_page` unless `?page_size=` says otherwise."""
    sorts = sorts or {}
    size = page_size_parse(request.GET.get(SIZE_PARAM), per_page)
    page = Paginator(rows_sort(rows, sorts, request.GET.get(SORT_PARAM)), size).get_page(request.GET.get(PAGE_PARAM))
    page.sort = request.GET.get(SORT_PARAM, "") if sort_parse(request.GET.get(SORT_PARAM), sorts) else ""  # type: ignore[attr-defined]
    page.page_size = size  # type: ignore[attr-defined]
    return page
