"""core.tables: reading uploaded .xlsx/.csv safely. Every fixture file is made here."""

import datetime as dt
import io
import re
import tracemalloc
import zipfile

import openpyxl
import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import tables
from core.tables import Limits, Table, TableError, header_key, number_ru, size_ru, table_read

# ---------------------------------------------------------------------------------------------------------------------
# Fixture makers


def xlsx_bytes(rows, *, title="Лист1", more_sheets=None) -> bytes:
    """An .xlsx written by openpyxl. rows: lists of values (None = empty cell); more_sheets: {title: rows}."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for name, sheet_rows in (more_sheets or {}).items():
        extra = wb.create_sheet(name)
        for row in sheet_rows:
            extra.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bytes(members: dict, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
MACRO_CONTENT_TYPES = CONTENT_TYPES.replace(
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    b' Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Данные" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
    b' Target="worksheets/sheet1.xml"/></Relationships>'
)


def sheet_xml(sheet_data: bytes, *, prolog: bytes = b'<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return (
        prolog + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + sheet_data + b"</sheetData></worksheet>"
    )


SHEET = sheet_xml(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Код ОО</t></is></c></row>'.encode()
    + b'<row r="2"><c r="A2"><v>101</v></c></row>'
)


PART_NAMES = {
    "content_types": "[Content_Types].xml",
    "workbook": "xl/workbook.xml",
    "sheet": "xl/worksheets/sheet1.xml",
}


def workbook_parts(**replace) -> dict:
    """The parts of a minimal hand-made .xlsx; keyword arguments replace or add parts (None removes one)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": SHEET,
    }
    for name, content in replace.items():
        name = PART_NAMES.get(name, name)
        if content is None:
            parts.pop(name, None)
        else:
            parts[name] = content
    return parts


def refused(data, **kwargs) -> str:
    with pytest.raises(TableError) as info:
        table_read(data, filename=kwargs.pop("filename", "upload.xlsx"), **kwargs)
    return info.value.message


@pytest.fixture
def forbid_decompression(monkeypatch):
    """Call it once the fixture file is made: from then on, decompressing anything or calling calamine fails."""

    def forbidden(*args, **kwargs):
        raise AssertionError("nothing may be decompressed or parsed for this file")

    def arm():
        monkeypatch.setattr(zipfile.ZipFile, "open", forbidden)
        monkeypatch.setattr(zipfile.ZipFile, "read", forbidden)
        monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", forbidden)
        monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", forbidden)

    return arm


@pytest.fixture
def no_calamine(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("this file must be refused before calamine sees it")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", forbidden)


# ---------------------------------------------------------------------------------------------------------------------
# XLSX: reading


def test_xlsx_header_is_first_non_empty_row_and_row_numbers_are_the_sheets():
    data = xlsx_bytes([[], [None, None], ["Код ОО", "Наименование"], ["101", "Школа №1"], ["102", "Школа №2"]])
    table = table_read(data, filename="реестр.xlsx")
    assert isinstance(table, Table)
    assert table.kind == "xlsx"
    assert table.sheet_name == "Лист1"
    assert table.header_row_number == 3
    assert table.headers == ["Код ОО", "Наименование"]
    assert table.rows == [["101", "Школа №1"], ["102", "Школа №2"]]
    assert table.row_numbers == [4, 5]


def test_xlsx_empty_rows_are_dropped_and_numbers_kept():
    data = xlsx_bytes([["Код"], ["1"], [None], ["  "], ["2"], [None], [None]])
    table = table_read(data, filename="x.xlsx")
    assert table.rows == [["1"], ["2"]]
    assert table.row_numbers == [2, 5]


def test_xlsx_leading_empty_columns_are_skipped():
    wb = openpyxl.Workbook()
    wb.active["C3"] = "Код"
    wb.active["D3"] = "Балл"
    wb.active["C4"] = 7
    out = io.BytesIO()
    wb.save(out)
    table = table_read(out.getvalue(), filename="x.xlsx")
    assert (table.headers, table.rows, table.row_numbers) == (["Код", "Балл"], [["7", ""]], [4])
    assert table.header_row_number == 3


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (-3.25, "-3.25"),
        (0.1 + 0.2, "0.3"),  # as Excel shows it: 15 significant digits
        (1.5e-7, "0.00000015"),
        (1e20, "100000000000000000000"),
        (dt.date(2024, 5, 1), "2024-05-01"),
        (dt.datetime(2024, 5, 1, 0, 0), "2024-05-01"),
        (dt.datetime(2024, 5, 1, 13, 5), "2024-05-01 13:05"),
        (dt.time(10, 30), "10:30"),
        (True, "1"),
        (False, "0"),
        ("  текст  ", "текст"),
        ("007", "007"),
    ],
)
def test_xlsx_cell_values_become_text(value, text):
    table = table_read(xlsx_bytes([["Значение", "Метка"], [value, "x"]]), filename="x.xlsx")
    assert table.rows == [[text, "x"]]


