import io

import openpyxl

HEADER = [
    "Код ОО",
    "Наименование ОО",
    "Процедура",
    "Предмет",
    "Класс",
    "Год",
    "Участников",
    "«2»",
    "«3»",
    "«4»",
    "«5»",
    "«4» и «5»",
    "Подтвердили",
    "Понизили",
    "Повысили",
    "Ниже минимума",
    "Средний балл",
    "Высокие баллы",
]


def row(
    code="A-1",
    name="",
    procedure="ВПР",
    subject="Русский язык",
    grade=5,
    year=2024,
    n=20,
    m2=2,
    m3=8,
    m4=6,
    m5=4,
    m45="",
    confirmed=15,
    lowered=3,
    raised=2,
    below_min="",
    mean="",
    high="",
):
    return [
        code,
        name,
        procedure,
        subject,
        grade,
        year,
        n,
        m2,
        m3,
        m4,
        m5,
        m45,
        confirmed,
        lowered,
        raised,
        below_min,
        mean,
        high,
    ]


def xlsx(rows, header=HEADER, sheet="Результаты") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows, header=HEADER, delimiter=";", encoding="utf-8-sig") -> bytes:
    lines = [delimiter.join(str(v) for v in header)] + [
        delimiter.join("" if v is None else str(v) for v in r) for r in rows
    ]
    return ("\n".join(lines) + "\n").encode(encoding)
