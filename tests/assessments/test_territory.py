"""Whole-municipality rows (contract 1.2): the seeds' district tables through `manage.py import_results`, shown beside
the portal's sums with the difference and the document's own arithmetic flagged; the API; an indicator at
municipality level falling back to the territory row."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from assessments.figures import figures_of_row
from assessments.models import Procedure, Result, Subject, TerritoryLevel, TerritoryResult
from programs.indicators.engine.measures.results import TERRITORY_NOTE
from programs.indicators.engine.registry import MEASURES
from tests.factories import (
    MunicipalityFactory,
    RegionFactory,
    ResultFactory,
    SchoolFactory,
    TerritoryResultFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


def import_results(path: Path, *args) -> dict:
    out = StringIO()
    call_command("import_results", str(path), "--format", "json", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def district(grade: int, subject: str, year: int = 2020) -> TerritoryResult:
    return TerritoryResult.objects.get(level=TerritoryLevel.MUNICIPALITY, grade=grade, subject__code=subject, year=year)


@pytest.fixture
def seed003(db):
    municipality = MunicipalityFactory(code="N003", name="Новгородский муниципальный район")
    school = SchoolFactory(code="N003-01", municipality=municipality, short_name="МАОУ «Бронницкая СОШ»")
    return {"municipality": municipality, "school": school}


def test_seed_003_vpr_2020_district_table_imports_as_the_department_prints_it(seed003):
    outcome = import_results(FILES / "003_vpr_2020_district.csv")
    assert (outcome["status"], outcome["created"], outcome["errors"]) == ("imported", 38, [])
    assert not Result.objects.exists()  # a district's table: no school rows
    # The figures the document prints, and the integer counts they imply (digest 003, §6; 003_vpr_2020_checks.csv).
    math5 = district(5, "math")
    assert (math5.participants, math5.marks_2, math5.lowered, math5.derived_from_shares) == (327, 17, 66, True)
    assert figures_of_row(math5)["share_2"] == Decimal(17) * 100 / 327  # 5,2 % as printed, from 17 of 327
    assert district(7, "russian").marks_2 == 108  # 35,18 % of 307: the district's maximum
    assert district(6, "russian").lowered == 143


@pytest.mark.parametrize(
    ("grade", "subject", "warning"),
    [
        # 1. participation 275/340 = 80,88 % is 81, not 80
        (8, "math", "% участия 80 не равен 275 из 340 = 81 %."),
        # 3. 6th-grade Russian: 51,12 % is no k/293, and 51,12 + 48,81 = 99,93
        (6, "russian", "«Подтвердили и повысили, %» = 51,12 % невозможно при 293 участниках"),
        (6, "russian", "в сумме дают 99,93 %, а не 100 %"),
        # 4. 5th-grade maths: 79,81 % is 261/327 = 79,8165 truncated, not rounded
        (5, "math", "«Подтвердили и повысили, %» = 79,81 % невозможно при 327 участниках"),
        # 5. 9th-grade social studies: 29,44 % cannot be of 45 participants
        (9, "social", "«Доля «2», %» = 29,44 % невозможно при 45 участниках"),
        # 6. 9th grade, confirmed + lowered < 100 %: physics 1 pupil, biology 3, history 4 unaccounted
        (9, "physics", "в сумме дают 98,7 %, а не 100 %: не учтено 1,3 % участников."),
        (9, "biology", "в сумме дают 95,65 %"),
        (9, "history", "в сумме дают 92,45 %"),
        # grades 10–11 print counts under the «%» header: 5 + 6 = 11 pupils of chemistry read as 11 %
        (11, "chemistry", "в сумме дают 11 %, а не 100 %"),
        # 7. 11th-grade English: 45 + 25 = 70 of 74
        (11, "english", "в сумме дают 70 %, а не 100 %"),
        # 2. 11th-grade geography participation: 8/92 = 8,70 % is 9, not 7
        (11, "geography", "% участия 7 не равен 8 из 92 = 9 %."),
    ],
)
def test_seed_003_arithmetic_errors_are_flagged_per_row(seed003, grade, subject, warning):
    import_results(FILES / "003_vpr_2020_district.csv")
    assert any(warning in w for w in district(grade, subject).warnings), district(grade, subject).warnings


def test_seed_003_derived_counts_equal_the_checks_table(seed003):
    """Every implied count of demo/seeds/003_vpr_2020_checks.csv for the rows the document prints in percent."""
    import csv

    import_results(FILES / "003_vpr_2020_district.csv")
    subjects = {
        "russian_language": "russian",
        "mathematics": "math",
        "world_around_us": "world",
        "social_studies": "social",
    }
    checks = Path(__file__).resolve().parents[2] / "demo" / "seeds" / "003_vpr_2020_checks.csv"
    compared = 0
    for c in csv.DictReader(checks.open(encoding="utf-8")):
        if int(c["grade"]) >= 10:  # counts printed under the «%» header: flagged, not derived (see above)
            continue
        r = district(int(c["grade"]), subjects.get(c["subject"], c["subject"]))
        assert r.participants == int(c["participants"])
        assert r.lowered == int(c["lowered_count_implied"]), c
        if c["failed_count_implied"]:
            assert r.marks_2 == int(c["failed_count_implied"]), c
        compared += 1
    assert compared == 30  # grades 5–9


def test_seed_003_rows_without_errors_carry_no_warning(seed003):
    import_results(FILES / "003_vpr_2020_district.csv")
    assert district(9, "russian").warnings == []  # 53,13 + 46,88 = 100,01: rounding only
    assert district(6, "math").warnings == []


def test_district_rows_are_shown_beside_the_schools_sum_with_the_difference(seed003, client):
    import_results(FILES / "003_vpr_2020_district.csv")
    russian = Subject.objects.get(code="russian")
    ResultFactory(school=seed003["school"], procedure=Procedure.VPR, subject=russian, grade=5, year=2020,
                  participants=20, marks_2=2, marks_3=8, marks_4=6, marks_5=4)  # fmt: skip
    head = UserFactory(username="head_n", role="head", municipality=seed003["municipality"])
    client.force_login(head)
    html = client.get("/assessments/municipality/N003/?year=2020").content.decode()
    assert "Итоги муниципалитета по данным источника" in html
    # 5th-grade Russian: the district prints 14,14 %, the school's row gives 10 %: +4,1 p.p.
    assert "14,1\u00a0%" in html and "10,0\u00a0%" in html and "4,1" in html
    assert "данные 1 из 1 ОО" in html
    assert "% участия 80 не равен 275 из 340 = 81 %." in html  # the document's error where the figure is shown


def test_territory_results_api_with_level_filter(seed003, client):
    import_results(FILES / "003_vpr_2020_district.csv")
    head = UserFactory(username="head_n", role="head", municipality=seed003["municipality"])
    client.force_login(head)
    data = client.get("/api/v1/territory-results/?level=municipality&grade=5&subject=math").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert (row["level"], row["municipality"], row["participants"], row["marks_2"], row["share_2"]) == (
        "municipality",
        "N003",
        327,
        17,
        5.2,
    )
    assert row["derived_from_shares"] is True and row["warnings"]
    assert (row["schools_share_2"], row["difference_share_2"], row["coverage"]) == (None, None, None)
    other = UserFactory(username="head_o", role="head", municipality=MunicipalityFactory(code="X01"))
    client.force_login(other)
    assert client.get("/api/v1/territory-results/").json()["count"] == 0


@pytest.fixture
def seed001(db):
    region = RegionFactory(code="23", name="Краснодарский край")
    municipality = MunicipalityFactory(code="N001", name="Славянский район", region=region)
    SchoolFactory(code="N001-39", municipality=municipality, short_name="СОШ № 39")
    return {"municipality": municipality, "region": region}


def test_seed_001_gia_2022_district_and_krai_figures(seed001):
    outcome = import_results(FILES / "001_gia_2022_district.csv")
    assert (outcome["status"], outcome["created"], outcome["errors"]) == ("imported", 10, [])

    def row(procedure, subject, year=2022, level=TerritoryLevel.MUNICIPALITY):
        return TerritoryResult.objects.get(level=level, procedure=procedure, subject__code=subject, year=year)

    russian = row("EGE", "russian")
    # 487 of 488 mastered EGE Russian (99,8 %), the one failure below the minimum of 24
    assert (russian.participants, russian.below_min, russian.min_score) == (488, 1, 24)
    assert round(figures_of_row(russian)["success"], 1) == Decimal("99.8")
    profile = row("EGE", "math_profile")
    assert (profile.participants, profile.mean_score, profile.high_scores) == (271, Decimal("60.2"), 6)
    assert row("EGE", "math_base").participants + profile.participants == 488  # 217 + 271
    assert row("EGE", "math_profile", 2021).mean_score == Decimal("57.8")  # 60,2 − 2,4
    oge = row("OGE", "russian")
    assert (oge.participants, oge.mean_score) == (None, Decimal("26.99"))  # n unknown: «n = ?»
    assert row("OGE", "math").mean_score - row("OGE", "math", 2021).mean_score == Decimal("0.27")
    krai = row("EGE", "russian", level=TerritoryLevel.REGION)
    assert (krai.region, krai.municipality, krai.mean_score) == (seed001["region"], None, Decimal("71.1"))


def test_seed_001_import_is_idempotent(seed001):
    import_results(FILES / "001_gia_2022_district.csv")
    again = import_results(FILES / "001_gia_2022_district.csv")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 10)


# --- an indicator at municipality level falls back to the territory row ----------------------------------------------


def test_indicator_falls_back_to_the_municipality_row_when_schools_rows_are_absent(db):
    m = MunicipalityFactory(code="T01")
    SchoolFactory(code="T01-1", municipality=m)
    russian, math = Subject.objects.get(code="russian"), Subject.objects.get(code="math")
    TerritoryResultFactory(municipality=m, subject=russian, year=2020, participants=300, marks_2=15)
    TerritoryResultFactory(municipality=m, subject=math, year=2020, participants=200, marks_2=20)
    measure = MEASURES["below_min_share"]
    f = measure.compute(year=2020, municipality_ids=[m.pk], params=measure.params_with_defaults({}))[m.pk]
    assert (f.numerator, f.denominator) == (35, 500)
    assert (f.details["source"], f.details["note"]) == ("territory", TERRITORY_NOTE)


def test_schools_rows_win_over_the_territory_row(db):
    m = MunicipalityFactory(code="T01")
    school = SchoolFactory(code="T01-1", municipality=m)
    russian = Subject.objects.get(code="russian")
    TerritoryResultFactory(municipality=m, subject=russian, year=2020, participants=300, marks_2=15)
    ResultFactory(school=school, subject=russian, year=2020, participants=20, marks_2=5)
    measure = MEASURES["below_min_share"]
    f = measure.compute(year=2020, municipality_ids=[m.pk], params=measure.params_with_defaults({}))[m.pk]
    assert (f.numerator, f.denominator) == (5, 20) and "source" not in f.details


def test_a_territory_row_without_n_is_never_averaged_into_a_value(db):
    m = MunicipalityFactory(code="T01")
    SchoolFactory(code="T01-1", municipality=m)
    russian, math = Subject.objects.get(code="russian"), Subject.objects.get(code="math")
    TerritoryResultFactory(municipality=m, subject=russian, year=2020, participants=300, marks_2=15)
    TerritoryResultFactory(municipality=m, subject=math, year=2020, participants=None, marks_2=None,
                           share_2=Decimal("40"))  # fmt: skip
    measure = MEASURES["below_min_share"]
    f = measure.compute(year=2020, municipality_ids=[m.pk], params=measure.params_with_defaults({}))[m.pk]
    assert f.denominator is None