def test_xlsx_empty_cell_is_empty_string():
    table = table_read(xlsx_bytes([["А", "Б", "В"], ["1", None, "3"]]), filename="x.xlsx")
    assert table.rows == [["1", "", "3"]]


def test_xlsx_trailing_empty_header_columns_and_their_cells_are_dropped():
    data = xlsx_bytes([["А", "Б", None, None], ["1", "2", "3", "4"], ["", "", "", "лишнее"]])
    table = table_read(data, filename="x.xlsx")
    assert table.headers == ["А", "Б"]
    assert table.rows == [["1", "2"]]  # the last row has values only beyond the header: empty for us


def test_xlsx_short_rows_are_padded_to_the_header():
    table = table_read(xlsx_bytes([["А", "Б", "В"], ["1"]]), filename="x.xlsx")
    assert table.rows == [["1", "", ""]]


def test_xlsx_sheet_is_chosen_by_name():
    data = xlsx_bytes([["Первый"], ["1"]], title="Инструкция", more_sheets={"Данные": [["Код"], ["42"]]})
    table = table_read(data, filename="x.xlsx", sheet="Данные")
    assert (table.sheet_name, table.headers, table.rows) == ("Данные", ["Код"], [["42"]])


def test_xlsx_unknown_sheet_name_falls_back_to_the_first_sheet():
    data = xlsx_bytes([["Первый"], ["1"]], title="Инструкция", more_sheets={"Данные": [["Код"], ["42"]]})
    table = table_read(data, filename="x.xlsx", sheet="Нет такого")
    assert (table.sheet_name, table.headers) == ("Инструкция", ["Первый"])


def test_xlsx_without_sheet_reads_the_first_visible_sheet():
    wb = openpyxl.Workbook()
    wb.active.title = "Скрытый"
    wb.active.append(["Служебное"])
    wb.active.sheet_state = "hidden"
    visible = wb.create_sheet("Данные")
    visible.append(["Код"])
    wb.active = 1
    out = io.BytesIO()
    wb.save(out)
    assert table_read(out.getvalue(), filename="x.xlsx").sheet_name == "Данные"


def test_xlsx_is_read_from_a_path(tmp_path):
    path = tmp_path / "реестр.xlsx"
    path.write_bytes(xlsx_bytes([["Код"], ["1"]]))
    assert table_read(path, filename=path.name).rows == [["1"]]
    assert table_read(str(path), filename=path.name).rows == [["1"]]


def test_xlsx_header_only_gives_no_rows():
    table = table_read(xlsx_bytes([["Код", "Балл"]]), filename="x.xlsx")
    assert (table.headers, table.rows, table.row_numbers) == (["Код", "Балл"], [], [])


def test_xlsx_hand_made_workbook_is_read():
    table = table_read(zip_bytes(workbook_parts()), filename="x.xlsx")
    assert (table.sheet_name, table.headers, table.rows) == ("Данные", ["Код ОО"], [["101"]])


def test_xlsx_name_does_not_matter_content_does():
    table = table_read(xlsx_bytes([["Код"], ["1"]]), filename="выгрузка.csv")
    assert table.kind == "xlsx"


