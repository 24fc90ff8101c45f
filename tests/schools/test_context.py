"""Context data by year (contract 1.1's context columns, issue #18): imported with the registry, kept per school and
year with history, shown on the school's page and in the API, read by programs.effect through `context_table`; the
registry export goes back through the import."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from core.exports import read_back
from core.tables import table_read
from schools import selectors, services
from schools.models import School, SchoolContext
from tests.factories import SchoolContextFactory, SchoolFactory, SchoolStatusFactory
from tests.support.registry_files import GOOD, HEADER, xlsx

pytestmark = pytest.mark.django_db

CONTEXT = [
    "Город/село",
    "Обучающихся",
    "Доля детей из малоимущих семей, %",
    "Доля обучающихся с ОВЗ, %",
    "Доля не владеющих русским языком, %",
    "Индекс образовательных ресурсов",
    "Год",
]
S1 = GOOD[1]  # «S-1», a school of LAZO
F1 = GOOD[0]  # «F-1», its branch


def run(rows, header=(*HEADER, *CONTEXT), **kwargs):
    return services.registry_import(table=table_read(xlsx(rows, list(header)), filename="r.xlsx"), **kwargs)


def context_of(code, year):
    return SchoolContext.objects.filter(school__code=code, year=year).values(*SchoolContext.VALUE_FIELDS).get()


def test_context_columns_are_kept_per_school_and_year_with_decimal_commas():
    outcome = run([[*F1, "село", "40", "", "", "", "", "2023"], [*S1, "Село", "312", "23,5", "4,1", "0", "0,87", 2023]])
    assert outcome.status == "imported"
    assert context_of("S-1", 2023) == {
        "urban_rural": "село",
        "enrolment": 312,
        "low_income_share": Decimal("23.5"),
        "sen_share": Decimal("4.1"),
        "non_native_share": Decimal("0"),
        "resource_index": Decimal("0.87"),
    }
    assert context_of("F-1", 2023)["low_income_share"] is None


def test_the_latest_years_urban_rural_and_enrolment_are_the_schools_current_ones():
    run([[*S1, "город", "300", "", "", "", "", 2021], [*S1, "село", "280", "", "", "", "", 2023], [*F1, *[""] * 7]])
    run([[*S1, "город", "350", "", "", "", "", 2022], [*F1, *[""] * 7]])  # an earlier year, filed later
    school = School.objects.get(code="S-1")
    assert (school.is_rural, school.enrolment) == (True, 280)
    assert sorted(school.contexts.values_list("year", "enrolment")) == [(2021, 300), (2022, 350), (2023, 280)]


def test_a_school_may_be_named_once_per_year_but_not_twice_in_a_year():
    outcome = run(
        [[*S1, "село", "1", "", "", "", "", 2023], [*S1, "село", "2", "", "", "", "", 2023], [*F1, *[""] * 7]]
    )
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (3, "Код ОО", services.DUPLICATE_CODE_YEAR.format(code="S-1", year=2023, row=2))
    ]


def test_without_year_the_context_is_the_current_years():
    from django.utils import timezone

    run([[*F1, "", ""], [*S1, "город", "100"]], header=(*HEADER, "Город/село", "Обучающихся"))
    assert context_of("S-1", timezone.localdate().year)["enrolment"] == 100


def test_context_changes_keep_their_history_with_the_uploader(users):
    run([[*S1, "село", "300", "10", "", "", "", 2023], [*F1, *[""] * 7]], user=users["admin"])
    outcome = run([[*S1, "село", "300", "12,5", "", "", "", 2023], [*F1, *[""] * 7]], user=users["admin"])
    context = SchoolContext.objects.get(school__code="S-1", year=2023)
    assert (outcome.updated, context.low_income_share, context.history.count()) == (1, Decimal("12.5"), 2)
    assert context.history.first().history_user == users["admin"]


def test_a_file_without_context_columns_leaves_the_context_as_it_was():
    run([[*S1, "село", "300", "10", "", "", "", 2023], [*F1, *[""] * 7]])
    outcome = run(GOOD, header=HEADER)
    assert (outcome.unchanged, context_of("S-1", 2023)["low_income_share"]) == (2, Decimal("10"))


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Доля детей из малоимущих семей, %", "120", services.BAD_SHARE.format(value="120")),
        ("Доля обучающихся с ОВЗ, %", "-1", services.BAD_SHARE.format(value="-1")),
        ("Доля не владеющих русским языком, %", "много", services.BAD_SHARE.format(value="много")),
        ("Индекс образовательных ресурсов", "высокий", services.BAD_INDEX.format(value="высокий")),
        ("Обучающихся", "12,5", services.BAD_ENROLMENT.format(value="12,5")),
        ("Город/село", "хутор", services.BAD_URBAN_RURAL.format(value="хутор")),
        ("Год", "прошлый", services.BAD_YEAR.format(value="прошлый")),
        ("Год", "1990", services.YEAR_RANGE.format(year=1990)),
    ],
)
def test_bad_context_values_are_refused_with_row_column_and_reason(column, value, message):
    values = dict.fromkeys(CONTEXT, "")
    values[column] = value
    outcome = run([[*S1, *values.values()], [*F1, *[""] * 7]])
    assert (outcome.status, [(e.row, e.column, e.message) for e in outcome.errors], SchoolContext.objects.count()) == (
        "rejected",
        [(2, column, message)],
        0,
    )


def test_shares_at_the_bounds_are_accepted():
    outcome = run([[*S1, "город", "10", "0", "100", "100,0", "-0,5", 2023], [*F1, *[""] * 7]])
    assert outcome.status == "imported" and context_of("S-1", 2023)["resource_index"] == Decimal("-0.5")


def test_the_command_imports_context_and_a_municipal_user_may_not(tmp_path, users):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(xlsx([[*S1, "село", "300", "", "", "", "", 2023], [*F1, *[""] * 7]], [*HEADER, *CONTEXT]))
    with pytest.raises(CommandError, match="нет права"):
        call_command("import_schools", str(path), "--user", users["head"].username, stdout=io.StringIO())
    assert not SchoolContext.objects.exists()
    call_command("import_schools", str(path), "--user", users["admin"].username, stdout=io.StringIO())
    assert context_of("S-1", 2023)["enrolment"] == 300


def test_the_registry_upload_page_is_the_admins_only(client, users):
    client.force_login(users["methodologist"])
    assert client.get("/schools/registry/").status_code == 403


# --- Where the context is read ---------------------------------------------------------------------------------------


@pytest.fixture
def contexts(two_municipalities):
    w = two_municipalities
    SchoolContextFactory(school=w["a1"], year=2021, enrolment=300, low_income_share=Decimal("23.45"))
    SchoolContextFactory(school=w["a1"], year=2023, enrolment=280, urban_rural="город", resource_index=Decimal("0.9"))
    SchoolContextFactory(school=w["b1"], year=2022, enrolment=999, sen_share=Decimal("7"))
    return w


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_gives_a_schools_context_by_year(contexts, users):
    body = api(users["head"]).get("/api/v1/schools/A-1/").json()
    assert body["context"] == [
        {
            "year": 2021,
            "urban_rural": "село",
            "enrolment": 300,
            "low_income_share": 23.5,
            "sen_share": None,
            "non_native_share": None,
            "resource_index": None,
        },
        {
            "year": 2023,
            "urban_rural": "город",
            "enrolment": 280,
            "low_income_share": None,
            "sen_share": None,
            "non_native_share": None,
            "resource_index": 0.9,
        },
    ]


def test_another_municipalitys_context_is_not_found(contexts, users):
    response = api(users["head"]).get("/api/v1/schools/B-1/")
    assert (response.status_code, "999" in response.content.decode()) == (404, False)


def test_the_schools_page_shows_the_context_by_year_and_another_municipalitys_is_not_found(client, contexts, users):
    client.force_login(users["head"])
    body = client.get("/schools/A-1/").content.decode()
    assert ("Социальный контекст по годам" in body, "23,5" in body, "0,9" in body) == (True, True, True)
    assert client.get("/schools/B-1/").status_code == 404


def test_context_table_gives_every_year_or_the_latest_up_to_a_year_in_one_query(contexts, query_budget):
    schools = School.objects.filter(code__in=["A-1", "B-1"])
    with query_budget("schools.selectors.context_table"):
        every = selectors.context_table(schools)
    assert [(r["school_id"], r["year"], r["enrolment"]) for r in every] == [
        (contexts["a1"].pk, 2021, 300),
        (contexts["a1"].pk, 2023, 280),
        (contexts["b1"].pk, 2022, 999),
    ]
    as_of_2022 = selectors.context_table([contexts["a1"].pk, contexts["b1"].pk], year=2022)
    assert [(r["school_id"], r["year"]) for r in as_of_2022] == [(contexts["a1"].pk, 2021), (contexts["b1"].pk, 2022)]
    assert set(as_of_2022[0]) == {
        "school_id",
        "year",
        "urban_rural",
        "enrolment",
        "low_income_share",
        "sen_share",
        "non_native_share",
        "resource_index",
    }
    assert selectors.context_table(schools, year=2020) == []


def test_context_table_of_a_scoped_queryset_leaves_out_the_schools_outside_it(contexts, users):
    visible = School.objects.visible_to(users["head"])
    assert {r["school_id"] for r in selectors.context_table(visible)} == {contexts["a1"].pk}


# --- The registry export goes back through the import ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_registry_export_imports_back_unchanged(contexts, users, fmt, query_budget):
    for _ in range(30):
        school = SchoolFactory(municipality=contexts["a"], aliases=["Школа «Радуга»", "СОШ-Радуга"])
        SchoolStatusFactory(school=school, level="strong")
        SchoolContextFactory(school=school, year=2023, low_income_share=Decimal("12.5"))
    with query_budget("schools.api.export"):
        content = api(users["admin"]).get(f"/api/v1/schools/?format={fmt}").content
    rows = read_back(content, fmt)
    assert (
        rows[0][:3] == ["Регион", "Код муниципалитета", "Муниципалитет"]
        and "Индекс образовательных ресурсов" in rows[0]
    )
    outcome = services.registry_import(table=table_read(content, filename=f"export.{fmt}"), user=users["admin"])
    assert (outcome.status, outcome.errors, outcome.created, outcome.updated, outcome.unchanged) == (
        "imported",
        [],
        0,
        0,
        School.objects.count(),
    )


def test_the_registry_export_restores_what_changed_since(contexts, users):
    content = api(users["admin"]).get("/api/v1/schools/?format=xlsx").content
    SchoolContext.objects.filter(school__code="A-1", year=2023).update(enrolment=1, urban_rural="село")
    School.objects.filter(code="A-1").update(settlement="где-то")
    outcome = services.registry_import(table=table_read(content, filename="export.xlsx"), user=users["admin"])
    a1 = School.objects.get(code="A-1")
    assert (outcome.updated, a1.settlement, context_of("A-1", 2023)["enrolment"], a1.is_rural) == (1, "", 280, False)
    assert context_of("A-1", 2021)["enrolment"] == 300  # the earlier year is not in the export and stays as it was
