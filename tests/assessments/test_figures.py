from decimal import Decimal
from types import SimpleNamespace

import pytest

from assessments import figures
from assessments.models import Result
from core.numbers import format_percent
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def result(**kw):
    base = dict(
        procedure="VPR",
        participants=30,
        marks_2=10,
        marks_3=10,
        marks_4=6,
        marks_5=4,
        marks_4_5=None,
        confirmed=24,
        lowered=3,
        raised=3,
        below_min=None,
        high_scores=None,
    )
    return SimpleNamespace(**{**base, **kw})


def test_share_of_2_shown_one_decimal():
    assert format_percent(figures.figures_of_row(result())["share_2"]) == "33,3\u00a0%"


def test_success_quality_objectivity_high():
    f = figures.figures_of_row(result())
    assert [format_percent(f[k]) for k in ("success", "quality", "objectivity", "high")] == [
        "66,7\u00a0%",
        "33,3\u00a0%",
        "80,0\u00a0%",
        "13,3\u00a0%",
    ]


def test_quality_from_sum_column_when_marks_absent():
    f = figures.figures_of_row(result(marks_4=None, marks_5=None, marks_4_5=12))
    assert f["quality"] == Decimal(40)


def test_oge_uses_below_minimum():
    f = figures.figures_of_row(result(procedure="OGE", marks_2=10, below_min=3))
    assert f["share_2"] == Decimal(10)


def test_ege_without_below_min_falls_back_to_marks():
    assert figures.fail_count("EGE", 4, None) == 4


def test_ege_high_uses_high_scores():
    assert figures.figures_of_row(result(procedure="EGE", high_scores=6))["high"] == Decimal(20)


def test_unknown_numerator_gives_unknown_figure():
    f = figures.figures_of_row(result(confirmed=None))
    assert f["objectivity"] is None


def test_aggregate_sums_counts_before_dividing(two_municipalities):
    """(1 of 10) and (10 of 90) is 11 of 100 = 11 %, not the mean of 10 % and 11.1 %."""
    from assessments.models import Subject

    russian = Subject.objects.get(code="russian")
    small, big = two_municipalities["a1"], SchoolFactory(municipality=two_municipalities["a"])
    Result.objects.create(
        school=small, procedure="VPR", subject=russian, grade=5, year=2024, participants=10, marks_2=1
    )
    Result.objects.create(school=big, procedure="VPR", subject=russian, grade=5, year=2024, participants=90, marks_2=10)
    row = Result.objects.aggregate(**figures.aggregate_kwargs())
    assert figures.counts_of_aggregate(row).figures()["share_2"] == Decimal(11)


def test_aggregate_ignores_rows_with_unknown_numerator(two_municipalities):
    from assessments.models import Subject

    russian = Subject.objects.get(code="russian")
    Result.objects.create(
        school=two_municipalities["a1"],
        procedure="VPR",
        subject=russian,
        grade=5,
        year=2024,
        participants=10,
        marks_2=5,
    )
    Result.objects.create(
        school=two_municipalities["a1"],
        procedure="VPR",
        subject=russian,
        grade=6,
        year=2024,
        participants=90,
        marks_2=None,
    )
    row = Result.objects.aggregate(**figures.aggregate_kwargs())
    assert figures.counts_of_aggregate(row).figures()["share_2"] == Decimal(50)


def test_sql_and_python_agree_on_fail_count(two_municipalities):
    from assessments.models import Subject

    math = Subject.objects.get(code="math")
    r = Result.objects.create(
        school=two_municipalities["a1"],
        procedure="OGE",
        subject=math,
        grade=9,
        year=2024,
        participants=40,
        marks_2=8,
        below_min=5,
    )
    sql = Result.objects.filter(pk=r.pk).aggregate(**figures.aggregate_kwargs())["sum_fail"]
    assert sql == figures.fail_count(r.procedure, r.marks_2, r.below_min) == 5


def _vpr(school, subject, grade=5, year=2024, **kw):
    from assessments.models import Subject

    values = dict(participants=20, marks_2=2)
    values.update(kw)
    return Result.objects.create(
        school=school, procedure="VPR", subject=Subject.objects.get(code=subject), grade=grade, year=year, **values
    )


def test_aggregate_counts_each_school_once_for_its_coverage(two_municipalities):
    """Three rows of one school are one school of the municipality's two: 1 of 2."""
    a1 = two_municipalities["a1"]
    for grade in (5, 6, 7):
        _vpr(a1, "russian", grade=grade)
    row = Result.objects.filter(school__municipality=two_municipalities["a"]).aggregate(**figures.aggregate_kwargs())
    coverage = figures.counts_of_aggregate(row).coverage(active_schools=2)
    assert (coverage.schools, coverage.of, coverage.incomplete) == (1, 2, True)


def test_coverage_of_a_figure_counts_only_schools_with_its_numerator(two_municipalities):
    _vpr(two_municipalities["a1"], "russian", confirmed=15)
    _vpr(two_municipalities["a2"], "russian", confirmed=None)
    row = Result.objects.aggregate(**figures.aggregate_kwargs())
    counts = figures.counts_of_aggregate(row)
    assert (
        counts.coverage(active_schools=2).schools,
        counts.coverage(active_schools=2, figure="objectivity").schools,
    ) == (2, 1)


def test_closed_school_counts_in_the_territory_only_when_it_reported(two_municipalities):
    closed = SchoolFactory(municipality=two_municipalities["a"], is_active=False)
    _vpr(closed, "russian")
    _vpr(two_municipalities["a1"], "russian")
    row = Result.objects.aggregate(**figures.aggregate_kwargs())
    coverage = figures.counts_of_aggregate(row).coverage(active_schools=2)
    assert (coverage.schools, coverage.of) == (2, 3)


def test_one_row_covers_its_school():
    counts = figures.counts_of_row(result(confirmed=None))
    assert (
        counts.coverage(active_schools=1).incomplete,
        counts.coverage(active_schools=1, figure="objectivity").schools,
    ) == (False, 0)