# ---------------------------------------------------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_csv_encodings_with_cyrillic_headers(encoding):
    data = "Код ОО;Наименование\n101;Школа «Ёлочка»\n".encode(encoding)
    table = table_read(data, filename="реестр.csv")
    assert table.kind == "csv"
    assert table.sheet_name is None
    assert table.headers == ["Код ОО", "Наименование"]
    assert table.rows == [["101", "Школа «Ёлочка»"]]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiter_is_sniffed_from_the_header(delimiter):
    text = delimiter.join(["Код", "Балл", "Класс"]) + "\r\n" + delimiter.join(["1", "5", "9А"]) + "\r\n"
    table = table_read(text.encode(), filename="x.csv")
    assert table.headers == ["Код", "Балл", "Класс"]
    assert table.rows == [["1", "5", "9А"]]


def test_csv_delimiter_tie_prefers_semicolon():
    assert tables.csv_delimiter("А;Б,В\n") == ";"


def test_csv_delimiters_inside_quotes_are_not_counted():
    assert tables.csv_delimiter('"Ф.И.О., должность";"Школа, класс"\n') == ";"


def test_csv_quoted_fields_with_delimiters_quotes_and_newlines():
    text = 'Школа;Примечание\n"Лицей ""Вектор""";"первая строка\nвторая; строка"\nГимназия;\n'
    table = table_read(text.encode(), filename="x.csv")
    assert table.rows == [['Лицей "Вектор"', "первая строка\nвторая; строка"], ["Гимназия", ""]]
    assert table.row_numbers == [2, 3]  # records, not lines


def test_csv_leading_and_blank_lines_keep_record_numbers():
    table = table_read(b"\n;\nA;B\n1;2\n\n3;4\n", filename="x.csv")
    assert (table.header_row_number, table.row_numbers, table.rows) == (3, [4, 6], [["1", "2"], ["3", "4"]])


def test_csv_excel_sep_line_sets_the_delimiter():
    table = table_read(b"sep=,\nA;1,B\nx;2,y\n", filename="x.csv")
    assert (table.headers, table.rows, table.header_row_number) == (["A;1", "B"], [["x;2", "y"]], 1)


def test_csv_excel_text_formula_keeps_leading_zeros():
    table = table_read('Код\n="007"\n'.encode(), filename="x.csv")
    assert table.rows == [["007"]]


def test_csv_unbalanced_quote_is_refused():
    data = b'A;B\n"' + b"x" * 200_000 + b"\n"
    assert refused(data, filename="x.csv") == tables.CSV_BAD.format(row="2")


# ---------------------------------------------------------------------------------------------------------------------
# Empty and not-a-table files


def test_empty_file_is_refused():
    assert refused(b"") == tables.EMPTY


@pytest.mark.parametrize(
    "data",
    [b"\n\n  \n", b";;;\r\n; ;\r\n", "\ufeff\n".encode(), xlsx_bytes([[None], [" "], []])],
    ids=["csv-blank-lines", "csv-empty-cells", "csv-bom-only", "xlsx-empty-cells"],
)
def test_file_with_only_empty_rows_is_refused(data):
    assert refused(data) == tables.EMPTY


def test_empty_sheet_of_a_workbook_with_several_sheets_is_named():
    data = xlsx_bytes([], title="Пустой", more_sheets={"Данные": [["Код"]]})
    assert refused(data) == tables.EMPTY_SHEET.format(sheet="Пустой")


def test_pdf_renamed_xlsx_is_refused():
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    assert refused(data, filename="результаты.xlsx") == tables.NOT_TABLE_LIKE.format(what=tables.LOOKS_PDF)
    assert "похоже на PDF-документ" in refused(data)


def _ole(*stream_names: str) -> bytes:
    """The start of an OLE2 compound file with directory entries named as given (UTF-16LE), as .xls/.doc have."""
    body = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in stream_names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body


def test_legacy_xls_is_refused():
    assert refused(_ole("Root Entry", "Workbook"), filename="отчёт.xls") == tables.XLS


