"""Teacher-based measures count the teachers employed in the year: a teacher entered today with today's start is not
in 2019's denominator, one without a recorded start counts in every year up to the end of employment, one who left
counts up to that year; a school that keeps no names counts with its staffing figures' total (and reaches no one)."""

import datetime

import pytest

from mentoring.models import StaffingFigures
from mentoring.selectors.reach import teacher_denominators, teachers_diagnosed_in, teachers_trained_in
from programs.indicators.engine.registry import MEASURES
from schools.models import School
from tests.factories import SchoolFactory, TeacherFactory, course, diagnostic

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff(two_municipalities):
    w = two_municipalities
    a1, a3 = w["a1"], SchoolFactory(code="A-3", municipality=w["a"])
    old = TeacherFactory(school=a1)  # start unknown: every year
    new = TeacherFactory(school=a1, employed_from=D(2024, 9, 1))  # entered for 2024/25
    left = TeacherFactory(school=a1, employed_to=D(2020, 6, 30), is_active=False)
    gone = TeacherFactory(school=a1, is_active=False)  # marked as left before dates were kept: no year
    diagnostic(old, D(2019, 10, 1))
    diagnostic(left, D(2019, 11, 1))
    diagnostic(new, D(2024, 10, 1))
    diagnostic(gone, D(2019, 10, 1))
    course(old, end=D(2024, 5, 1))
    StaffingFigures.objects.create(municipality=w["a"], school=a3, year=2019, teachers_total=10)
    StaffingFigures.objects.create(municipality=w["a"], year=2019, teachers_total=268)  # the municipality whole
    TeacherFactory(school=w["b1"])
    return {"a": w["a"], "a1": a1, "a3": a3, "old": old, "new": new, "left": left}


def _fraction(code, year, params=None):
    m = MEASURES[code]
    return m.compute(
        year=year, municipality_ids=None, params=m.params_with_defaults({"schools": "all", **(params or {})})
    )


def test_denominators_by_year(staff):
    a1, a3 = staff["a1"].pk, staff["a3"].pk
    schools = School.objects.filter(municipality=staff["a"])
    assert teacher_denominators(schools, 2019) == {a1: 2, a3: 10}  # old and left; A-3's figures
    assert teacher_denominators(schools, 2021) == {a1: 1}  # old only; A-3 has no figures of 2021
    assert teacher_denominators(schools, 2024) == {a1: 2}  # old and new


def test_teachers_diagnosed_share_by_year(staff):
    a = staff["a"].pk
    f2019 = _fraction("teachers_diagnosed_share", 2019)[a]
    assert (f2019.numerator, f2019.denominator) == (2, 12)
    assert f2019.den_by_school == {staff["a1"].pk: 2, staff["a3"].pk: 10}
    f2024 = _fraction("teachers_diagnosed_share", 2024)[a]
    assert (f2024.numerator, f2024.denominator) == (1, 2)  # the new teacher, diagnosed in 2024


def test_a_teacher_entered_today_is_not_in_2019(staff):
    today = datetime.date.today()
    TeacherFactory(school=staff["a1"], employed_from=today)
    assert _fraction("teachers_diagnosed_share", 2019)[staff["a"].pk].denominator == 12
    assert _fraction("teachers_diagnosed_share", today.year)[staff["a"].pk].denominator == 3


def test_teachers_pd_share_by_year(staff):
    f = _fraction("teachers_pd_share", 2024)[staff["a"].pk]
    assert (f.numerator, f.denominator) == (1, 2)


def test_the_overview_counts_follow_the_same_rule(staff):
    schools = School.objects.filter(municipality=staff["a"])
    assert teachers_diagnosed_in(schools, 2019) == {"count": 2, "total": 12}
    assert teachers_trained_in(schools, 2024) == {"count": 1, "total": 2}


def test_the_measures_text_states_the_rule():
    for code in ("teachers_diagnosed_share", "teachers_pd_share"):
        formula = MEASURES[code].formula
        assert "работавшие в Y" in formula and "без даты начала работы" in formula, code
        assert "сводных кадровых данных" in formula, code
