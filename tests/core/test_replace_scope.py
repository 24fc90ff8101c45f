"""Every replace-style write touches only what its input names, inside the writer's scope (issue #14).

Two municipalities of one region hold the same kinds of data. Each write that replaces a set of rows (official
lists, computed ШНОР lists and watch-list, indicator values, plan re-imports, programme tracks and participants,
event attendance, ИОМ items, registry and results imports, column mappings, report files, the charts' cache) runs
for municipality A — with full scope and as a user scoped to A — and B's rows must come out byte-identical:
`values()` of every B row before and after, plus B's report file and B's cached chart.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from assessments.models import ColumnMapping, Result, ResultChange, Subject
from assessments.risk import services as risk
from assessments.risk.models import RiskRun
from assessments.services import mapping_save, results_import
from core.tables import table_read
from mentoring.models import (
    EventAttendance,
    EventTeacherAttendance,
    IndividualPlan,
    IndividualPlanItem,
    MethodEvent,
    Teacher,
)
from mentoring.services.events import event_teachers_set, event_update
from mentoring.services.teachers import plan_save
from programs.indicators.engine.recompute import indicator_values_recompute
from programs.indicators.models import Indicator, IndicatorValue
from programs.indicators.services import indicator_save
from programs.models import (
    Notification,
    PlanItem,
    Program,
    ProgramParticipant,
    ProgramTrack,
)
from programs.services import ServiceError
from programs.services.notifications import notification_read
from programs.services.plan_import import PLAN_SCHOOL_OUTSIDE, plan_import
from programs.services.programmes import ParticipantData, TrackData, program_save
from reports.models import Report
from schools.models import Municipality, School, SchoolStatus
from schools.services import registry_import
from tests.factories import SchoolFactory
from tests.support.results_files import csv_bytes, row

pytestmark = pytest.mark.django_db
Y = 2024
D = datetime.date
WHEN = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)


def _world_of(m, school, user):
    """One municipality's data of every replaceable kind; returns its objects by name."""
    other = SchoolFactory(code=f"{school.code}-X", municipality=m, short_name=f"Вторая ОО {m.code}")
    russian, math = Subject.objects.get(code="russian"), Subject.objects.get(code="math")
    for s, subject, m2 in ((school, russian, 9), (school, math, 8), (other, russian, 1)):
        r = Result.objects.create(
            school=s,
            procedure="VPR",
            subject=subject,
            grade=5,
            year=Y - 1,
            participants=20,
            marks_2=m2,
            marks_3=5,
            marks_4=4,
            marks_5=20 - m2 - 9,
        )
        ResultChange.objects.create(result=r, school=s, key={"subject": subject.code}, user=user, after={"marks_2": m2})
    risk.risk_list_recompute(year=Y, municipality_ids=[m.pk])
    SchoolStatus.objects.create(school=school, year=Y, kind="shnor", source="official", level="strong")
    SchoolStatus.objects.create(school=other, year=Y, kind="shnor", source="official")
    SchoolStatus.objects.create(school=other, year=Y, kind="shnsu", source="official")
    program = Program.objects.create(
        code=f"p-{m.code}",
        title=f"Программа {m.code}",
        municipality=m,
        period_start=D(2023, 1, 1),
        period_end=D(2025, 12, 31),
    )
    track = ProgramTrack.objects.create(program=program, number=1, title="Трек 1")
    ProgramParticipant.objects.create(program=program, school=school, year=Y, track=track)
    ProgramParticipant.objects.create(program=program, school=other, year=Y)
    for n, s in enumerate((None, school), start=1):
        PlanItem.objects.create(
            program=program,
            school=s,
            position=n,
            number=f"1.{n}",
            title=f"Мероприятие {n}",
            deadline_text="март 2024",
            deadline_kind="month",
        )
    Indicator.objects.create(
        program=program,
        code="shnor_share",
        name="Доля ШНОР",
        unit="percent",
        direction="lower",
        comparator="le",
        method="computed",
        measure="shnor_share",
        targets={str(Y): 10},
    )
    manual = Indicator.objects.create(
        program=program, code="manual", name="Вручную", unit="percent", method="manual", targets={str(Y): 50}
    )
    IndicatorValue.objects.create(
        indicator=manual, year=Y, value=40, status="not_met", computed_at=WHEN, evidence="протокол"
    )
    IndicatorValue.objects.create(indicator=manual, year=Y, school=school, value=30, computed_at=WHEN)
    event = MethodEvent.objects.create(title=f"Семинар {m.code}", kind="seminar", date=D(Y, 3, 1), municipality=m)
    teacher = Teacher.objects.create(
        school=school, full_name=f"Учитель {m.code}", subject="математика", experience_band="5-10"
    )
    EventAttendance.objects.create(event=event, school=school, participants=4)
    EventTeacherAttendance.objects.create(event=event, teacher=teacher)
    plan = IndividualPlan.objects.create(teacher=teacher, year=Y)
    IndividualPlanItem.objects.create(plan=plan, title="Курсы", due=D(Y, 6, 1))
    ColumnMapping.objects.create(user=user, mapping={"ОО": "school_code"})
    Notification.objects.create(user=user, kind=Notification.Kind.values[0], key=f"k-{m.code}", text="Срок")
    report = Report.objects.create(kind="program", municipality=m, year=Y, status="done")
    report.file = default_storage.save(f"reports/{report.pk}/report.pdf", ContentFile(f"%PDF {m.code}".encode()))
    report.save()
    return {
        "program": program,
        "event": event,
        "teacher": teacher,
        "plan": plan,
        "other": other,
        "report": report,
        "manual": manual,
    }


