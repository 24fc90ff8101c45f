"""The reports' selectors show year Y as of year Y: no later list, plan item, visit, event or document (#14 item 6)."""

import datetime

import pytest

from assessments.risk.selectors import risk_list
from mentoring.models import CuratorAssignment, CuratorVisit, EventAttendance, MethodEvent, Partnership
from programs.models import SchoolDocument
from reports.selectors import dossier_sections, school_dossier_context
from schools.models import School
from tests.factories import SchoolStatusFactory
from tests.support.programs import item_make, program_make

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def history(two_municipalities):
    school = two_municipalities["a1"]
    for year in (2019, 2020, 2022):
        SchoolStatusFactory(school=school, year=year, source="official")
    return two_municipalities


def test_dossier_history_is_as_of_its_year(history):
    assert school_dossier_context(school=history["a1"], year=2020)["shnor_text"] == "В списках 2019, 2020 г."


def test_dossier_status_rows_stop_at_its_year(history):
    rows = school_dossier_context(school=history["a1"], year=2020)["histories"][0]["rows"]
    assert [r.year for r in rows] == [2019, 2020]


def test_report_lists_history_is_as_of_the_report_year(history):
    lists = risk_list(user=None, year=2020, municipality=history["a"], schools=School.objects.all(), history=True)
    assert {e.school.code: e.history for e in lists.official} == {"A-1": "В списках 2019, 2020 г."}


@pytest.fixture
def support(users, two_municipalities):
    school, partner = two_municipalities["a1"], two_municipalities["a2"]
    program = program_make(two_municipalities["a"], "p1", start=D(2023, 1, 1), end=D(2026, 12, 31))
    items = {
        "due_2023": item_make(program, school=school, end=D(2023, 5, 1)),
        "due_2024": item_make(program, school=school, end=D(2024, 5, 1)),
        "running": item_make(program, school=school, kind="period", start=D(2024, 9, 1), end=D(2025, 5, 31)),
        "always": item_make(program, school=school, kind="continuous"),
        "due_2026": item_make(program, school=school, end=D(2026, 5, 1)),
        "starts_2025": item_make(program, school=school, kind="period", start=D(2025, 1, 1), end=D(2025, 12, 31)),
    }
    CuratorAssignment.objects.filter(school=school).delete()
    old = CuratorAssignment.objects.create(
        curator=users["curator"], school=school, start=D(2023, 1, 1), end=D(2024, 6, 30)
    )
    CuratorAssignment.objects.create(curator=users["methodologist"], school=school, start=D(2025, 1, 1))
    visits = [
        CuratorVisit.objects.create(curator=users["curator"], school=school, date=D(y, 3, 1)) for y in (2024, 2025)
    ]
    events = []
    for y in (2024, 2025):
        event = MethodEvent.objects.create(
            title=f"Семинар {y}", kind="seminar", date=D(y, 10, 5), municipality=school.municipality
        )
        events.append(EventAttendance.objects.create(event=event, school=school, participants=3))
    partnerships = [
        Partnership.objects.create(school=school, partner=partner, start=D(2023, 9, 1), end=D(2024, 8, 31)),
        Partnership.objects.create(school=school, partner=partner, start=D(2025, 9, 1)),
    ]
    documents = [
        SchoolDocument.objects.create(school=school, year=y, kind="concept", title=f"Концепция {y}")
        for y in (2023, 2024, 2025)
    ]
    return {
        "school": school,
        "items": items,
        "old": old,
        "visits": visits,
        "events": events,
        "partnerships": partnerships,
        "documents": documents,
    }


def test_dossier_plan_items_are_those_due_by_or_running_in_its_year(support):
    shown = {i.pk for i in dossier_sections(school=support["school"], year=2024)["activities"]}
    items = support["items"]
    assert shown == {items[k].pk for k in ("due_2023", "due_2024", "running", "always")}


def test_dossier_curators_are_those_of_its_year(support):
    assert [a.pk for a in dossier_sections(school=support["school"], year=2024)["curators"]] == [support["old"].pk]


def test_dossier_visits_are_those_of_its_year(support):
    assert dossier_sections(school=support["school"], year=2024)["visits"] == [support["visits"][0]]


def test_dossier_events_are_those_of_its_year(support):
    assert dossier_sections(school=support["school"], year=2024)["events"] == [support["events"][0]]


def test_dossier_partnerships_are_those_active_in_its_year(support):
    assert dossier_sections(school=support["school"], year=2024)["partnerships"] == [support["partnerships"][0]]


def test_dossier_documents_stop_at_its_year(support):
    shown = dossier_sections(school=support["school"], year=2024)["documents"]
    assert [d.year for d in shown] == [2024, 2023]


def test_indicator_rows_chart_stops_at_the_report_year(two_municipalities):
    from decimal import Decimal

    from django.utils import timezone

    from programs.indicators.models import Indicator, IndicatorValue
    from reports.selectors import indicator_rows

    program = program_make(two_municipalities["a"], "p1", start=D(2023, 1, 1), end=D(2026, 12, 31))
    ind = Indicator.objects.create(program=program, code="share", name="Доля", method="manual")
    for year in (2023, 2024, 2025):
        IndicatorValue.objects.create(
            indicator=ind, year=year, value=Decimal(year - 2000), status="met", computed_at=timezone.now()
        )
    assert sorted(indicator_rows([program], 2024)[0]["points"]) == [2023, 2024]
