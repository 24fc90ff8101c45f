"""Official lists (contract 1.3): a list replaces the lists of the municipalities it names, never another's.

The case of issue #14: an admin imports Partizansk's 2020 list and Khasan's list must stay as it was. Through the
service, the command, the page (preview, then «Подтвердить») and the API; a whole region only when asked for.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from assessments.risk import services as risk
from core.models import AuditEvent
from core.tables import table_read
from schools.models import SchoolStatus
from tests.factories import (
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    SchoolStatusFactory,
)
from tests.support.results_files import csv_bytes

pytestmark = pytest.mark.django_db
Y = 2020
HEADER = ["Год", "Код ОО", "Уровень", "Список"]


@pytest.fixture
def lists(two_municipalities):
    """A's list of Y: A-1; B's list of Y: B-1 (strong) and B's ШНСУ; a school of another region with its list."""
    w = two_municipalities
    SchoolStatusFactory(school=w["a1"], year=Y)
    SchoolStatusFactory(school=w["b1"], year=Y, level="strong")
    SchoolStatusFactory(school=w["b1"], year=Y, kind="shnsu")
    other = MunicipalityFactory(code="C01", name="Район В", region=RegionFactory(code="99", name="Другой регион"))
    c1 = SchoolFactory(code="C-1", municipality=other)
    SchoolStatusFactory(school=c1, year=Y)
    return {**w, "c1": c1}


def snapshot(*codes):
    return sorted(
        SchoolStatus.objects.filter(school__code__in=codes).values_list(
            "school__code", "year", "kind", "source", "level"
        )
    )


def table(rows):
    return table_read(csv_bytes(rows, header=HEADER), filename="list.csv")


def upload(rows, name="list.csv"):
    f = io.BytesIO(csv_bytes(rows, header=HEADER))
    f.name = name
    return f


# --- The service -----------------------------------------------------------------------------------------------------


def test_full_scope_import_keeps_the_lists_of_municipalities_the_file_does_not_name(lists):
    before = snapshot("B-1", "C-1")
    outcome = risk.official_list_import(table=table([[Y, "A-2", "", ""]]), user=None)
    assert (outcome.removed, snapshot("B-1", "C-1")) == (1, before)


def test_admin_import_replaces_only_the_named_municipalitys_list(lists, users):
    risk.official_list_import(table=table([[Y, "A-2", "", ""]]), user=users["admin"])
    assert snapshot("A-1", "A-2", "B-1") == [
        ("A-2", Y, "shnor", "official", ""),
        ("B-1", Y, "shnor", "official", "strong"),
        ("B-1", Y, "shnsu", "official", ""),
    ]


def test_each_list_kind_replaces_only_the_municipalities_it_names(lists, users):
    """ШНОР names A and B; ШНСУ names A only: B's ШНСУ stays."""
    risk.official_list_import(
        table=table([[Y, "A-1", "", ""], [Y, "B-1", "", ""], [Y, "A-1", "", "ШНСУ"]]), user=users["admin"]
    )
    assert SchoolStatus.objects.filter(school__code="B-1", kind="shnsu").exists()


def test_outcome_names_the_changes_per_municipality(lists, users):
    outcome = risk.official_list_import(
        table=table([[Y, "A-2", "", ""], [Y, "B-1", "умеренно", ""]]), user=users["admin"]
    )
    assert [m.as_dict() for m in outcome.municipalities] == [
        {
            "municipality": "A01",
            "name": "Район А",
            "year": Y,
            "kind": "shnor",
            "added": ["A-2"],
            "changed": [],
            "removed": ["A-1"],
            "unchanged": 0,
        },
        {
            "municipality": "B01",
            "name": "Район Б",
            "year": Y,
            "kind": "shnor",
            "added": [],
            "changed": ["B-1"],
            "removed": [],
            "unchanged": 0,
        },
    ]


