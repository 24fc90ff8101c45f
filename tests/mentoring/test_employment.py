"""Dated employment: «работает» and the end of employment agree, the summary counts the year's teachers, and rows
written before dates were kept are migrated sensibly (unknown start; the day they were marked as not working as
their end)."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.models import Teacher
from mentoring.selectors.teachers import teacher_summary
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_past_end_means_not_working_and_not_working_means_an_end(two_municipalities):
    school = two_municipalities["a1"]
    left = Teacher(school=school, full_name="А", subject="М", experience_band="gt20", employed_to=D(2022, 6, 30))
    left.full_clean()
    assert left.is_active is False
    unmarked = Teacher(school=school, full_name="Б", subject="М", experience_band="gt20", is_active=False)
    unmarked.full_clean()
    assert unmarked.employed_to == timezone.localdate()


def test_the_end_is_not_before_the_start(two_municipalities):
    t = Teacher(
        school=two_municipalities["a1"],
        full_name="В",
        subject="М",
        experience_band="gt20",
        employed_from=D(2023, 9, 1),
        employed_to=D(2023, 6, 1),
    )
    with pytest.raises(ValidationError) as exc:
        t.full_clean()
    assert "не может быть раньше даты начала" in str(exc.value)


def test_employed_in_a_year(two_municipalities):
    school = two_municipalities["a1"]
    unknown_start = TeacherFactory(school=school)
    since_2024 = TeacherFactory(school=school, employed_from=D(2024, 9, 1))
    until_2020 = TeacherFactory(school=school, employed_to=D(2020, 1, 1), is_active=False)
    assert [t.employed_in(2019) for t in (unknown_start, since_2024, until_2020)] == [True, False, True]
    assert [t.employed_in(2024) for t in (unknown_start, since_2024, until_2020)] == [True, True, False]
    assert set(Teacher.objects.employed_in(2019)) == {unknown_start, until_2020}


def test_the_summary_counts_the_teachers_of_the_year(world, users):
    school = world["a"]["teacher"].school  # two teachers without a start
    TeacherFactory(school=school, employed_from=D(2024, 9, 1), age_band="lt35", education="higher_ped")
    by_year = {
        year: {s.code: s for s in teacher_summary(user=users["head"], year=year)}["A-1"] for year in (2019, 2024)
    }
    assert (by_year[2019].teachers_total, by_year[2019].under_35, by_year[2019].higher_education) == (2, 0, 0)
    assert (by_year[2024].teachers_total, by_year[2024].under_35, by_year[2024].higher_education) == (3, 1, 1)


def test_the_migration_ends_those_marked_as_not_working(two_municipalities):
    migration = importlib.import_module("mentoring.migrations.0005_event_kind_defaults_and_teacher_employment")
    school = two_municipalities["a1"]
    working = TeacherFactory(school=school)
    left = TeacherFactory(school=school)
    left.is_active = False
    left.save()  # the history keeps the day of the mark
    Teacher.objects.filter(pk=left.pk).update(employed_to=None)  # as rows were before the dates
    marked_on = left.history.filter(is_active=False).earliest("history_date").history_date.date()
    migration.employment_ends(django_apps, None)
    working.refresh_from_db()
    left.refresh_from_db()
    assert (working.employed_from, working.employed_to) == (None, None)
    assert left.employed_to == marked_on