def test_password_protected_xlsx_is_refused():
    assert refused(_ole("Root Entry", "EncryptionInfo", "EncryptedPackage")) == tables.ENCRYPTED


def test_legacy_doc_is_refused():
    assert refused(_ole("Root Entry", "WordDocument")) == tables.NOT_TABLE_LIKE.format(what=tables.LOOKS_DOC)


def test_docx_is_refused():
    data = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})
    assert refused(data) == tables.NOT_TABLE_LIKE.format(what=tables.LOOKS_DOCX)


def test_xlsb_is_refused():
    data = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.bin": b"\x83\x01\x00"})
    assert refused(data) == tables.XLSB


def test_ods_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", "<office:document-content/>")
    assert refused(out.getvalue(), filename="x.ods") == tables.ODS


def test_plain_zip_is_refused():
    assert refused(zip_bytes({"отчёт.txt": b"hello"})) == tables.NOT_TABLE_LIKE.format(what=tables.LOOKS_ZIP)


@pytest.mark.parametrize(
    ("data", "image"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"), (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG")],
)
def test_image_is_refused(data, image):
    assert refused(data) == tables.NOT_TABLE_LIKE.format(what=tables.LOOKS_IMAGE.format(format=image))


def test_html_saved_as_xls_is_refused():
    data = "<html><body><table><tr><td>Код</td></tr></table></body></html>".encode()
    assert refused(data, filename="выгрузка.xls") == tables.NOT_TABLE_LIKE.format(what=tables.LOOKS_HTML)


def test_xml_spreadsheet_2003_is_refused():
    data = (
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    )
    assert refused(data) == tables.XML_SPREADSHEET


def test_binary_garbage_is_refused():
    assert refused(bytes(range(256)) * 4) == tables.NOT_TABLE


def test_damaged_zip_is_refused():
    data = bytearray(zip_bytes(workbook_parts(sheet=SHEET * 1)))
    start = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    data[start + 5] ^= 0xFF  # corrupt the compressed sheet: its CRC no longer matches
    assert refused(bytes(data)) == tables.DAMAGED


def test_two_zips_glued_together_are_refused():
    hostile = zip_bytes(workbook_parts(sheet=EXTERNAL_ENTITY))
    assert refused(hostile + zip_bytes(workbook_parts())) == tables.DAMAGED


# ---------------------------------------------------------------------------------------------------------------------
# Sizes, zip bombs


def test_file_over_max_bytes_is_refused():
    data = xlsx_bytes([["Код"], ["1"]])
    assert refused(data, limits=Limits(max_bytes=1024)) == tables.TOO_LARGE.format(limit="1\u00a0КБ")


def test_file_over_max_bytes_is_refused_by_path_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(b"A\n" + b"1\n" * 2000)
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("the file must not be read"))
    assert refused(path, limits=Limits(max_bytes=1000)) == tables.TOO_LARGE.format(limit="1000\u00a0байт")


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """About 1.3 MB of ZIP whose sheet unpacks to 300 MB of zeros."""
    out = io.BytesIO()
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(zeros)
    return out.getvalue()


