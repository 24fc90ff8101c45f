"""Seed 001 (Славянский район, программа 2023–2025): the portal's figures are Section 1's, its errors flagged."""

import datetime
from decimal import Decimal

import pytest

from assessments.selectors import territory_figure_list
from demo import seed001
from demo.common import csv_rows
from programs.indicators.models import Indicator, IndicatorValue
from programs.models import PlanItem, Program
from schools.models import School, SchoolStatus, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def slav(load_seed):
    load_seed("001")
    return Program.objects.get(code="slav-quality-2023")


def _figures(subject, year=2022, procedure="EGE"):
    admin = User.objects.get(username="admin")
    return next(
        f
        for f in territory_figure_list(user=admin)
        if (f["territory"], f["procedure"], f["subject"], f["year"]) == ("SLAV", procedure, subject, year)
    )


def test_37_organisations(slav):
    schools = School.objects.filter(municipality__code="SLAV")
    assert (schools.count(), schools.filter(type="ООШ").count(), schools.get(code=seed001.C(1)).type) == (
        37,
        9,
        "лицей",
    )


def test_passport_period_and_order(slav):
    assert (slav.period_start, slav.period_end, slav.order_number, slav.order_date) == (
        datetime.date(2023, 1, 1),
        datetime.date(2025, 12, 31),
        "114",
        datetime.date(2023, 1, 10),
    ) and len(slav.tasks) == 8
    assert slav.main_idea.startswith("Преодоление разрыва") and "№ 1736" in slav.normative_basis


def test_the_2022_list_of_10(slav):
    listed = SchoolStatus.objects.filter(
        kind="shnor", source="official", year=2022, school__municipality__code="SLAV"
    ).values_list("school__short_name", flat=True)
    expected = [r["school_label_ru"] for r in csv_rows("001_school_lists.csv") if r["list_key"] == "shnor_2022"]
    assert sorted(listed) == sorted(expected) and len(expected) == 10


def test_plan_from_the_documents_blocks(slav):
    items = PlanItem.objects.filter(program=slav, school=None)
    monitoring = items.get(title__startswith="Мониторинг качества образования")
    # Section 3's 30 activities (no deadlines in the document: «срок не распознан») and the passport's 7 monitorings.
    assert (items.count(), items.filter(number__startswith="7.").count()) == (37, 7)
    assert items.filter(deadline_text="").count() == 30 + 3
    assert monitoring.deadline_text == "4 раза в год по итогам четверти/полугодия"


def test_twenty_indicators_with_their_2025_targets(slav):
    indicators = {i.code: i for i in Indicator.objects.filter(program=slav)}
    by_name = {i.name: i for i in indicators.values()}
    targets = {
        r["name_ru"]: by_name[r["name_ru"]].targets
        for r in csv_rows("001_indicators.csv")
        if r["comparator"] != "decrease by >="
    }
    assert len(indicators) == 20 and all(
        t == {"2025": float(t["2025"])} or list(t) == ["2025"] for t in targets.values()
    )
    assert indicators["oge_below_min_share"].targets == {"2025": 5}


def test_indicator_4_baseline_computed_77_4_and_the_documents_77_3_flagged(slav):
    v = IndicatorValue.objects.get(indicator__program=slav, indicator__code="gia9_no_fail_share", year=2022)
    assert (v.numerator, v.denominator, round(v.value, 1)) == (1055, 1363, Decimal("77.4"))
    assert "77,3 %" in v.evidence and "1 364" in v.evidence


def test_ege_russian_2022_488_participants_mastery_99_8(slav):
    f = _figures("russian")
    assert (f["participants"], round(f["success"], 1)) == (488, Decimal("99.8"))


def test_ege_russian_failure_in_school_39(slav):
    from assessments.models import Result

    failed = Result.objects.filter(
        school__municipality__code="SLAV", procedure="EGE", subject__code="russian", year=2022, below_min__gt=0
    ).values_list("school__short_name", flat=True)
    assert list(failed) == ["МБОУ СОШ № 39"]


def test_ege_base_mathematics_distribution(slav):
    """60,8 / 29,5 / 9,2 / 0,5 % of 217 (001_ege_math_base_2022_distribution.csv)."""
    from assessments.models import Result

    rows = Result.objects.filter(
        school__municipality__code="SLAV", procedure="EGE", subject__code="math_base", year=2022
    )
    sums = [sum(getattr(r, f"marks_{m}") for r in rows) for m in (5, 4, 3, 2)]
    f = _figures("math_base")
    assert (f["participants"], sums, round(f["high"], 1), round(f["share_2"], 1)) == (
        217,
        [132, 64, 20, 1],
        Decimal("60.8"),
        Decimal("0.5"),
    )


