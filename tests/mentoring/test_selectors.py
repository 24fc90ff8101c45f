"""The computations: 10-day rule, attendance totals, ШНОР coverage, and what the indicators engine reuses."""

import datetime
from decimal import Decimal

import pytest

from mentoring.models import material_is_late, materials_due, period_active
from mentoring.selectors.events import (
    MATERIALS_AWAITED,
    MATERIALS_LATE,
    MATERIALS_ON_TIME,
    MATERIALS_OVERDUE,
    attendance_by_school,
    event_coverage,
    event_list,
    materials_status,
)
from mentoring.selectors.reach import (
    schools_supported_in,
    schools_with_partnership_in,
    teachers_diagnosed_in,
    teachers_trained_in,
)
from schools.models import School
from tests.factories import (
    EventFactory,
    SchoolFactory,
    SchoolStatusFactory,
    TeacherFactory,
    attend,
    course,
    diagnostic,
    material,
    partnership,
    visit,
)

pytestmark = pytest.mark.django_db
EVENT_DAY = datetime.date(2023, 3, 1)


def test_materials_due_ten_days_after_event():
    assert materials_due(EVENT_DAY) == datetime.date(2023, 3, 11)


def test_material_on_tenth_day_is_on_time():
    assert material_is_late(EVENT_DAY, datetime.date(2023, 3, 11)) is False


def test_material_on_eleventh_day_is_late():
    assert material_is_late(EVENT_DAY, datetime.date(2023, 3, 12)) is True


def test_event_with_late_first_material_is_flagged(world):
    event = world["a"]["event"]
    material(event, datetime.date(2023, 3, 20))
    assert materials_status(event) == MATERIALS_LATE


def test_event_with_timely_material_is_on_time(world):
    event = world["a"]["event"]
    material(event, datetime.date(2023, 3, 5))
    material(event, datetime.date(2023, 4, 5))
    assert materials_status(event) == MATERIALS_ON_TIME


def test_event_without_materials_after_due_is_overdue(world):
    assert materials_status(world["a"]["event"], today=datetime.date(2023, 3, 12)) == MATERIALS_OVERDUE


def test_event_without_materials_before_due_is_awaited(world):
    assert materials_status(world["a"]["event"], today=datetime.date(2023, 3, 10)) == MATERIALS_AWAITED


def test_late_material_flagged_in_api(world, users, api_as):
    material(world["a"]["event"], datetime.date(2023, 3, 20))
    data = api_as(users["head"]).get(f"/api/v1/events/{world['a']['event'].pk}/").json()
    assert (data["materials_status"], data["materials"][0]["late"]) == ("late", True)


def test_late_material_flagged_on_page(world, users, client):
    material(world["a"]["event"], datetime.date(2023, 3, 20))
    client.force_login(users["head"])
    assert "с опозданием" in client.get(f"/mentoring/events/{world['a']['event'].pk}/").content.decode()


def test_attendance_totals_per_event(world, users):
    event = world["a"]["event"]  # A-1 sent 3
    attend(event, world["a3"], 4)
    attend(event, SchoolFactory(municipality=world["a3"].municipality), 0)
    row = event_list(user=users["head"]).get(pk=event.pk)
    assert (row.participants_total, row.schools_total) == (7, 2)


def test_attendance_totals_per_school(world, users):
    second = EventFactory(host_school=world["a3"])
    attend(second, world["a"]["event"].host_school, 5)
    totals = {r["school__code"]: (r["events"], r["participants"]) for r in attendance_by_school(user=users["head"])}
    assert totals == {"A-1": (2, 8)}


def test_shnor_coverage_counts_municipality_shnor_of_event_year(world, users):
    a = world["a3"].municipality
    shnor = [SchoolFactory(municipality=a) for _ in range(3)]
    for s in shnor:
        SchoolStatusFactory(school=s, year=2023)
    SchoolStatusFactory(school=world["a3"], year=2022)  # another year: not counted
    event = world["a"]["event"]
    attend(event, shnor[0], 2)
    attend(event, shnor[1], 0)  # nobody came
    attend(event, world["a3"], 5)
    event.target_share_shnor = Decimal("50")
    event.save()
    coverage = event_coverage(event_list(user=users["head"]).get(pk=event.pk))
    assert (coverage.attended, coverage.total, round(coverage.share, 1), coverage.met) == (1, 3, Decimal("33.3"), False)


def test_shnor_coverage_counts_computed_and_official_once(world, users):
    school = SchoolFactory(municipality=world["a3"].municipality)
    SchoolStatusFactory(school=school, year=2023, source="official")
    SchoolStatusFactory(school=school, year=2023, source="computed")
    event = world["a"]["event"]
    attend(event, school, 2)
    row = event_list(user=users["head"]).get(pk=event.pk)
    assert (row.shnor_attended, row.shnor_total) == (1, 1)