def test_zip_bomb_is_refused_without_decompression(zip_bomb, forbid_decompression):
    forbid_decompression()
    tracemalloc.start()
    try:
        message = refused(zip_bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == tables.TOO_LARGE_UNPACKED.format(limit="200\u00a0МБ")
    assert message == "Файл после распаковки занимает более 200\u00a0МБ — это больше допустимого."
    assert peak < 20 * 1024 * 1024


def test_highly_compressed_member_is_refused_without_decompression(forbid_decompression):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/worksheets/sheet1.xml", bytes(16 * 1024 * 1024))  # 16 MB of zeros → ~16 KB
    forbid_decompression()
    assert refused(out.getvalue()) == tables.TOO_COMPRESSED.format(limit="200")


def test_too_many_entries_are_refused_without_decompression(forbid_decompression):
    data = zip_bytes(workbook_parts(**{f"xl/media/image{i}.png": b"" for i in range(1001)}))
    forbid_decompression()
    assert refused(data) == tables.TOO_MANY_ENTRIES.format(limit="1\u00a0000")


def test_entries_limit_is_taken_from_limits():
    data = zip_bytes(workbook_parts())
    assert refused(data, limits=Limits(max_entries=3)) == tables.TOO_MANY_ENTRIES.format(limit="3")


def test_far_away_cell_is_refused_before_calamine(no_calamine):
    # calamine would allocate every cell between A1 and XFD1048576 (16 384 × 1 048 576) and abort the process.
    sheet = sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>')
    assert refused(zip_bytes(workbook_parts(sheet=sheet))) == tables.TOO_MANY_CELLS.format(limit="10\u00a0000\u00a0000")


def test_far_away_cell_without_references_on_rows_is_refused_before_calamine(no_calamine):
    cells = b"<c><v>1</v></c>" * 5000  # cells without r: calamine puts them one after another
    sheet = sheet_xml(
        b'<row r="1"><c r="A1"><v>1</v></c></row><row>' + cells + b'</row><row r="9000"><c r="B9000"><v>1</v></c></row>'
    )
    assert refused(zip_bytes(workbook_parts(sheet=sheet)), limits=Limits(max_cells=1_000_000)) == (
        tables.TOO_MANY_CELLS.format(limit="1\u00a0000\u00a0000")
    )


_sheet_rows = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(1, 60)),  # <row r> or none
        st.lists(st.one_of(st.none(), st.tuples(st.integers(1, 60), st.integers(1, 60))), max_size=4),  # <c r> or none
        st.booleans(),  # prefixed elements
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sheet_rows, st.sampled_from([5, 40, tables._CHUNK]))
def test_cell_area_estimate_is_never_below_calamines(rows, chunk):
    """Whatever the references, and wherever the reads cut the XML, the area the scan reports covers what calamine
    allocates."""
    sheet = b""
    for row_r, cells, prefixed in rows:
        p = b"x:" if prefixed else b""
        sheet += b"<" + p + b"row" + (b' r="%d"' % row_r if row_r else b"") + b">"
        for cell in cells:
            ref = b' r="%s%d"' % (tables._col_letters(cell[0]).encode(), cell[1]) if cell else b""
            sheet += b"<" + p + b"c" + ref + b"><" + p + b"v>1</" + p + b"v></" + p + b"c>"
        sheet += b"</" + p + b"row>"
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + sheet + b"</sheetData></worksheet>"
    )
    data = zip_bytes(workbook_parts(sheet=xml))
    ws = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    allocated = 0 if ws.end is None else (ws.end[0] + 1) * (ws.end[1] + 1)
    default_chunk, tables._CHUNK = tables._CHUNK, chunk
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            estimate = tables._member_scan(zf, zf.getinfo("xl/worksheets/sheet1.xml"))
    finally:
        tables._CHUNK = default_chunk
    assert estimate >= allocated


@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_row_bound_pattern_matches_exactly_the_numbers_up_to_the_bound(bound, n):
    pattern = tables._le_pattern(str(bound), "1", "0123456789")
    assert bool(re.fullmatch(pattern, str(n))) == (n <= bound)


@given(st.integers(0, 20_000), st.integers(1, 20_000))
def test_column_bound_pattern_matches_exactly_the_columns_up_to_the_bound(bound, n):
    pattern = tables._le_pattern(tables._col_letters(bound), "A", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert bool(re.fullmatch(pattern, tables._col_letters(n))) == (n <= bound)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_more_rows_than_max_rows_is_refused(kind):
    rows = [["Код"]] + [[str(i)] for i in range(11)]
    data = xlsx_bytes(rows) if kind == "xlsx" else "\n".join(r[0] for r in rows).encode()
    assert refused(data, limits=Limits(max_rows=10)) == tables.TOO_MANY_ROWS.format(limit="10")


def test_max_rows_message_formats_the_limit_in_russian():
    assert tables.TOO_MANY_ROWS.format(limit=number_ru(200_000)).startswith("В файле более 200\u00a0000 строк")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_exactly_max_rows_is_accepted(kind):
    rows = [["Код"]] + [[str(i)] for i in range(10)]
    data = xlsx_bytes(rows) if kind == "xlsx" else "\n".join(r[0] for r in rows).encode()
    assert len(table_read(data, filename="x", limits=Limits(max_rows=10)).rows) == 10


# ---------------------------------------------------------------------------------------------------------------------
# XML attacks, macros

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n"
    + b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>&lol9;</sheets></workbook>'
)
EXTERNAL_ENTITY = sheet_xml(
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
    prolog=b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
)


