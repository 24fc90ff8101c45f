"""The downloadable results template: the contract's columns, an example row and reference sheets."""

import io

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from core.exports import escape_cell
from schools.access import sees_whole_municipalities
from schools.models import School

from .models import GRADES, Procedure, Subject
from .services import COLUMNS, TITLES


def results_template(*, user) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Результаты"
    ws.append([TITLES[c.key] for c in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
    for col, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = max(12, len(TITLES[column.key]) + 4)
    # Names are what users typed: escaped like every export, or openpyxl would write «=…» as a live formula.
    schools = [
        [escape_cell(v) for v in row]
        for row in School.objects.visible_to(user)
        .order_by("code")
        .values_list("code", "name", "short_name", "municipality__code")[:5000]
    ]
    if schools:
        code, name, short, municipality = schools[0]
        key = {"procedure": "ВПР", "subject": "Русский язык", "grade": 5, "year": "2024-2025"}
        examples = [
            # counts
            {"school_code": code, "school_name": short or name, **key, "participants": 25, "marks_2": 3,
             "marks_3": 10, "marks_4": 8, "marks_5": 4, "confirmed": 18, "lowered": 5, "raised": 2},
            # shares with participants: the counts are derived
            {"school_code": code, "school_name": short or name, **key, "grade": 6, "participants": 24,
             "share_2": "12,5", "quality": "41,7", "objectivity": 75},
            # shares without participants: n unknown
            {"school_code": code, "school_name": short or name, **key, "grade": 7, "share_2": 20, "success": 80},
        ]  # fmt: skip
        territory = {"level": "муниципалитет", "municipality_code": municipality, **key, "participants": 327}
        if sees_whole_municipalities(user):  # the whole municipality, as the district's table gives it
            examples.append({**territory, "share_2": "5,2", "lowered_share": "20,18"})
        for example in examples:
            ws.append([example.get(c.key) for c in COLUMNS])
    procedures = DataValidation(type="list", formula1='"ВПР,ОГЭ,ЕГЭ,ГВЭ"', allow_blank=False)
    ws.add_data_validation(procedures)
    letter = openpyxl.utils.get_column_letter(1 + [c.key for c in COLUMNS].index("procedure"))
    procedures.add(f"{letter}2:{letter}5000")

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
        "Вместо количеств (или рядом с ними) можно дать доли в процентах, от 0 до 100: «Доля «2», %», "
        "«Успеваемость, %», «Качество, %», «Доля «5», %» (доля высоких), «Подтвердили, %», «Понизили, %», "
        "«Повысили, %», «Ниже минимума, %».",
        "Если дано число участников, количества вычисляются из долей (с округлением до целых учащихся) и "
        "помечаются как вычисленные; без участников доли хранятся как даны, а число участников неизвестно (n = ?).",
        "Доля «2» + успеваемость = 100 % (± 0,1); доля и количество об одном и том же должны совпадать с точностью "
        "до округления. Невозможные при данном числе участников доли загружаются с замечанием.",
        "Строка по всему муниципалитету или региону: «Уровень» = «муниципалитет» (с «Код муниципалитета») или "
        "«регион» (с «Регион»), без кода ОО. Она хранится отдельно от строк школ и показывается рядом с суммой по ОО.",
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
