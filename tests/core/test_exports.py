import io

import openpyxl
import pytest

from core.importing import RowError, error_report_xlsx
from core.tables import table_read
from tests.factories import SchoolFactory


def test_error_report_escapes_the_uploaded_files_own_headers_and_cells():
    csv = "Код ОО;=1+2\nA-1;@SUM(A1)\n".encode()
    table = table_read(csv, filename="r.csv")
    sheet = openpyxl.load_workbook(io.BytesIO(error_report_xlsx(table, [RowError(2, "Код ОО", "нет такой ОО")]))).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[1] == "'=1+2" and row[1] == "'@SUM(A1)"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def _workbook(headers, rows):
    from core.exports import dataset_build, dataset_bytes

    return openpyxl.load_workbook(io.BytesIO(dataset_bytes(dataset_build(headers=headers, rows=rows), "xlsx"))).active


def test_xlsx_column_widths_are_capped_at_sixty():
    sheet = _workbook(["Код", "Название"], [["a1", "Школа " * 200]])
    assert [sheet.column_dimensions[c].width for c in "AB"] == [8, 60]


def test_xlsx_widths_fit_short_content():
    sheet = _workbook(["Муниципалитет"], [["Уссурийский городской округ"]])
    assert sheet.column_dimensions["A"].width == len("Уссурийский городской округ") + 2


def test_xlsx_header_is_frozen():
    assert _workbook(["Код", "Название"], [["a1", "Школа"]]).freeze_panes == "A2"


def test_xlsx_header_carries_a_filter_over_all_rows():
    assert _workbook(["Код", "Название", "n"], [["a1", "Школа", 1], ["a2", "Лицей", 2]]).auto_filter.ref == "A1:C3"


def test_xlsx_keeps_numbers_as_numbers():
    sheet = _workbook(["n", "Доля"], [[12, 3.5]])
    assert [c.value for c in sheet[2]] == [12, 3.5]


@pytest.mark.django_db
def test_api_list_export_has_frozen_filtered_header(users, client):
    """The API's ?format=xlsx goes through the same writer: every list export of the portal."""
    SchoolFactory(municipality=users["head"].municipality)
    client.force_login(users["head"])
    response = client.get("/api/v1/schools/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert (sheet.freeze_panes, sheet.auto_filter.ref.startswith("A1:")) == ("A2", True)
    assert all(d.width <= 60 for d in sheet.column_dimensions.values())
