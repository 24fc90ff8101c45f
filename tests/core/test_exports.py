import io

import openpyxl

from core.importing import RowError, error_report_xlsx
from core.tables import table_read


def test_error_report_escapes_the_uploaded_files_own_headers_and_cells():
    csv = "Код ОО;=1+2\nA-1;@SUM(A1)\n".encode()
    table = table_read(csv, filename="r.csv")
    sheet = openpyxl.load_workbook(io.BytesIO(error_report_xlsx(table, [RowError(2, "Код ОО", "нет такой ОО")]))).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[1] == "'=1+2" and row[1] == "'@SUM(A1)"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
