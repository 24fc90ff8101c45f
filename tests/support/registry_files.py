"""The school registry's table (contract 1.1) as a file: its header, two good rows (a school and its branch)."""

import io

import openpyxl

HEADER = [
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
]
GOOD = [
    [
        "Хабаровский край",
        "LAZO",
        "Район имени Лазо",
        "F-1",
        "Филиал в с. Марусино",
        "Филиал Марусино",
        "филиал",
        "с. Марусино",
        "S-1",
        "",
    ],
    [
        "Хабаровский край",
        "LAZO",
        "Район имени Лазо",
        "S-1",
        "МБОУ СОШ с. Кругликово",
        "СОШ Кругликово",
        "СОШ",
        "с. Кругликово",
        "",
        "Кругликовская школа; СОШ с.Кругликово",
    ],
]


def xlsx(rows, header=HEADER) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