def test_dry_run_writes_nothing(lists, users):
    before = snapshot("A-1", "A-2", "B-1", "C-1")
    outcome = risk.official_list_import(table=table([[Y, "A-2", "", ""]]), user=users["admin"], dry_run=True)
    assert (outcome.status, outcome.created, outcome.removed, snapshot("A-1", "A-2", "B-1", "C-1")) == (
        "dry_run",
        1,
        1,
        before,
    )


def test_dry_run_names_what_would_change_per_municipality(lists, users):
    outcome = risk.official_list_import(table=table([[Y, "A-2", "", ""]]), user=users["admin"], dry_run=True)
    assert [(m.code, m.added, m.removed) for m in outcome.municipalities] == [("A01", ["A-2"], ["A-1"])]


def test_region_replaces_the_lists_of_municipalities_without_schools_in_the_file(lists, users):
    outcome = risk.official_list_import(
        table=table([[Y, "A-1", "", ""]]), user=users["admin"], region_code=lists["a"].region.code
    )
    assert (snapshot("A-1", "B-1", "C-1"), outcome.region, [(m.code, m.removed) for m in outcome.municipalities]) == (
        [("A-1", Y, "shnor", "official", ""), ("B-1", Y, "shnsu", "official", ""), ("C-1", Y, "shnor", "official", "")],
        lists["a"].region.code,
        [("A01", []), ("B01", ["B-1"])],
    )


def test_region_of_a_municipal_user_replaces_only_inside_the_scope(lists, users):
    risk.official_list_import(
        table=table([[Y, "A-2", "", ""]]), user=users["methodologist"], region_code=lists["a"].region.code
    )
    assert snapshot("A-1", "A-2", "B-1") == [
        ("A-2", Y, "shnor", "official", ""),
        ("B-1", Y, "shnor", "official", "strong"),
        ("B-1", Y, "shnsu", "official", ""),
    ]


def test_region_refuses_a_school_of_another_region_naming_row_and_column(lists, users):
    before = snapshot("A-1", "B-1", "C-1")
    outcome = risk.official_list_import(
        table=table([[Y, "A-1", "", ""], [Y, "C-1", "", ""]]), user=users["admin"], region_code=lists["a"].region.code
    )
    assert ([e.as_dict() for e in outcome.errors], snapshot("A-1", "B-1", "C-1")) == (
        [
            {
                "row": 3,
                "column": "Код ОО",
                "message": risk.SCHOOL_OUTSIDE_REGION.format(code="C-1", region=lists["a"].region.name),
            }
        ],
        before,
    )


def test_unknown_region_is_refused(lists, users):
    outcome = risk.official_list_import(table=table([[Y, "A-1", "", ""]]), user=users["admin"], region_code="NOPE")
    assert [e.message for e in outcome.errors] == [risk.REGION_UNKNOWN.format(code="NOPE")]


def test_region_outside_the_scope_reads_as_unknown(lists, users):
    outcome = risk.official_list_import(
        table=table([[Y, "A-1", "", ""]]), user=users["methodologist"], region_code="99"
    )
    assert (outcome.status, [e.message for e in outcome.errors]) == (
        "rejected",
        [risk.REGION_UNKNOWN.format(code="99")],
    )


def test_import_is_logged_with_the_municipalities_it_replaced(lists, users):
    risk.official_list_import(table=table([[Y, "A-2", "", ""]]), user=users["admin"])
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.IMPORT)
    assert (event.data["what"], event.data["municipalities"], event.data["removed"]) == ("official_list", ["A01"], 1)


# --- The command -----------------------------------------------------------------------------------------------------


