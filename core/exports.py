"""CSV and Excel exports of every list: Russian headers, and cells escaped against formula injection."""

import datetime
import decimal
import io
import json
import re

import tablib
from rest_framework import renderers

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = ("csv", "xlsx")


# Control characters a worksheet cannot hold (openpyxl refuses the whole file): dropped, they show as nothing anyway.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str):
        value = CONTROL_CHARACTERS.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        value = _readable(value)
    return escape_cell(value) if isinstance(value, str) else value


def _readable(value) -> str:
    if isinstance(value, list):
        return "; ".join(_readable(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{v}" for v in value.values() if v not in (None, ""))
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def dataset_build(*, headers: list[str], rows: list[list], title: str = "Данные") -> tablib.Dataset:
    # Headers too: an error report repeats the uploaded file's own headers.
    data = tablib.Dataset(headers=[_cell(h) for h in headers], title=title[:31])
    for row in rows:
        data.append([_cell(v) for v in row])
    return data


def dataset_bytes(data: tablib.Dataset, fmt: str) -> bytes:
    if fmt == "csv":
        # BOM and semicolons: what Excel on a Russian Windows opens without a wizard.
        return ("\ufeff" + data.export("csv", delimiter=";")).encode("utf-8")
    return _xlsx(data)


# Excel's own limit is 255 characters; past 60 a column pushes the rest off a laptop's screen (text wraps instead).
COLUMN_WIDTH_MAX = 60
COLUMN_WIDTH_MIN = 8
_XLSX_NATIVE = (str, int, float, decimal.Decimal, datetime.date, datetime.datetime, datetime.time, bool)


def _xlsx(data: tablib.Dataset) -> bytes:
    """Every Excel export of the portal is written here: a bold header row that stays in view (frozen) and carries
    a filter, column widths fitted to the content but capped at COLUMN_WIDTH_MAX, long text wrapped."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = data.title or "Данные"
    headers = list(data.headers or [])
    rows = [[v if v is None or isinstance(v, _XLSX_NATIVE) else str(v) for v in row] for row in data]
    if headers:
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    widths = [len(str(h)) for h in headers]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
        for i, value in enumerate(row):
            length = max((len(line) for line in str(value).splitlines()), default=0) if value is not None else 0
            if i >= len(widths):
                widths.append(0)
            widths[i] = max(widths[i], length)
            if length > COLUMN_WIDTH_MAX or (isinstance(value, str) and "\n" in value):
                sheet.cell(row=sheet.max_row, column=i + 1).alignment = wrap
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, COLUMN_WIDTH_MIN), COLUMN_WIDTH_MAX)
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(widths), 1))}{sheet.max_row}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def columns_for(view, sample: dict | None) -> list[tuple[str, str]]:
    """(key, Russian header) pairs: the view's own list, else the serializer's field labels."""
    if getattr(view, "export_columns", None):
        return list(view.export_columns)
    if not hasattr(view, "get_serializer"):
        # A view with no serializer (the API root, action-only views) asked for ?format=csv: its own keys.
        return [(key, str(key)) for key in (sample if isinstance(sample, dict) else {})]
    serializer = view.get_serializer()
    child = getattr(serializer, "child", serializer)
    return [(name, str(field.label or name)) for name, field in child.fields.items()]


class _TableRenderer(renderers.BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        response = renderer_context.get("response")
        if (response is not None and response.status_code >= 400) or view is None:
            message = data.get("detail", "") if isinstance(data, dict) else ""
            return dataset_bytes(dataset_build(headers=["Ошибка"], rows=[[str(message)]]), self.format)
        items = data if isinstance(data, list) else data.get("results", [data]) if isinstance(data, dict) else []
        columns = columns_for(view, items[0] if items else None)
        rows = [[item.get(key) for key, _ in columns] for item in items]
        title = str(getattr(view, "export_title", "") or "Данные")
        return dataset_bytes(dataset_build(headers=[h for _, h in columns], rows=rows, title=title), self.format)


class CSVRenderer(_TableRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(_TableRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


def xlsx_response_bytes(*, headers: list[str], rows: list[list], title: str) -> bytes:
    """For pages that export a table they built themselves."""
    return dataset_bytes(dataset_build(headers=headers, rows=rows, title=title), "xlsx")


def read_back(content: bytes, fmt: str) -> list[list]:
    """Parse an export (tests and checks): rows including the header."""
    if fmt == "csv":
        import csv

        return [row for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")]
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in wb.active.iter_rows(values_only=True)]
