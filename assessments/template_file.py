"""The downloadable results template: the contract's columns, an example row and reference sheets."""

import io

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from core.exports import escape_cell
from schools.models import School

from .models import GRADES, Procedure, Subject
from .services import COLUMNS


def results_template(*, user) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Результаты"
    ws.append([c.title for c in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
    for col, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = max(12, len(column.title) + 4)
    # Names are what users typed: escaped like every export, or openpyxl would write «=…» as a live formula.
    schools = [
        [escape_cell(v) for v in row]
        for row in School.objects.visible_to(user).order_by("code").values_list("code", "name", "short_name")[:5000]
    ]
    if schools:
        code, name, short = schools[0]
        ws.append(
            [
                code,
                short or name,
                "ВПР",
                "Русский язык",
                5,
                "2024-2025",
                25,
                3,
                10,
                8,
                4,
                None,
                18,
                5,
                2,
                None,
                None,
                None,
            ]
        )
    procedures = DataValidation(type="list", formula1='"ВПР,ОГЭ,ЕГЭ,ГВЭ"', allow_blank=False)
    ws.add_data_validation(procedures)
    procedures.add("C2:C5000")

    ref = wb.create_sheet("Школы")
    ref.append(["Код ОО", "Наименование ОО", "Краткое наименование"])
    for row in schools:
        ref.append(row)
    subjects = wb.create_sheet("Предметы")
    subjects.append(["Предмет", "Код", "Другие написания"])
    for s in Subject.objects.all():
        subjects.append([escape_cell(s.name), s.code, escape_cell("; ".join(s.short_forms))])
    proc = wb.create_sheet("Процедуры")
    proc.append(["Процедура", "Латиницей", "Классы"])
    for p in Procedure:
        proc.append([p.label, p.value, ", ".join(str(g) for g in GRADES[p])])
    notes = wb.create_sheet("Как заполнять")
    for line in [
        "Одна строка — одна школа × процедура × предмет × класс × год.",
        "Пустая ячейка или «-» означает «неизвестно» (это не ноль).",
        "Год: 2021 или учебный год 2020-2021 (засчитывается год написания работы — 2021).",
        "Если даны все четыре отметки «2»–«5», их сумма должна равняться числу участников.",
        "Подтвердили + понизили + повысили = число участников, если даны все три.",
        "Для ЕГЭ по математике укажите уровень: «Математика базовая» или «Математика профильная».",
        "Файл загружается целиком или не загружается: при ошибке ничего не записывается.",
    ]:
        notes.append([line])
    for sheet in (ref, subjects, proc):
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        sheet.column_dimensions["A"].width = 22
        sheet.column_dimensions["B"].width = 60
    notes.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