@pytest.fixture
def world(two_municipalities, users):
    w = two_municipalities
    a = _world_of(w["a"], w["a1"], users["head"])
    b = _world_of(w["b"], w["b1"], users["head_b"])
    # B's school and teacher at A's event: the row is B's, the event A's.
    EventAttendance.objects.create(event=a["event"], school=w["b1"], participants=2)
    EventTeacherAttendance.objects.create(event=a["event"], teacher=b["teacher"])
    indicator_values_recompute()
    return {**w, "A": a, "B": b, "users": users}


def snapshot(w) -> dict:
    """Every row of B's data (and B's rows inside A's things), as `values()`, and B's report file's bytes."""
    b = w["b"]
    sets = {
        "municipality": Municipality.objects.filter(pk=b.pk),
        "school": School.objects.filter(municipality=b),
        "status": SchoolStatus.objects.filter(school__municipality=b),
        "risk_run": RiskRun.objects.filter(municipality=b),
        "result": Result.objects.filter(school__municipality=b),
        "result_change": ResultChange.objects.filter(school__municipality=b),
        "program": Program.objects.filter(municipality=b),
        "track": ProgramTrack.objects.filter(program__municipality=b),
        "participant": ProgramParticipant.objects.filter(program__municipality=b),
        "plan_item": PlanItem.objects.filter(program__municipality=b),
        "indicator": Indicator.objects.filter(program__municipality=b),
        "indicator_value": IndicatorValue.objects.filter(indicator__program__municipality=b),
        "event": MethodEvent.objects.filter(municipality=b),
        "attendance": EventAttendance.objects.filter(school__municipality=b),
        "teacher_attendance": EventTeacherAttendance.objects.filter(teacher__school__municipality=b),
        "teacher": Teacher.objects.filter(school__municipality=b),
        "iom": IndividualPlan.objects.filter(teacher__school__municipality=b),
        "iom_item": IndividualPlanItem.objects.filter(plan__teacher__school__municipality=b),
        "column_mapping": ColumnMapping.objects.filter(user__municipality=b),
        "notification": Notification.objects.filter(user__municipality=b),
        "report": Report.objects.filter(municipality=b),
    }
    rows = {name: list(qs.order_by("pk").values()) for name, qs in sets.items()}
    with default_storage.open(w["B"]["report"].file, "rb") as f:
        rows["report_file"] = f.read()
    return rows


def assert_b_untouched(w, write):
    before = snapshot(w)
    assert all(before[k] for k in before), [k for k in before if not before[k]]  # B really has every kind of data
    write()
    after = snapshot(w)
    assert {k: v for k, v in after.items() if v != before[k]} == {}


FULL, SCOPED = "admin", "methodologist"


def table(header, rows):
    return table_read(csv_bytes(rows, header=header), filename="t.csv")


# --- Lists --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [FULL, SCOPED, None])
def test_official_list_import(world, who, django_capture_on_commit_callbacks):
    user = world["users"][who] if who else None
    file = table(["Год", "Код ОО", "Уровень"], [[Y, "A-1", "умеренно"], [Y, "A-2", ""]])

    def write():
        with django_capture_on_commit_callbacks(execute=True):
            outcome = risk.official_list_import(table=file, user=user)
        assert (outcome.status, outcome.removed) == ("imported", 1)  # A-1-X left A's list

    assert_b_untouched(world, write)