def command(tmp_path, rows, *args):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(rows, header=HEADER))
    out = io.StringIO()
    call_command("import_official_list", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_keeps_other_municipalities_lists(lists, tmp_path):
    before = snapshot("B-1", "C-1")
    output = command(tmp_path, [[Y, "A-2", "", ""]])
    assert ("исключено: 1." in output, snapshot("B-1", "C-1")) == (True, before)


def test_command_reports_per_municipality(lists, tmp_path):
    output = command(tmp_path, [[Y, "A-2", "", ""]])
    assert "Район А (A01), ШНОР 2020: добавлено 1 (A-2), изменено 0, исключено 1 (A-1), без изменений 0." in output


def test_command_dry_run_writes_nothing_and_says_so(lists, tmp_path):
    before = snapshot("A-1", "A-2", "B-1")
    output = command(tmp_path, [[Y, "A-2", "", ""]], "--dry-run")
    assert ("Пробный запуск, ничего не записано" in output, snapshot("A-1", "A-2", "B-1")) == (True, before)


def test_command_region_replaces_the_whole_region(lists, tmp_path):
    command(tmp_path, [[Y, "A-1", "", ""]], "--region", lists["a"].region.code)
    assert not SchoolStatus.objects.filter(school__code="B-1", kind="shnor").exists()


def test_command_unknown_region_exits_1(lists, tmp_path):
    with pytest.raises(CommandError, match="Файл отклонён"):
        command(tmp_path, [[Y, "A-1", "", ""]], "--region", "NOPE")


# --- The page: preview, then «Подтвердить» ---------------------------------------------------------------------------


def token_of(body: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', body)
    assert match, "the preview page carries its token"
    return match.group(1)


def test_page_preview_writes_nothing_and_names_changes_per_municipality(client, lists, users):
    client.force_login(users["admin"])
    before = snapshot("A-1", "A-2", "B-1")
    body = client.post("/risk/official/", {"file": upload([[Y, "A-2", "", ""]])}).content.decode()
    assert ("Подтвердить" in body, "Район А" in body, "Район Б" in body, snapshot("A-1", "A-2", "B-1")) == (
        True,
        True,
        False,
        before,
    )


def test_page_preview_names_the_schools_added_and_removed(client, lists, users):
    client.force_login(users["admin"])
    body = client.post("/risk/official/", {"file": upload([[Y, "A-2", "", ""]])}).content.decode()
    assert ("1: A-2 Филиал СОШ № 1 (А)" in body, "1: A-1 МБОУ СОШ № 1 (А)" in body) == (True, True)


def test_page_preview_of_a_region_says_so(client, lists, users):
    client.force_login(users["admin"])
    body = client.post(
        "/risk/official/", {"file": upload([[Y, "A-1", "", ""]]), "region": lists["a"].region.code}
    ).content.decode()
    assert f"Заменяется список всего региона «{lists['a'].region.name}»" in body


def test_page_confirm_imports_and_keeps_other_municipalities(client, lists, users):
    client.force_login(users["admin"])
    body = client.post("/risk/official/", {"file": upload([[Y, "A-2", "", ""]])}).content.decode()
    before = snapshot("B-1", "C-1")
    body = client.post("/risk/official/", {"token": token_of(body)}).content.decode()
    assert ("Загружено: добавлено 1" in body, snapshot("A-1", "A-2"), snapshot("B-1", "C-1")) == (
        True,
        [("A-2", Y, "shnor", "official", "")],
        before,
    )


def test_page_region_choice_replaces_the_whole_region(client, lists, users):
    client.force_login(users["admin"])
    body = client.post(
        "/risk/official/", {"file": upload([[Y, "A-1", "", ""]]), "region": lists["a"].region.code}
    ).content.decode()
    assert "Район Б" in body
    client.post("/risk/official/", {"token": token_of(body)})
    assert not SchoolStatus.objects.filter(school__code="B-1", kind="shnor").exists()


def test_page_token_of_another_user_is_refused(client, lists, users):
    client.force_login(users["admin"])
    body = client.post("/risk/official/", {"file": upload([[Y, "A-2", "", ""]])}).content.decode()
    client.force_login(users["methodologist"])
    assert client.post("/risk/official/", {"token": token_of(body)}).status_code == 404


def test_page_forged_token_is_refused(client, lists, users):
    client.force_login(users["admin"])
    response = client.post("/risk/official/", {"token": "forged"}, follow=True)
    assert (risk_views_message() in response.content.decode(), snapshot("A-1")) == (
        True,
        [("A-1", Y, "shnor", "official", "")],
    )


def risk_views_message():
    from assessments.risk.views import PREVIEW_EXPIRED

    return PREVIEW_EXPIRED


# --- The API ---------------------------------------------------------------------------------------------------------


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_import_keeps_other_municipalities_lists(lists, users):
    before = snapshot("B-1", "C-1")
    response = api(users["admin"]).post(
        "/api/v1/risk-lists/official/", {"file": upload([[Y, "A-2", "", ""]])}, format="multipart"
    )
    body = response.json()
    assert (
        response.status_code,
        body["removed"],
        [m["municipality"] for m in body["municipalities"]],
        snapshot("B-1", "C-1"),
    ) == (200, 1, ["A01"], before)


def test_api_dry_run_writes_nothing(lists, users):
    before = snapshot("A-1", "A-2", "B-1")
    body = (
        api(users["admin"])
        .post(
            "/api/v1/risk-lists/official/",
            {"file": upload([[Y, "A-2", "", ""]]), "dry_run": "true"},
            format="multipart",
        )
        .json()
    )
    assert (body["status"], body["municipalities"][0]["removed"], snapshot("A-1", "A-2", "B-1")) == (
        "dry_run",
        ["A-1"],
        before,
    )


def test_api_region_replaces_the_whole_region(lists, users):
    body = (
        api(users["admin"])
        .post(
            "/api/v1/risk-lists/official/",
            {"file": upload([[Y, "A-1", "", ""]]), "region": lists["a"].region.code},
            format="multipart",
        )
        .json()
    )
    assert (body["region"], [(m["municipality"], m["removed"]) for m in body["municipalities"]]) == (
        lists["a"].region.code,
        [("A01", []), ("B01", ["B-1"])],
    )


def test_api_unknown_region_is_400(lists, users):
    response = api(users["admin"]).post(
        "/api/v1/risk-lists/official/", {"file": upload([[Y, "A-1", "", ""]]), "region": "NOPE"}, format="multipart"
    )
    assert (response.status_code, response.json()["errors"][0]["message"]) == (
        400,
        risk.REGION_UNKNOWN.format(code="NOPE"),
    )


# --- The demo's real lists ---------------------------------------------------------------------------------------------

# Partizansk's ШНОР of seed 002 (МБОУ «СОШ» № 1, 2, 3, 5, 12, 22, 24, 50): the demo holds them on the 2021 list.
PART_LISTED = (1, 2, 3, 5, 12, 22, 24, 50)


def test_demo_admin_imports_one_districts_real_list_and_lazos_lists_stay(tmp_path):
    """The issue's case on the demo's data: Lazo has official lists of 2019, 2021 and 2022 (seed 004); an admin
    imports Partizansk's 2022 list through the command; Lazo's lists are untouched, nothing is «исключено»."""
    from demo.seed002 import C

    call_command("seed_demo", stdout=io.StringIO())
    lazo = snapshot(
        *SchoolStatus.objects.filter(school__municipality__code="LAZO").values_list("school__code", flat=True)
    )
    path = tmp_path / "part-2022.csv"
    path.write_bytes(csv_bytes([[2022, C(n)] for n in PART_LISTED], header=["Год", "Код ОО"]))
    out = io.StringIO()
    call_command("import_official_list", str(path), stdout=out)
    after = snapshot(
        *SchoolStatus.objects.filter(school__municipality__code="LAZO").values_list("school__code", flat=True)
    )
    assert (after, out.getvalue().splitlines()) == (
        lazo,
        [
            "Партизанский городской округ (PART), ШНОР 2022: добавлено 8 ("
            + ", ".join(sorted(C(n) for n in PART_LISTED))
            + "), изменено 0, исключено 0, без изменений 0.",
            "Добавлено: 8, изменено: 0, без изменений: 0, исключено: 0.",
        ],
    )