def test_billion_laughs_in_workbook_xml_is_refused(no_calamine):
    tracemalloc.start()
    try:
        message = refused(zip_bytes(workbook_parts(workbook=BILLION_LAUGHS)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == tables.XML_UNSAFE
    assert peak < 20 * 1024 * 1024


def test_external_entity_in_sheet_xml_is_refused(no_calamine):
    assert refused(zip_bytes(workbook_parts(sheet=EXTERNAL_ENTITY))) == tables.XML_UNSAFE


def test_dtd_in_utf16_xml_is_refused(no_calamine):
    sheet = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet/>'.encode("utf-16")
    assert refused(zip_bytes(workbook_parts(sheet=sheet))) == tables.XML_UNSAFE


def test_dtd_split_between_read_chunks_is_found(no_calamine, monkeypatch):
    monkeypatch.setattr(tables, "_CHUNK", 7)
    assert refused(zip_bytes(workbook_parts(sheet=EXTERNAL_ENTITY))) == tables.XML_UNSAFE


def test_wide_encoding_xml_is_refused(no_calamine):
    sheet = '<?xml version="1.0" encoding="UTF-16"?><worksheet/>'.encode("utf-16")
    assert refused(zip_bytes(workbook_parts(sheet=sheet))) == tables.DAMAGED


def test_vba_project_is_refused():
    data = zip_bytes(workbook_parts(**{"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}))
    assert refused(data, filename="книга.xlsm") == tables.MACROS


def test_macro_enabled_content_type_is_refused(no_calamine):
    assert refused(zip_bytes(workbook_parts(content_types=MACRO_CONTENT_TYPES))) == tables.MACROS


def test_macros_message_text():
    assert tables.MACROS == (
        "Файлы с макросами (.xlsm) не принимаются: сохраните таблицу как обычный .xlsx без макросов."
    )


def test_encrypted_zip_member_is_refused():
    data = bytearray(zip_bytes(workbook_parts()))
    # Set the "encrypted" flag of every entry in the central directory.
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        data[pos + 8] |= 0x01
        pos = data.find(b"PK\x01\x02", pos + 4)
    assert refused(bytes(data)) == tables.ENCRYPTED


# ---------------------------------------------------------------------------------------------------------------------
# header_key, formatting


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Код ОО", "кодоо"),
        ("код  оо", "кодоо"),
        (" КОД\tОО\n", "кодоо"),
        ("Код OO", "кодоо"),  # Latin O's typed in a Cyrillic header
        ('«4» и "5"', "4и5"),
        ('"4" и "5"', "4и5"),
        ("«2»", "2"),
        ("„Оценка“", "оценка"),
        ("Ёлка", "елка"),
        ("Ф.И.О.", "фио"),
        ("Балл (0–100)", "балл0100"),
        ("№ п/п", "№пп"),
        ("school_code", "schoolcode"),
        ("Код\u00a0ОО\u200b", "кодоо"),
    ],
)
def test_header_key(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0"), (999, "999"), (1000, "1\u00a0000"), (200_000, "200\u00a0000"), (10**7, "10\u00a0000\u00a0000")],
)
def test_number_ru(n, text):
    assert number_ru(n) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(20 * 1024 * 1024, "20\u00a0МБ"), (1536 * 1024, "1,5\u00a0МБ"), (2048, "2\u00a0КБ"), (100, "100\u00a0байт")],
)
def test_size_ru(n, text):
    assert size_ru(n) == text


def test_table_error_carries_the_message():
    error = TableError(tables.EMPTY)
    assert error.message == str(error) == "Файл пуст."
