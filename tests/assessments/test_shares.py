"""Contract 1.2, «Shares instead of counts» and «Whole-municipality rows»: the import, its checks and warnings,
and the figures read from either form."""

from decimal import Decimal

import pytest

from assessments import services
from assessments.figures import figures_of_row
from assessments.models import Result, TerritoryLevel, TerritoryResult
from core.tables import table_read

pytestmark = pytest.mark.django_db


def csv(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(lines, user=None, **kwargs):
    return services.results_import(table=table_read(csv(lines), filename="r.csv"), user=user, **kwargs)


def errors(outcome):
    return [(e.row, e.column, e.message) for e in outcome.errors]


KEY = "Код ОО;Процедура;Предмет;Класс;Год"


def test_shares_without_participants_are_kept_as_given_and_n_unknown(two_municipalities):
    outcome = run([f"{KEY};% «2»;Успеваемость;Качество знаний, %", "A-1;ВПР;Русский язык;5;2024;35,5;64,5;20"])
    assert outcome.status == "imported", outcome.errors
    r = Result.objects.get()
    assert (r.participants, r.marks_2, r.marks_4_5, r.derived_from_shares) == (None, None, None, False)
    assert (r.share_2, r.success, r.quality) == (Decimal("35.5"), Decimal("64.5"), Decimal("20"))
    f = figures_of_row(r)
    assert (f["share_2"], f["success"], f["quality"], f["objectivity"]) == (35.5, 64.5, 20, None)


def test_shares_with_participants_derive_whole_pupils_and_are_marked(two_municipalities):
    outcome = run(
        [
            f"{KEY};Участников;Доля «2», %;Качество, %;Доля «5», %;Подтвердили, %;Понизили, %",
            "A-1;ВПР;Русский язык;5;2024;24;12,5;41,7;8,3;75;25",
        ]
    )
    assert outcome.status == "imported", outcome.errors
    r = Result.objects.get()
    assert (r.participants, r.marks_2, r.marks_4_5, r.marks_5, r.confirmed, r.lowered) == (24, 3, 10, 2, 18, 6)
    assert r.derived_from_shares and r.warnings == []
    assert figures_of_row(r)["share_2"] == Decimal(3) * 100 / 24  # from the derived counts


def test_oge_below_minimum_share_gives_below_min_and_ege_high_share_high_scores(two_municipalities):
    outcome = run(
        [
            f"{KEY};Участников;Ниже минимума, %;% высоких",
            "A-1;ОГЭ;Математика;9;2024;40;10;",
            "A-1;ЕГЭ;Русский язык;11;2024;20;5;15",
        ]
    )
    assert outcome.status == "imported", outcome.errors
    oge = Result.objects.get(procedure="OGE")
    ege = Result.objects.get(procedure="EGE")
    assert (oge.below_min, oge.marks_2) == (4, None)
    assert (ege.below_min, ege.high_scores, ege.marks_5) == (1, 3, None)


def test_share_headers_never_take_the_count_columns(two_municipalities):
    """«Подтвердили, %» / «Понизили, %» / «Ниже минимума, %» / «% 2» are shares, not the counts of the same name."""
    index, _missing = services.header_map(
        services._percent_headers(
            table_read(
                csv(["Подтвердили, %;Понизили, %;Ниже минимума, %;% 2;«2»;Подтвердили", "1;2;3;4;5;6"]),
                filename="r.csv",
            )
        ),
        services.COLUMNS,
    )
    assert index == {
        "objectivity": 0,
        "lowered_share": 1,
        "below_min_share": 2,
        "share_2": 3,
        "marks_2": 4,
        "confirmed": 5,
    }


@pytest.mark.parametrize(
    ("header", "cells", "column", "message"),
    [
        ("Доля «2», %", "120", "Доля «2», %", "Доля должна быть от 0 до 100 %, а не 120."),
        (
            "Доля «2», %;Успеваемость, %",
            "30;60",
            "Успеваемость, %",
            "Доля «2» (30 %) и успеваемость (60 %) в сумме дают 90 %, а не 100 %.",
        ),
        ("Доля «2», %", "abc", "Доля «2», %", "Ожидается число, а не «abc»."),
    ],
)
def test_share_rules_name_row_column_and_reason(two_municipalities, header, cells, column, message):
    outcome = run([f"{KEY};{header}", f"A-1;ВПР;Русский язык;5;2024;{cells}"])
    assert outcome.status == "rejected"
    assert errors(outcome) == [(2, column, message)]
    assert not Result.objects.exists()


def test_share_and_count_of_the_same_thing_must_agree(two_municipalities):
    ok = run([f"{KEY};Участников;«2»;Доля «2», %", "A-1;ВПР;Русский язык;5;2024;30;10;33,33"])
    assert ok.status == "imported", ok.errors
    bad = run([f"{KEY};Участников;«2»;Доля «2», %", "A-1;ВПР;Русский язык;6;2024;30;10;40"])
    assert errors(bad) == [(2, "Доля «2», %", "Доля 40 % не согласуется с количеством 10 из 30 участников (33,33 %).")]


def test_counts_without_participants_are_an_error(two_municipalities):
    outcome = run([f"{KEY};Участников;«2»;Доля «2», %", "A-1;ВПР;Русский язык;5;2024;;3;10"])
    assert errors(outcome) == [(2, "Участников", services.COUNT_WITHOUT_N)]


def test_a_row_with_neither_participants_nor_shares_is_an_error(two_municipalities):
    outcome = run([f"{KEY};Участников;Доля «2», %", "A-1;ВПР;Русский язык;5;2024;;"])
    assert errors(outcome) == [(2, "Участников", "Не заполнено обязательное поле.")]


def test_impossible_share_for_n_is_a_warning_kept_with_the_row(two_municipalities):
    """Seed 003, 6th grade Russian: 51,12 % is no whole number of 293 pupils; the row imports with a warning."""
    outcome = run(
        [
            f"{KEY};Участников;Подтвердили и улучшили школьную оценку (%);Понизили результат школьной оценки (%)",
            "A-1;ВПР;Русский язык;6;2024;293;51,12;48,81",
        ]
    )
    assert outcome.status == "imported", outcome.errors
    r = Result.objects.get()
    assert r.warnings == [
        "«Подтвердили и повысили, %» = 51,12 % невозможно при 293 участниках "
        "(ни одно целое число учащихся не даёт эту долю).",
        "Подтвердили, понизили и повысили в сумме дают 99,93 %, а не 100 %: не учтено 0,07 % участников.",
    ]
    assert (r.lowered, r.lowered_share) == (143, Decimal("48.81"))


def test_importing_the_same_shares_twice_changes_nothing(two_municipalities):
    lines = [f"{KEY};Участников;Доля «2», %", "A-1;ВПР;Русский язык;5;2024;24;12,5"]
    assert run(lines).created == 1
    again = run(lines)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


# --- whole-municipality and region rows ------------------------------------------------------------------------------

TERRITORY = "Уровень;Код муниципалитета;Регион;Процедура;Предмет;Класс;Год;Участников;Доля «2», %"


def test_municipality_and_region_rows_are_kept_apart_from_schools(two_municipalities, users):
    w = two_municipalities
    outcome = run(
        [
            f"Код ОО;{TERRITORY}",
            "A-1;;;;ВПР;Русский язык;5;2020;20;10",
            ";муниципалитет;A01;;ВПР;Русский язык;5;2020;327;5,2",
            f";регион;;{w['a'].region.code};ВПР;Русский язык;5;2020;;7,4",
        ],
        user=users["methodologist"],
    )
    assert outcome.status == "imported", outcome.errors
    assert (outcome.created, Result.objects.count(), TerritoryResult.objects.count()) == (3, 1, 2)
    district = TerritoryResult.objects.get(level=TerritoryLevel.MUNICIPALITY)
    assert (district.municipality, district.participants, district.marks_2) == (w["a"], 327, 17)
    region = TerritoryResult.objects.get(level=TerritoryLevel.REGION)
    assert (region.region, region.participants, region.share_2) == (w["a"].region, None, Decimal("7.4"))
    assert district.history.count() == 1
    # again, changed: updated with its history kept
    outcome = run([TERRITORY, "муниципалитет;A01;;ВПР;Русский язык;5;2020;327;5,5"], user=users["methodologist"])
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 0), outcome
    district.refresh_from_db()
    assert district.marks_2 == 18 and district.history.count() == 2


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ("муниципалитет;;", "Код муниципалитета", services.MUNICIPALITY_REQUIRED),
        (
            "муниципалитет;B01;",
            "Код муниципалитета",
            "Муниципалитета с кодом «B01» нет среди муниципалитетов вашей зоны доступа.",
        ),
        ("регион;;", "Регион", services.REGION_REQUIRED),
        ("регион;;Атлантида", "Регион", "Регион «Атлантида» не найден среди регионов вашей зоны доступа."),
        ("страна;;", "Уровень", "Неизвестный уровень «страна». Допустимо: ОО (или пусто), муниципалитет, регион."),
    ],
)
def test_territory_rows_errors(users, cells, column, message):
    outcome = run([TERRITORY, f"{cells};ВПР;Русский язык;5;2020;300;5"], user=users["methodologist"])
    assert errors(outcome) == [(2, column, message)]