def test_official_list_import_of_a_region_by_a_scoped_user(world, django_capture_on_commit_callbacks):
    file = table(["Год", "Код ОО"], [[Y, "A-1"]])

    def write():
        with django_capture_on_commit_callbacks(execute=True):
            risk.official_list_import(table=file, user=world["users"][SCOPED], region_code=world["a"].region.code)

    assert_b_untouched(world, write)


def test_official_list_dry_run_of_a_region(world):
    file = table(["Год", "Код ОО"], [[Y, "A-1"]])
    assert_b_untouched(
        world,
        lambda: risk.official_list_import(
            table=file, user=world["users"][FULL], region_code=world["a"].region.code, dry_run=True
        ),
    )


def test_computed_lists_recompute(world, django_capture_on_commit_callbacks):
    def write():
        with django_capture_on_commit_callbacks(execute=True):
            runs = risk.risk_list_recompute(year=Y, municipality_ids=[world["a"].pk])
        assert [r.municipality_id for r in runs] == [world["a"].pk]

    assert_b_untouched(world, write)


@pytest.mark.parametrize("who", ["head", SCOPED])
def test_computed_lists_recompute_queued_by_a_scoped_user_without_a_municipality(
    world, who, django_capture_on_commit_callbacks
):
    def write():
        with django_capture_on_commit_callbacks(execute=True):
            risk.risk_recompute_enqueue(user=world["users"][who], year=Y, municipality=None)

    assert_b_untouched(world, write)


def test_recompute_after_an_import_of_a_schools_results(world, settings, django_capture_on_commit_callbacks):
    settings.RISK_RECOMPUTE_DEBOUNCE_SECONDS = 0

    def write():
        with django_capture_on_commit_callbacks(execute=True):
            risk.risk_recompute_after_import(school_ids=[world["a1"].pk], years=[Y - 1])

    assert_b_untouched(world, write)


# --- Indicators ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [Y, None])
def test_indicator_values_recompute_of_a_municipality(world, year):
    assert_b_untouched(world, lambda: indicator_values_recompute(year=year, municipality=world["a"]))


def test_indicator_values_recompute_of_an_indicator(world):
    ind = Indicator.objects.get(program=world["A"]["program"], code="shnor_share")
    assert_b_untouched(world, lambda: indicator_values_recompute(indicators=[ind]))


@pytest.mark.parametrize("who", [FULL, SCOPED])
def test_manual_indicator_saved_again(world, who, django_capture_on_commit_callbacks):
    ind = world["A"]["manual"]

    def write():
        with django_capture_on_commit_callbacks(execute=True):
            indicator_save(
                user=world["users"][who],
                program=world["A"]["program"],
                indicator=ind,
                code=ind.code,
                name=ind.name,
                unit=ind.unit,
                direction=ind.direction,
                comparator=ind.comparator,
                method=ind.method,
                targets={str(Y): 45},
            )

    assert_b_untouched(world, write)


# --- Programmes and plans -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [FULL, SCOPED])
@pytest.mark.parametrize("school", [False, True])
def test_plan_reimport(world, who, school):
    file = table(
        ["№", "Мероприятие", "Сроки"], [["1.1", "Новое название", "апрель 2024"], ["", "Ещё одно", "май 2024"]]
    )

    def write():
        outcome = plan_import(
            table=file, program=world["A"]["program"], user=world["users"][who], school=world["a1"] if school else None
        )
        assert outcome.status == "imported"

    assert_b_untouched(world, write)


@pytest.mark.parametrize("who", [FULL, SCOPED])
def test_programme_tracks_and_participants_replaced(world, who):
    p = world["A"]["program"]

    def write():
        program_save(
            user=world["users"][who],
            program=p,
            code=p.code,
            title=p.title,
            municipality=p.municipality,
            period_start=p.period_start,
            period_end=p.period_end,
            tracks=[TrackData(number=2, title="Трек 2")],
            participants=[ParticipantData(school="A-2", year=Y, track=2)],
        )

    assert_b_untouched(world, write)


def test_plan_import_into_a_school_of_another_municipality_is_refused(world):
    file = table(["Мероприятие", "Сроки"], [["Новое", "апрель 2024"]])

    def write():
        outcome = plan_import(table=file, program=world["A"]["program"], user=world["users"][FULL], school=world["b1"])
        assert [e.message for e in outcome.errors] == [PLAN_SCHOOL_OUTSIDE.format(code="B-1")]

    assert_b_untouched(world, write)


