"""Seed 003 (Новгородский район, программа 2021–2022): the portal's figures are the document's, its errors flagged."""

from decimal import Decimal

import pytest

from demo import seed003
from programs.indicators.models import Indicator, IndicatorValue
from programs.models import PlanItem, Program
from schools.models import School, SchoolStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def novg(load_seed):
    load_seed("003")
    return Program.objects.get(code="novg-quality-2021")


def _value(program, code, year, school=None):
    return IndicatorValue.objects.get(indicator__program=program, indicator__code=code, year=year, school=school)


def test_15_schools_9_with_upper_secondary(novg):
    schools = School.objects.filter(municipality__code="NOVG")
    assert (schools.count(), schools.filter(type="СОШ").count()) == (15, 9)


def test_the_2020_list_of_two_and_none_in_2019(novg):
    official = SchoolStatus.objects.filter(kind="shnor", source="official", school__municipality__code="NOVG")
    assert (
        sorted(official.filter(year=2020).values_list("school__short_name", flat=True))
        == [
            "МАОУ «Бронницкая СОШ»",
            "МАОУ «Трубичинская основная школа»",
        ]
        and not official.filter(year=2019).exists()
    )


def test_share_of_low_results_schools_2020_is_13_33(novg):
    v = _value(novg, "shnor_share", 2020)
    assert (v.numerator, v.denominator, round(v.value, 2), v.fact.value) == (2, 15, Decimal("13.33"), Decimal("13.33"))


def test_target_of_6_3_percent_flagged_as_impossible_with_15_schools(novg):
    ind = Indicator.objects.get(program=novg, code="shnor_share")
    assert ind.targets == {"2022": 6.3} and "6,67 %" in ind.note and "16 ОО" in ind.note


def test_oge_2019_below_minimum_is_2_9_in_mathematics_and_1_in_russian(novg):
    math, russian = _value(novg, "oge_math_below_min", 2019), _value(novg, "oge_russian_below_min", 2019)
    assert (round(math.value, 1), round(russian.value, 1)) == (Decimal("2.9"), Decimal("1.0"))


def test_oge_2019_schools_above_the_documents_thresholds(novg):
    def above(code, limit):
        values = IndicatorValue.objects.filter(
            indicator__program=novg, indicator__code=code, year=2019, school__isnull=False, value__gt=limit
        )
        return sorted(values.values_list("school__short_name", flat=True))

    assert above("oge_math_below_min", 7) == ["МАОУ «Борковская СОШ»", "МАОУ «Трубичинская основная школа»"]
    assert above("oge_russian_below_min", 1) == [
        "МАОУ «Борковская СОШ»",
        "МАОУ «Григоровская СОШ»",
        "МАОУ «Подберезская СОШ»",
    ]


def test_plan_holds_section_iii_and_section_v(novg):
    items = PlanItem.objects.filter(program=novg, school=None)
    assert (items.filter(number__startswith="III.").count(), items.exclude(number__startswith="III.").count()) == (
        11,
        23,
    )


def test_russian_and_mathematics_teachers_with_categories(novg):
    from mentoring.models import Teacher

    teachers = Teacher.objects.filter(school__municipality__code="NOVG")

    def share(subject):
        of = teachers.filter(subject=subject)
        with_category = of.filter(category__in=["first", "highest"]).count()
        return of.count(), with_category, round(Decimal(100 * with_category) / of.count(), 1)

    assert (share("Русский язык и литература"), share("Математика")) == (
        (32, 21, Decimal("65.6")),
        (22, 10, Decimal("45.5")),
    )


def test_agreements_of_the_listed_schools_with_hub_schools(novg):
    from mentoring.models import Partnership

    pairs = set(
        Partnership.objects.filter(school__municipality__code="NOVG").values_list("school__code", "partner__code")
    )
    assert pairs == {(seed003.C[low], seed003.C[hub]) for low, hub in seed003.HUBS.items()}


def test_the_documents_inconsistencies_remarked_on_the_plan(novg):
    from programs.models import PlanItemComment

    remarked = set(PlanItemComment.objects.filter(item__program=novg).values_list("item__number", "text"))
    assert set(seed003.REMARKS.items()) <= remarked


def test_pupils_of_2019_2020_are_4024(novg):
    """Section II: 1 857 + 1 998 + 169 = 4 024 pupils (registry context column «Обучающихся», year 2020)."""
    from schools.selectors import context_table

    rows = context_table(School.objects.filter(municipality__code="NOVG"), year=2020)
    assert sum(r["enrolment"] for r in rows) == 4024 and len(rows) == 15


def test_pd_coverage_at_the_start_of_2020_is_100(novg):
    v = _value(novg, "teachers_pd_share", 2020)
    assert (v.value, v.numerator, v.denominator) == (100, 54, 54)


def test_staffing_of_2020_2021_where_names_are_not_kept(novg):
    """Section II: 397 pedagogical workers, 268 teachers; its shares that do not follow from its counts said beside."""
    from mentoring.selectors.staffing import staffing_by_year
    from schools.models import User

    rows = staffing_by_year(user=User.objects.get(username="head_novgorod"), years=[2021])
    whole = next(r for r in rows if r.source == "figures" and r.unit.endswith("(в целом)"))
    assert (whole.teachers_total, whole.under_35, whole.higher_education, whole.qualified_category, whole.over_55) == (
        268,
        55,
        235,
        143,
        81,
    )
    assert whole.figures.pedagogical_staff == 397
    assert all(text in whole.figures.source for text in ("20,37 %", "97 %", "50,96 %", "33,7 %"))
    subjects = {s.subject: (s.teachers, s.qualified_category) for s in whole.subjects}
    assert subjects == {"Русский язык и литература": (32, 21), "Математика": (22, 10)}


# 003_vpr_2020_checks.csv: the rows whose printed shares do not add up (grade, subject code).
VPR_2020_FLAGGED = {
    (5, "math"),  # 79,81 % of 327 is no whole number (truncated, not rounded)
    (6, "russian"),  # 51,12 % of 293 is no whole number; confirmed + lowered = 99,93 %
    (8, "math"),  # participation 275 of 340 = 80,88 %, printed 80
    (9, "physics"),  # confirmed + lowered = 98,70 %: one pupil unaccounted
    (9, "biology"),  # 95,65 %: three unaccounted
    (9, "history"),  # 92,45 %: four unaccounted
    (9, "social"),  # «2» 29,44 % of 45 is no whole number (the text says 13 of 45 = 28,89 %)
    (11, "geography"),  # participation 8 of 92 = 8,70 %, printed 7
}


def test_vpr_2020_district_table_imports_with_its_arithmetic_errors_flagged(novg):
    from assessments.models import TerritoryResult

    rows = TerritoryResult.objects.filter(municipality__code="NOVG", year=2020, procedure="VPR")
    flagged = {(r.grade, r.subject.code) for r in rows.select_related("subject") if r.warnings}
    assert (rows.count(), flagged) == (38, VPR_2020_FLAGGED)


def test_vpr_2020_failed_shares_as_printed(novg):
    """«Не справились с работой»: grade 7 Russian 35,18 %, grade 9 Russian 31,25 % (20 of 64, as the text says)."""
    from assessments.figures import figures_of_row
    from assessments.models import TerritoryResult

    def share_2(grade, subject):
        row = TerritoryResult.objects.get(
            municipality__code="NOVG", year=2020, procedure="VPR", grade=grade, subject__code=subject
        )
        return round(figures_of_row(row)["share_2"], 2), row.participants

    assert (share_2(7, "russian"), share_2(9, "russian")) == ((Decimal("35.18"), 307), (Decimal("31.25"), 64))