def test_ege_base_mathematics_four_and_five_is_196_not_the_documents_138(slav):
    """Digest A12: «138 человек справились на 4 и 5», but 132 + 64 = 196 — the portal shows 196 (90,3 %)."""
    f = _figures("math_base")
    assert round(f["quality"], 1) == Decimal("90.3")


def test_schools_without_a_three_in_base_mathematics(slav):
    from assessments.models import Result

    no_three = Result.objects.filter(
        school__municipality__code="SLAV", procedure="EGE", subject__code="math_base", year=2022, marks_3=0
    ).values_list("school__code", flat=True)
    assert sorted(no_three) == sorted(seed001.C(n) for n in seed001.NO_GRADE_3)


def test_profile_mathematics_271_and_the_schools_whose_mean_rose_or_fell(slav):
    from assessments.models import Result

    rows = Result.objects.filter(school__municipality__code="SLAV", procedure="EGE", subject__code="math_profile")
    mean = {(r.school.code, r.year): r.mean_score for r in rows.select_related("school")}
    up = sorted(c for (c, y), m in mean.items() if y == 2022 and m > mean[(c, 2021)])
    down = sorted(c for (c, y), m in mean.items() if y == 2022 and m < mean[(c, 2021)])
    assert _figures("math_profile")["participants"] == 271
    assert (up, down) == (
        sorted(seed001.C(n) for n in seed001.PROFILE_UP),
        sorted(seed001.C(n) for n in seed001.PROFILE_DOWN),
    )


def test_base_and_profile_participants_are_the_ege_participants(slav):
    """Digest A14: 217 + 271 = 488."""
    assert (
        _figures("math_base")["participants"] + _figures("math_profile")["participants"]
        == _figures("russian")["participants"]
    )


def test_oge_2022_1313_participants(slav):
    assert _figures("russian", procedure="OGE")["participants"] == 1313


def test_lists_10_shnor_9_post_project_6_low_ior(slav):
    """Digest A17: «10 ШНОР; 9 post-project; … 6 low ИОР», each a list of its kind with its year."""
    official = SchoolStatus.objects.filter(source="official", school__municipality__code="SLAV")
    counts = {(k, y): official.filter(kind=k, year=y).count() for k, y in official.values_list("kind", "year")}
    assert counts == {("shnor", 2022): 10, ("post_project", 2022): 9, ("low_ior", 2021): 6}


def test_pupils_of_2021_2022_are_14835_with_191_in_school_15(slav):
    from schools.selectors import context_table

    rows = {r["school_id"]: r for r in context_table(School.objects.filter(municipality__code="SLAV"), year=2022)}
    school_15 = School.objects.get(code=seed001.C(15))
    assert (sum(r["enrolment"] for r in rows.values()), rows[school_15.pk]["enrolment"]) == (14835, 191)


@pytest.mark.parametrize(
    ("indicator", "text"),
    [
        ("gia9_no_fail_share", "6,1 %"),  # A4
        ("gia9_no_fail_share", "292"),  # A5
        ("gia9_no_fail_share", "351"),  # A6
        ("gia9_no_fail_share", "1 387"),  # A7
        ("oge_below_min_share", "1,39"),  # A8
        ("attestat_share", "196"),  # A12
    ],
)
def test_the_documents_arithmetic_errors_are_flagged_beside_their_indicator(slav, indicator, text):
    """001_arithmetic_checks.csv: each mismatch is said on the indicator page the figure belongs to."""
    assert text in Indicator.objects.get(program=slav, code=indicator).note


def test_district_figures_beside_the_portals_sums_differ_by_nothing(slav):
    """Section 1's district rows (EGE and OGE 2022) against the sums of the schools' rows: the same participants
    and shares."""
    from assessments.selectors import territory_comparison, territory_row_list

    admin = User.objects.get(username="admin")
    rows = territory_row_list(user=admin).filter(municipality__code="SLAV", year=2022)
    compared = territory_comparison(rows=rows, schools=School.objects.filter(municipality__code="SLAV"))
    participants = {
        (c["row"].procedure, c["row"].subject.code): (c["row"].participants, c["portal_n"]) for c in compared
    }
    assert participants == {
        ("EGE", "russian"): (488, 488),
        ("EGE", "math_base"): (217, 217),
        ("EGE", "math_profile"): (271, 271),
        ("OGE", "russian"): (1313, 1313),
        ("OGE", "math"): (1313, 1313),
    }
    assert all(d in (None, 0) for c in compared for d in c["difference"].values())