def test_programme_participants_of_another_municipality_are_refused(world):
    p = world["A"]["program"]
    before = snapshot(world)
    with pytest.raises(ServiceError):
        program_save(
            user=world["users"][FULL],
            program=p,
            code=p.code,
            title=p.title,
            municipality=p.municipality,
            period_start=p.period_start,
            period_end=p.period_end,
            participants=[ParticipantData(school="B-1", year=Y)],
        )
    assert snapshot(world) == before


# --- Support: events, teachers ------------------------------------------------------------------------------------


def test_event_attendance_replaced_by_a_scoped_user_keeps_other_municipalities_rows(world):
    assert_b_untouched(
        world,
        lambda: event_update(event=world["A"]["event"], user=world["users"][SCOPED], attendance=[(world["a2"], 7)]),
    )


def test_event_teachers_replaced_by_a_scoped_user_keep_other_municipalities_teachers(world):
    a1 = world["A"]["teacher"]
    EventAttendance.objects.filter(event=world["A"]["event"], school=world["a1"]).update(participants=5)
    assert_b_untouched(
        world, lambda: event_teachers_set(event=world["A"]["event"], teachers=[a1], user=world["users"][SCOPED])
    )


@pytest.mark.parametrize("who", [FULL, "school_admin"])
def test_iom_items_replaced(world, who):
    plan = world["A"]["plan"]
    assert_b_untouched(
        world,
        lambda: plan_save(
            teacher=plan.teacher,
            year=Y,
            status=plan.status,
            plan=plan,
            user=world["users"][who],
            items=[{"title": "Стажировка", "due": D(Y, 9, 1)}],
        ),
    )


# --- Imports, mappings ----------------------------------------------------------------------------------------------


def test_registry_import_of_a_municipality(world):
    file = table(
        ["Регион", "Код муниципалитета", "Муниципалитет", "Код ОО", "Наименование ОО"],
        [
            [world["a"].region.name, "A01", "Район А (новое имя)", "A-1", "МБОУ СОШ № 1, новое имя"],
            [world["a"].region.name, "A01", "Район А (новое имя)", "A-9", "Новая ОО"],
        ],
    )
    assert_b_untouched(world, lambda: registry_import(table=file, user=world["users"][FULL]))


@pytest.mark.parametrize("who", [FULL, SCOPED])
def test_results_import_of_a_municipality(world, who, settings, django_capture_on_commit_callbacks):
    settings.RISK_RECOMPUTE_DEBOUNCE_SECONDS = settings.INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS = 0
    from tests.support.results_files import HEADER

    file = table(HEADER, [row(code="A-1", year=Y - 1, m2=1, m3=9), row(code="A-2", year=Y - 1)])

    def write():
        with django_capture_on_commit_callbacks(execute=True):
            outcome = results_import(table=file, user=world["users"][who])
        assert outcome.status == "imported", outcome.errors

    assert_b_untouched(world, write)


def test_column_mapping_saved_by_a_user_of_a(world):
    assert_b_untouched(world, lambda: mapping_save(user=world["users"]["head"], mapping={"Школа": "school_code"}))


def test_notifications_marked_read_by_a_user_of_a(world):
    assert_b_untouched(world, lambda: notification_read(user=world["users"]["head"]))


# --- Files and caches -----------------------------------------------------------------------------------------------


def test_report_file_rebuilt_for_a(world, monkeypatch):
    from reports import pdf, services

    monkeypatch.setattr(pdf, "pdf_render", lambda **kw: (b"%PDF rebuilt", 1))  # the file, not the layout, is tested
    assert_b_untouched(world, lambda: services.report_build(report=world["A"]["report"]))


def test_charts_cache_of_b_survives_a_recompute_and_warm_up_of_a(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from matplotlib.figure import Figure

    from core.charts import line_chart

    settings.DASHBOARD_CHARTS_WARM = True
    series = {"Район Б": {Y - 1: 12.5, Y: 10.0}}
    drawn = line_chart(series=series, title="Район Б")
    with django_capture_on_commit_callbacks(execute=True):
        risk.risk_list_recompute(year=Y, municipality_ids=[world["a"].pk])
        indicator_values_recompute(municipality=world["a"])
    draws = []
    original = Figure.savefig
    monkeypatch.setattr(Figure, "savefig", lambda self, *a, **kw: draws.append(1) or original(self, *a, **kw))
    assert (line_chart(series=series, title="Район Б"), draws) == (drawn, [])