def test_a_school_admin_may_not_state_a_municipality_total(users):
    outcome = run([TERRITORY, "муниципалитет;A01;;ВПР;Русский язык;5;2020;300;5"], user=users["school_admin"])
    assert outcome.status == "rejected"
    assert errors(outcome)[0][1] == "Код муниципалитета"


def test_territory_rows_are_scoped(users, two_municipalities):
    run([TERRITORY, "муниципалитет;A01;;ВПР;Русский язык;5;2020;300;5"])
    run([TERRITORY, "муниципалитет;B01;;ВПР;Русский язык;5;2020;300;5"])
    assert TerritoryResult.objects.visible_to(users["head"]).get().municipality == two_municipalities["a"]
    assert TerritoryResult.objects.visible_to(users["regional"]).count() == 2
    # a school's staff read their municipality's total (to compare with), another municipality's head does not
    assert TerritoryResult.objects.visible_to(users["school_admin"]).get().municipality == two_municipalities["a"]
    assert TerritoryResult.objects.visible_to(users["head_b"]).get().municipality == two_municipalities["b"]


def test_results_api_and_page_give_shares_only_rows_with_n_unknown(users, client):
    from rest_framework.test import APIClient

    run(
        [
            f"{KEY};Участников;% «2»;Качество знаний, %;Подтвердили, %",
            "A-1;ВПР;Русский язык;5;2024;;35,5;20;51,12",
            "A-1;ВПР;Русский язык;6;2024;293;;;51,12",
        ]
    )
    api = APIClient()
    api.force_authenticate(users["head"])
    items = {i["grade"]: i for i in api.get("/api/v1/results/?school=A-1").json()["results"]}
    assert {k: items[5][k] for k in ("participants", "marks_2", "share_2", "success", "quality", "objectivity")} == {
        "participants": None,
        "marks_2": None,
        "share_2": 35.5,
        "success": 64.5,
        "quality": 20.0,
        "objectivity": 51.1,
    }
    assert items[5]["derived_from_shares"] is False and items[5]["warnings"] == []
    assert (items[6]["confirmed"], items[6]["derived_from_shares"]) == (150, True)
    assert items[6]["warnings"] == [
        "«Подтвердили, %» = 51,12 % невозможно при 293 участниках (ни одно целое число учащихся не даёт эту долю)."
    ]
    client.force_login(users["head"])
    html = client.get("/assessments/school/A-1/").content.decode()  # «n = ?» and the warning beside the figures
    assert "n&nbsp;=&nbsp;?" in html and "35,5\u00a0%" in html
    assert "51,12 % невозможно при 293 участниках" in html


def test_a_territory_import_tells_what_reads_it_to_recompute(
    users, two_municipalities, django_capture_on_commit_callbacks
):
    from assessments.signals import results_changed

    received = []
    results_changed.connect(lambda sender, signal, **kw: received.append(kw), weak=False, dispatch_uid="territory")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run([TERRITORY, "муниципалитет;A01;;ВПР;Русский язык;5;2020;300;5"], user=users["methodologist"])
    finally:
        results_changed.disconnect(dispatch_uid="territory")
    w = two_municipalities
    assert received == [{"school_ids": sorted([w["a1"].pk, w["a2"].pk]), "years": [2020]}]


def test_a_shares_only_row_reads_n_unknown_in_the_dossier_tables():
    """The dossier (page and PDF) prints a row without participants as «n = ?», never «None»."""
    from django.template import Context, Template

    template = Template("{% load ru %}{{ a|ru_n }}|{{ b|ru_n }}")
    assert template.render(Context({"a": None, "b": 1234})) == "n = ?|1\u00a0234"
