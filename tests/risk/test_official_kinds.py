"""Official lists of every kind (contract 1.3, issue #16): the kinds are reference data, a file's «Список» names one
by name or code (case and punctuation folded), an unknown kind is refused with the known ones listed, and each kind
replaces only its own list of the municipalities the file names. The seeds' own lists go through the command."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.risk import services as risk
from core.tables import table_read
from schools.kinds import list_kinds_forget
from schools.models import ListKind, SchoolStatus
from tests.factories import ListKindFactory, SchoolStatusFactory
from tests.support.results_files import csv_bytes

pytestmark = pytest.mark.django_db
Y = 2022
HEADER = ["Год", "Код ОО", "Уровень", "Список"]
SEEDS = Path(settings.BASE_DIR) / "demo" / "seeds"
DEFAULT_NAMES = (
    "ШНОР, ШНСУ, 500+, необъективность, зона риска, низкий ИОР, постпроектное сопровождение, региональный проект"
)


@pytest.fixture(autouse=True)
def _kinds_cache():
    """Kinds a test adds are rolled back with it; the cached copy must go too."""
    list_kinds_forget()
    yield
    list_kinds_forget()


def table(rows, header=HEADER):
    return table_read(csv_bytes(rows, header=header), filename="list.csv")


def kinds_of(*codes):
    return sorted(
        SchoolStatus.objects.filter(school__code__in=codes).values_list("school__code", "year", "kind", "level")
    )


def test_the_defaults_of_the_contract_are_reference_data():
    assert list(ListKind.objects.order_by("order").values_list("code", "name")) == [
        ("shnor", "ШНОР"),
        ("shnsu", "ШНСУ"),
        ("500plus", "500+"),
        ("nonobjective", "необъективность"),
        ("watch", "зона риска"),
        ("low_ior", "низкий ИОР"),
        ("post_project", "постпроектное сопровождение"),
        ("regional_project", "региональный проект"),
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("ШНОР", "shnor"),
        ("", "shnor"),
        ("шнсу", "shnsu"),
        ("«500+»", "500plus"),
        ("500plus", "500plus"),
        ("Необъективность", "nonobjective"),
        ("признаки необъективности", "nonobjective"),
        ("Зона риска", "watch"),
        ("зона риска снижения образовательных результатов", "watch"),
        ("низкий ИОР", "low_ior"),
        ("Низкий  ИОР.", "low_ior"),
        ("ПОСТПРОЕКТНОЕ СОПРОВОЖДЕНИЕ", "post_project"),
        ("post_project", "post_project"),
        ("Региональный проект", "regional_project"),
    ],
)
def test_a_kind_is_named_by_its_name_or_code_case_and_punctuation_folded(two_municipalities, written, code):
    outcome = risk.official_list_import(table=table([[Y, "A-1", "", written]]), user=None)
    assert (outcome.status, kinds_of("A-1")) == ("imported", [("A-1", Y, code, "")])


def test_an_unknown_kind_is_refused_with_the_known_ones_listed(two_municipalities):
    outcome = risk.official_list_import(table=table([[Y, "A-1", "", "кластер"]]), user=None)
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (2, "Список", f"Список «кластер» не распознан: допустимо {DEFAULT_NAMES}.")
    ]
    assert (outcome.status, SchoolStatus.objects.count()) == ("rejected", 0)


def test_a_kind_an_admin_adds_is_accepted_and_named_among_the_known(two_municipalities):
    ListKindFactory(code="cluster", name="Кластер", order=90)
    refused = risk.official_list_import(table=table([[Y, "A-1", "", "ромашка"]]), user=None)
    assert refused.errors[0].message.endswith(f"{DEFAULT_NAMES}, Кластер.")
    outcome = risk.official_list_import(table=table([[Y, "A-1", "", "кластер"]]), user=None)
    assert (outcome.status, kinds_of("A-1")) == ("imported", [("A-1", Y, "cluster", "")])


def test_a_kind_switched_off_is_refused(two_municipalities):
    ListKind.objects.filter(code="low_ior").update(is_active=False)
    list_kinds_forget()  # update() sends no signal: what an admin's save would have done
    outcome = risk.official_list_import(table=table([[Y, "A-1", "", "низкий ИОР"]]), user=None)
    assert outcome.status == "rejected" and "низкий ИОР" not in outcome.errors[0].message.split("допустимо")[1]


def test_a_renamed_kind_is_read_by_its_new_name_and_shown_by_it(two_municipalities):
    kind = ListKind.objects.get(code="post_project")
    kind.name = "Постпроект-2022"
    kind.save()  # the admin's save drops the cached kinds
    risk.official_list_import(table=table([[Y, "A-1", "", "постпроект 2022"]]), user=None)
    assert SchoolStatus.objects.get(school__code="A-1").get_kind_display() == "Постпроект-2022"


def test_each_kind_replaces_only_its_own_list(two_municipalities, users):
    w = two_municipalities
    SchoolStatusFactory(school=w["a1"], year=Y, kind="shnor", level="strong")
    SchoolStatusFactory(school=w["a1"], year=Y, kind="post_project")
    SchoolStatusFactory(school=w["b1"], year=Y, kind="post_project")
    outcome = risk.official_list_import(
        table=table([[Y, "A-2", "", "постпроектное сопровождение"]]), user=users["admin"]
    )
    assert kinds_of("A-1", "A-2", "B-1") == [
        ("A-1", Y, "shnor", "strong"),  # another kind of the same municipality and year: untouched
        ("A-2", Y, "post_project", ""),
        ("B-1", Y, "post_project", ""),  # the same kind of a municipality the file does not name: untouched
    ]
    assert [(c.code, c.kind, c.added, c.removed) for c in outcome.municipalities] == [
        ("A01", "post_project", ["A-2"], ["A-1"])
    ]


def test_one_file_of_several_kinds_replaces_each_and_the_dry_run_names_each(two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["a1"], year=Y, kind="low_ior")
    rows = [[Y, "A-1", "", "ШНОР"], [Y, "A-2", "", "низкий ИОР"], [Y, "A-1", "", "региональный проект"]]
    dry = risk.official_list_import(table=table(rows), user=users["admin"], dry_run=True)
    lines = risk.official_changes_lines(dry)
    assert (SchoolStatus.objects.count(), lines) == (
        1,
        [
            "Район А (A01), низкий ИОР 2022: добавлено 1 (A-2), изменено 0, исключено 1 (A-1), без изменений 0.",
            "Район А (A01), региональный проект 2022: добавлено 1 (A-1), изменено 0, исключено 0, без изменений 0.",
            "Район А (A01), ШНОР 2022: добавлено 1 (A-1), изменено 0, исключено 0, без изменений 0.",
        ],
    )
    risk.official_list_import(table=table(rows), user=users["admin"])
    assert kinds_of("A-1", "A-2") == [
        ("A-1", Y, "regional_project", ""),
        ("A-1", Y, "shnor", ""),
        ("A-2", Y, "low_ior", ""),
    ]


def test_a_region_replaces_the_whole_regions_list_of_that_kind_only(two_municipalities, users):
    w = two_municipalities
    SchoolStatusFactory(school=w["b1"], year=Y, kind="regional_project")
    SchoolStatusFactory(school=w["b1"], year=Y, kind="shnor")
    risk.official_list_import(
        table=table([[Y, "A-1", "", "региональный проект"]]), user=users["admin"], region_code=w["a"].region.code
    )
    assert kinds_of("A-1", "B-1") == [("A-1", Y, "regional_project", ""), ("B-1", Y, "shnor", "")]


def test_a_municipal_user_cannot_import_another_municipalitys_list_of_any_kind(two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["b1"], year=Y, kind="post_project")
    outcome = risk.official_list_import(
        table=table([[Y, "B-1", "", "постпроектное сопровождение"]]), user=users["methodologist"]
    )
    assert (outcome.status, outcome.errors[0].column) == ("rejected", "Код ОО")
    assert kinds_of("B-1") == [("B-1", Y, "post_project", "")]


def test_a_municipal_users_import_never_removes_another_municipalitys_list(two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["b1"], year=Y, kind="low_ior")
    risk.official_list_import(table=table([[Y, "A-1", "", "низкий ИОР"]]), user=users["methodologist"])
    assert kinds_of("A-1", "B-1") == [("A-1", Y, "low_ior", ""), ("B-1", Y, "low_ior", "")]


def test_the_command_refuses_an_unknown_kind_and_says_which_are_known(two_municipalities, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([[Y, "A-1", "", "кластер"]], header=HEADER))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Файл отклонён"):
        call_command("import_official_list", str(path), stdout=io.StringIO(), stderr=err)
    assert f"Строка 2, столбец «Список»: Список «кластер» не распознан: допустимо {DEFAULT_NAMES}." in err.getvalue()


def test_the_upload_page_names_the_kinds_in_use(client, users):
    ListKindFactory(code="cluster", name="Кластер")
    client.force_login(users["methodologist"])
    body = client.get("/risk/official/").content.decode()
    assert "постпроектное сопровождение" in body and "Кластер" in body


# --- The seeds' lists, through the commands, from the repository's own tables ---------------------------------------


def _seed(name: str) -> list[dict]:
    with open(SEEDS / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _write(path: Path, header: list[str], rows: list[list]) -> str:
    path.write_bytes(csv_bytes(rows, header=header))
    return str(path)


REGISTRY = ["Регион", "Код муниципалитета", "Муниципалитет", "Код ОО", "Наименование ОО", "Тип ОО"]


def _command(name: str, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_seed_001_post_project_and_low_ior_lists_import_through_the_command(tmp_path):
    """Seed 001 names its schools by number: the registry of the 31 numbers it names, then its two municipal lists
    (post-project support 2022: 9 schools; low ИОР of the 2020–2021 monitoring: 6 schools)."""
    registry = [
        ["Краснодарский край", "S001", "Район сида 001", f"001-{r['school_number']}", f"ОО № {r['school_number']}", ""]
        for r in _seed("001_school_registry_partial.csv")
    ]
    _command("import_schools", _write(tmp_path / "registry.csv", REGISTRY, registry))
    lists = _seed("001_school_lists.csv")
    wanted = {"post_project_2022": "постпроектное сопровождение", "low_ior": "низкий ИОР"}
    rows = [
        [r["year"], f"001-{r['school_number']}", "", wanted[r["list_key"]]] for r in lists if r["list_key"] in wanted
    ]
    output = _command("import_official_list", _write(tmp_path / "lists.csv", HEADER, rows))
    imported = SchoolStatus.objects.filter(source="official")
    assert (imported.filter(kind="post_project", year=2022).count(), imported.filter(kind="low_ior").count()) == (9, 6)
    assert set(imported.filter(kind="low_ior").values_list("year", flat=True)) == {2021}  # «2020-2021» → 2021
    assert sorted(imported.filter(kind="post_project").values_list("school__code", flat=True)) == sorted(
        f"001-{n}" for n in (8, 10, 19, 20, 21, 23, 48, 52, 56)
    )
    assert "постпроектное сопровождение 2022: добавлено 9" in output and "низкий ИОР 2021: добавлено 6" in output


def test_seed_004_shnor_with_levels_and_regional_project_lists_import_by_name(tmp_path):
    """Seed 004 names its schools: the ШНОР lists of 2021 and 2022 with their levels and the regional project
    «Эффективная школа» of 2023 (3 schools), matched by the schools' short names."""
    schools = _seed("004_shnor_schools.csv")
    registry = [
        ["Хабаровский край", "LAZO", "Район имени Лазо", r["school_id"], r["name_full_ru"], r["school_type"]]
        for r in schools
    ]
    _command("import_schools", _write(tmp_path / "registry.csv", REGISTRY, registry))
    header = ["Год", "Наименование ОО", "Уровень", "Список"]
    rows = [
        [year, r["name_full_ru"], r["result_level_ru"], "ШНОР"]
        for r in schools
        for year in (2021, 2022)
        if r[f"in_shnor_{year}"] == "1"
    ] + [[2023, r["name_full_ru"], "", "Региональный проект"] for r in schools if r["regional_project_2023"] == "yes"]
    _command("import_official_list", _write(tmp_path / "lists.csv", header, rows))
    official = SchoolStatus.objects.filter(source="official")
    assert [official.filter(kind="shnor", year=y).count() for y in (2021, 2022)] == [8, 10]
    assert sorted(official.filter(kind="shnor", year=2022).values_list("level", flat=True)) == sorted(
        ["strong"] * 6 + ["moderate"] * 3 + ["basic"]
    )
    assert sorted(official.filter(kind="regional_project", year=2023).values_list("school__code", flat=True)) == [
        "durmin",
        "grodekovo",
        "pereyaslavka_1",
    ]


def test_the_upload_pages_preview_names_each_kinds_changes_per_municipality(client, two_municipalities, users):
    SchoolStatusFactory(school=two_municipalities["b1"], year=Y, kind="low_ior")
    f = io.BytesIO(csv_bytes([[Y, "A-1", "", "низкий ИОР"]], header=HEADER))
    f.name = "list.csv"
    client.force_login(users["admin"])
    body = client.post("/risk/official/", {"file": f}).content.decode()
    assert ("низкий ИОР 2022" in body, "Район Б" in body, SchoolStatus.objects.filter(kind="low_ior").count()) == (
        True,
        False,
        1,
    )
