"""The programme report's tables as an Excel workbook (openpyxl), from the same context as the PDF and Word: the
passport, indicators against targets, the plan activity by activity, participants, the lists by year, and the tables
of optional sections. Each sheet has a frozen header, a filter row, widths of at most 60 and cells escaped against
formula injection (core.exports.escape_cell); numbers stay numbers."""

import io
from decimal import Decimal
from typing import Any

from core.exports import escape_cell
from core.numbers import round1

MAX_WIDTH = 60


def _number(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _figure(value):
    """A figure as the report prints it: whole numbers whole, the rest to one decimal (core.numbers.round1)."""
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return float(round1(value))


def report_tables(context: dict) -> list[dict[str, Any]]:
    """[{"title", "headers", "rows"}]: the report's tables as plain values, one sheet each."""
    programs = context.get("programs", [])
    passport: dict[str, Any] = {
        "title": "Паспорт",
        "headers": ["Программа", "Раздел паспорта", "Содержание"],
        "rows": [[p["program"].title, label, value] for p in programs for label, value in p["passport"]]
        + [[p["program"].title, "Ожидаемый результат", r] for p in programs for r in p["expected_results"]]
        + [
            [p["program"].title, "Риск", f"{r['risk']} — меры: {r['mitigation']}" if r["mitigation"] else r["risk"]]
            for p in programs
            for r in p["risks"]
        ],
    }
    indicators: dict[str, Any] = {
        "title": "Показатели",
        "headers": [
            "Программа",
            "Показатель",
            "Год",
            "Значение",
            "Единица",
            "Числитель",
            "Знаменатель",
            "ОО с данными",
            "ОО всего",
            "Цель",
            "Итог",
        ],
        "rows": [],
    }
    year = context["year"]
    for row in context.get("indicators", []):
        ind, value = row["indicator"], row["value"]
        for d in row["data"]:
            current = value if d["year"] == year else None
            coverage = d["coverage"]
            indicators["rows"].append(
                [
                    ind.program.title,
                    ind.name,
                    d["year"],
                    _figure(d["value"]),
                    ind.get_unit_display(),
                    _number(current.numerator) if current is not None else None,
                    _number(current.denominator) if current is not None else None,
                    coverage.schools if coverage else None,
                    coverage.of if coverage else None,
                    _figure(d["target"]),
                    current.get_status_display() if current is not None else "",
                ]
            )
    plan: dict[str, Any] = {
        "title": "План мероприятий",
        "headers": [
            "Программа",
            "Раздел",
            "Подраздел",
            "№",
            "Мероприятие",
            "Ответственные",
            "Срок (как в программе)",
            "Дата",
            "Статус",
            "Факт",
            "Подтверждение",
        ],
        "rows": [
            [
                p["program"].title,
                block["title"],
                section["title"],
                e["item"].number,
                e["item"].title,
                e["item"].responsible,
                e["deadline"],
                e["due"],
                e["status"],
                e["fact"],
                "; ".join(e["evidence"]),
            ]
            for p in programs
            for block in p["plan"]
            for section in block["sections"]
            for e in section["items"]
        ],
    }
    participants: dict[str, Any] = {
        "title": "Участники",
        "headers": ["Программа", "Год", "Трек", "ОО"],
        "rows": [
            [p["program"].title, y["year"], t["title"], school.display_name]
            for p in programs
            for y in p["participants"]
            for t in y["tracks"]
            for school in t["schools"]
        ],
    }
    lists: dict[str, Any] = {
        "title": "Списки ОО",
        "headers": ["Список", "ОО", "Год", "Уровень (источник)"],
        "rows": [
            [h["kind"], r["school"].display_name, y, cell]
            for h in context.get("list_history", [])
            for r in h["rows"]
            for y, cell in zip(h["years"], r["cells"])
            if cell
        ],
    }
    tables = [passport, indicators, plan, participants, lists]
    for section in context.get("extra_sections", []):
        tables += section.tables or []
    return tables


def xlsx_render(*, context: dict) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in report_tables(context):
        title = table["title"][:31]
        while title in used:
            title = title[:28] + f" {len(used)}"
        used.add(title)
        sheet = workbook.create_sheet(title)
        sheet.append([escape_cell(h) for h in table["headers"]])
        for row in table["rows"]:
            sheet.append([escape_cell(_number(v)) if v not in (None, "") else None for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table['headers']))}{max(sheet.max_row, 1)}"
        for index, header in enumerate(table["headers"], start=1):
            longest = max(
                [len(str(header))]
                + [len(str(r[index - 1])) for r in table["rows"] if index - 1 < len(r) and r[index - 1] is not None]
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, longest + 2)
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
                    cell.alignment = wrap
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()