def test_shnor_represented_in_api_is_rounded_percent(world, users, api_as):
    a = world["a3"].municipality
    for i in range(3):
        s = SchoolFactory(municipality=a)
        SchoolStatusFactory(school=s, year=2023)
        if i == 0:
            attend(world["a"]["event"], s, 1)
    data = api_as(users["head"]).get(f"/api/v1/events/{world['a']['event'].pk}/").json()
    assert data["shnor_represented"] == 33.3


def test_coverage_unknown_without_shnor_list(world, users):
    row = event_list(user=users["head"]).get(pk=world["a"]["event"].pk)
    assert event_coverage(row).share is None


def test_period_active_overlaps_year():
    assert period_active(datetime.date(2022, 9, 1), datetime.date(2023, 1, 31), year=2023) is True


def test_period_active_not_in_later_year():
    assert period_active(datetime.date(2022, 9, 1), datetime.date(2022, 12, 31), year=2023) is False


def test_schools_supported_by_visit_attendance_or_hosting(world, users, two_municipalities):
    a = two_municipalities["a"]
    visited, attended, hosted, idle = (SchoolFactory(municipality=a) for _ in range(4))
    from tests.factories import curator_assign

    curator_assign(users["curator"], visited)
    visit(users["curator"], visited, date=datetime.date(2024, 5, 1))
    attend(EventFactory(host_school=world["a3"], date=datetime.date(2024, 2, 1)), attended, 2)
    EventFactory(host_school=hosted, date=datetime.date(2024, 4, 1))
    schools = School.objects.filter(pk__in=[visited.pk, attended.pk, hosted.pk, idle.pk])
    assert schools_supported_in(schools, 2024) == {visited.pk, attended.pk, hosted.pk}


def test_schools_supported_ignores_other_years(world):
    school = world["a"]["event"].host_school
    assert schools_supported_in([school.pk], 2030) == set()


def test_schools_with_partnership_on_either_side(world, two_municipalities):
    a = two_municipalities["a"]
    old, other = SchoolFactory(municipality=a), SchoolFactory(municipality=a)
    partnership(old, other, start=datetime.date(2019, 1, 1), end=datetime.date(2020, 1, 1))
    ids = [world["a3"].pk, two_municipalities["a1"].pk, old.pk]
    assert schools_with_partnership_in(ids, 2023) == {world["a3"].pk, two_municipalities["a1"].pk}


def test_teachers_diagnosed_in_year(world, two_municipalities):
    school = two_municipalities["a1"]
    diagnostic(TeacherFactory(school=school), date=datetime.date(2024, 1, 1))
    assert teachers_diagnosed_in(School.objects.filter(pk=school.pk), 2023) == {"count": 1, "total": 3}


def test_teachers_trained_counts_completed_courses_only(world, two_municipalities):
    school = two_municipalities["a1"]
    course(world["a"]["mentee"], completed=False)
    left_in_2022 = TeacherFactory(school=school, is_active=False, employed_to=datetime.date(2022, 6, 30))
    course(left_in_2022)
    assert teachers_trained_in(School.objects.filter(pk=school.pk), 2023) == {"count": 1, "total": 2}


def test_indicator_selectors_cost_constant_queries(world, two_municipalities, query_budget):
    a = two_municipalities["a"]
    for _ in range(20):
        school = SchoolFactory(municipality=a)
        attend(EventFactory(host_school=world["a3"]), school)
        diagnostic(TeacherFactory(school=school))
    schools = School.objects.filter(municipality=a)
    with query_budget("mentoring.selectors.indicator_measures"):
        schools_supported_in(schools, 2023)
        schools_with_partnership_in(schools, 2023)
        teachers_diagnosed_in(schools, 2023)
        teachers_trained_in(schools, 2023)


def test_overview_of_a_year_shows_only_that_years_visits_and_events(users, two_municipalities):
    from mentoring.models import CuratorVisit, MethodEvent
    from mentoring.selectors.overview import overview

    school = two_municipalities["a1"]
    visits = {
        y: CuratorVisit.objects.create(curator=users["curator"], school=school, date=datetime.date(y, 3, 1))
        for y in (2024, 2025)
    }
    events = {
        y: MethodEvent.objects.create(
            title=f"Семинар {y}", kind="seminar", date=datetime.date(y, 10, 5), municipality=two_municipalities["a"]
        )
        for y in (2024, 2025)
    }
    shown = overview(user=users["head"], year=2024)
    assert ([v.pk for v in shown["visits_recent"]], [e.pk for e in shown["events_past"]]) == (
        [visits[2024].pk],
        [events[2024].pk],
    )


def test_overview_of_a_year_lists_the_curators_of_that_year(users, two_municipalities):
    from mentoring.models import CuratorAssignment
    from mentoring.selectors.overview import overview

    school = two_municipalities["a1"]
    CuratorAssignment.objects.filter(school=school).delete()
    old = CuratorAssignment.objects.create(
        curator=users["curator"], school=school, start=datetime.date(2023, 1, 1), end=datetime.date(2024, 6, 30)
    )
    CuratorAssignment.objects.create(curator=users["methodologist"], school=school, start=datetime.date(2025, 1, 1))
    assert [a.pk for a in overview(user=users["head"], year=2024)["assignments"]] == [old.pk]
