"""Seed 002 (Партизанский городской округ, 2022–2024): its own municipality, indicators over its 8 schools."""

from decimal import Decimal

import pytest

from demo.common import csv_rows
from programs.indicators.models import Indicator, IndicatorValue
from programs.models import Program, ProgramParticipant
from schools.models import SchoolStatus

pytestmark = pytest.mark.django_db
INDICATORS = ("positive_dynamics_share", "teachers_diagnosed_share", "method_work_share", "partnership_share")


@pytest.fixture
def part(load_seed):
    load_seed("002")
    return Program.objects.get(code="partizansk-quality-2022")


def _values(program, code):
    return {
        v.year: v
        for v in IndicatorValue.objects.filter(
            indicator__program=program, indicator__code=code, school=None, year__in=(2022, 2023, 2024)
        )
    }


def test_programme_passport(part):
    assert (part.municipality.name, part.order_number, str(part.order_date), part.years) == (
        "Партизанский городской округ",
        "4-а",
        "2022-01-10",
        [2022, 2023, 2024],
    )


def test_the_eight_listed_schools_and_500_plus(part):
    statuses = SchoolStatus.objects.filter(school__municipality__code="PART", source="official")
    shnor = sorted(statuses.filter(kind="shnor").values_list("school__short_name", flat=True))
    plus = sorted(statuses.filter(kind="500plus", year=2022).values_list("school__short_name", flat=True))
    assert shnor == sorted(r["school_label_ru"] for r in csv_rows("002_shnor_schools.csv"))
    assert plus == ["МБОУ «СОШ № 1»", "МБОУ «СОШ № 50»"]


def test_participants_are_the_eight_each_year(part):
    counts = {y: ProgramParticipant.objects.filter(program=part, year=y).count() for y in (2022, 2023, 2024)}
    assert counts == {2022: 8, 2023: 8, 2024: 8}


def test_indicators_have_the_documents_targets(part):
    rows = {r["id"]: r for r in csv_rows("002_indicators.csv")}
    expected = {
        code: {str(y): int(rows[str(n)][f"target_{y}"]) for y in (2022, 2023, 2024)}
        for n, code in enumerate(INDICATORS, start=1)
    }
    assert dict(Indicator.objects.filter(program=part).values_list("code", "targets")) == expected


def test_school_indicators_are_taken_over_8_schools(part):
    """They sat on Slavyansk's programme with denominators of 2; each school is now 12,5 %."""
    for code in ("positive_dynamics_share", "method_work_share", "partnership_share"):
        assert {y: v.denominator for y, v in _values(part, code).items()} == {2022: 8, 2023: 8, 2024: 8}


def test_partnership_share_25_25_37_5(part):
    got = {y: (v.numerator, round(v.value, 1), v.status) for y, v in _values(part, "partnership_share").items()}
    assert got == {
        2022: (2, Decimal("25.0"), "met"),
        2023: (2, Decimal("25.0"), "met"),
        2024: (3, Decimal("37.5"), "met"),
    }


def test_methodological_work_covers_every_school(part):
    assert {y: round(v.value) for y, v in _values(part, "method_work_share").items()} == {
        2022: 100,
        2023: 100,
        2024: 100,
    }


def test_diagnostics_meet_70_75_80(part):
    got = _values(part, "teachers_diagnosed_share")
    assert {y: v.status for y, v in got.items()} == {2022: "met", 2023: "met", 2024: "met"}


def test_teachers_27_percent_first_21_highest_and_4_of_8_without_psychologist(part):
    from mentoring.models import Teacher

    teachers = Teacher.objects.filter(school__municipality__code="PART")
    total = teachers.count()

    def pct(category):
        return round(Decimal(100 * teachers.filter(category=category).count()) / total)

    with_psychologist = teachers.filter(subject="Педагог-психолог").values("school").distinct().count()
    assert (pct("first"), pct("highest"), 8 - with_psychologist) == (27, 21, 4)


def test_main_activities_without_deadlines_are_the_plan(part):
    """The passport's seven main activities, numbered as written (the first without a number, two «4.»), with no
    deadlines (contract 1.4: accepted, «срок не распознан»), and its four monitorings; the repeated «4.» remarked."""
    from programs.models import PlanItem, PlanItemComment

    items = PlanItem.objects.filter(program=part, school=None)
    main = items.filter(block__startswith="Основные мероприятия")
    assert (main.count(), list(main.order_by("position").values_list("number", flat=True))) == (
        7,
        ["", "2", "3", "4", "4", "5", "6"],
    )
    assert items.count() == 11 and not main.exclude(deadline_text="").exists()
    assert PlanItemComment.objects.filter(item__program=part, text__contains="под № 4").exists()


def test_passport_keeps_the_period_as_worded_and_funding(part):
    assert (part.period_text, part.funding_sources.startswith("Ресурсное обеспечение Программы")) == (
        "01.2022 – 12.2024",
        True,
    )
