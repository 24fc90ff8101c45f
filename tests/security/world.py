"""The security suite's world: every kind of record once in municipality A (school A-1) and once in B (school B-1).

B's free text carries MARKER, so a response to one of A's users that shows any of B's data can be caught by
looking for it; A's teachers carry TEACHER_NAME, the personal datum only some roles may read.
"""

import csv
import datetime
import functools
import io
from types import SimpleNamespace

import openpyxl
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase
from django.utils.timezone import now

from assessments.models import Procedure, Result, Subject, Upload
from assessments.services import upload_create
from core.importing import RowError, error_report_xlsx
from core.jobs import job_create
from core.tables import table_read
from core.uploads import upload_store
from mentoring.models import (
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    EventMaterial,
    IndividualPlan,
    IndividualPlanItem,
    MentoringPair,
    MethodEvent,
    Partnership,
    PDCourse,
    StaffingFigures,
    StaffingSubject,
    Teacher,
)
from programs.effect.models import Measure, ProgramEffect
from programs.indicators import services as indicator_services
from programs.models import PlanItem, Program
from programs.services.documents import document_create, document_transition, document_version_add
from programs.services.plan_items import plan_item_evidence_add
from programs.services.risk_profiles import risk_profile_get_or_create
from reports.models import Report
from schools.models import SchoolContext, SchoolStatus
from tests.factories import SchoolFactory, UserFactory, curator_assign

MARKER = "ЗАСЕКРЕЧЕНО"
TEACHER_NAME = {"a": "Секретова Анна Юрьевна", "b": f"{MARKER} Борисова Б. Б."}
YEAR = 2024

RESULT_HEADER = [
    "Код ОО",
    "Наименование ОО",
    "Процедура",
    "Предмет",
    "Класс",
    "Год",
    "Участников",
    "«2»",
    "«3»",
    "«4»",
    "«5»",
]


def results_xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Результаты"
    for row in [RESULT_HEADER, *rows]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def results_csv(rows: list[list]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows([RESULT_HEADER, *rows])
    return buf.getvalue().encode("utf-8")


def results_row(school_code: str, name: str = "") -> list:
    return [school_code, name, "ВПР", "Русский язык", 5, YEAR, 20, 2, 8, 6, 4]


def rejected_upload(*, user, school_code: str, text: str, filename: str):
    """An upload the import rejects (the name does not match the code), so it has an error report; `text` sits in a
    cell of the uploaded row and so in that report. CSV, so a text starting with «=» stays text."""
    content = results_csv([results_row(school_code, text)])
    with TestCase.captureOnCommitCallbacks(execute=True):
        upload = upload_create(user=user, content=content, filename=filename, dry_run=False)
    upload.refresh_from_db()
    assert upload.error_report, upload.errors
    return upload


@functools.cache
def _error_report(school_code: str, text: str) -> tuple[bytes, bytes, list]:
    """The uploaded file, its «Ошибка» report and errors, as the import makes them (made once per process: the
    report is an xlsx, slow to write)."""
    content = results_csv([results_row(school_code, text)])
    table = table_read(content, filename="results.csv")
    errors = [RowError(2, "Наименование ОО", f"Наименование «{text}» не совпадает с ОО с кодом «{school_code}».")]
    return (
        content,
        error_report_xlsx(table, errors),
        [{"row": e.row, "column": e.column, "message": e.message} for e in errors],
    )


def stored_rejected_upload(*, user, municipality, school_code: str, text: str) -> Upload:
    """What rejected_upload leaves behind, written directly (the sweeps need the rows, not the pipeline)."""
    content, report, errors = _error_report(school_code, text)
    job = job_create(kind="results_import", title=f"{text}: загрузка", user=user, municipality=municipality)
    return Upload.objects.create(
        file=upload_store(content=content, filename="r.csv", folder="results"),
        filename=f"{text}.csv",
        sha256="0" * 64,
        size=len(content),
        status=Upload.Status.REJECTED,
        errors=errors,
        error_report=upload_store(content=report, filename="e.xlsx", folder="results/errors"),
        job=job,
        uploaded_by=user,
        municipality=municipality,
    )


def side_build(*, side: str, municipality, school, partner, admin, head, methodologist, school_admin, curator):
    """One municipality's records, written through the services where those are simple to call."""
    text = f"{MARKER} {side}" if side == "b" else f"Открыто {side}"
    w = SimpleNamespace(
        side=side,
        text=text,
        municipality=municipality,
        school=school,
        partner=partner,
        head=head,
        methodologist=methodologist,
        school_admin=school_admin,
        curator=curator,
    )
    SchoolStatus.objects.create(
        school=school, year=YEAR, kind=SchoolStatus.Kind.SHNOR, source=SchoolStatus.Source.OFFICIAL, note=text
    )
    SchoolContext.objects.create(school=school, year=YEAR, urban_rural="село", enrolment=321, low_income_share=12)

    w.job = job_create(kind="risk_recompute", title=f"{text}: пересчёт", user=head, municipality=municipality)
    w.upload = stored_rejected_upload(
        user=methodologist, municipality=municipality, school_code=school.code, text=f"{text}: чужое имя"
    )
    w.result = Result.objects.create(
        school=school,
        procedure=Procedure.VPR,
        subject=Subject.objects.get(code="russian"),
        grade=5,
        year=YEAR,
        participants=20,
        marks_2=2,
        marks_3=8,
        marks_4=6,
        marks_5=4,
    )

    w.program = Program.objects.create(
        code=f"prog-{side}",
        title=f"{text}: программа",
        municipality=municipality,
        goal=text,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    w.plan_item = PlanItem.objects.create(
        program=w.program,
        position=1,
        number="1.1",
        block=text,
        title=f"{text}: мероприятие",
        deadline_text="до 20.04.2024",
        deadline_kind=PlanItem.Kind.DATE,
        deadline_end=datetime.date(2024, 4, 20),
        responsible=text,
        expected_result=text,
    )
    w.evidence = plan_item_evidence_add(
        item=w.plan_item, user=admin, title=text, content=b"evidence", filename="evidence.txt"
    )
    w.indicator = indicator_services.indicator_save(
        user=admin,
        program=w.program,
        code=f"manual-{side}",
        name=f"{text}: показатель",
        unit="percent",
        direction="higher",
        comparator="ge",
        method="manual",
        note=text,
        targets={str(YEAR): 50},
    )
    w.indicator_value = indicator_services.indicator_manual_value_set(
        indicator=w.indicator, year=YEAR, value=40, evidence=f"{text}: приказ", user=admin
    )

    w.document = document_create(user=admin, school=school, kind="concept", year=2023, title=f"{text}: концепция")
    w.version = document_version_add(
        document=w.document, user=admin, content=b"document", filename="concept.txt", text=text, note=text
    )
    for status in ("submitted", "under_review"):
        document_transition(document=w.document, user=admin, to_status=status)
    document_transition(document=w.document, user=admin, to_status="returned", remarks=[f"{text}: замечание"])
    w.remark = w.document.remarks.get()
    w.risk_profile = risk_profile_get_or_create(school=school, year=2023)

    w.assignment = CuratorAssignment.objects.get(curator=curator, school=school)
    w.visit = CuratorVisit.objects.create(
        curator=curator,
        school=school,
        date=datetime.date(2024, 5, 10),
        lessons_observed=2,
        findings=text,
        recommendations=text,
    )
    w.partnership = Partnership.objects.create(
        school=school, partner=partner, start=datetime.date(2024, 1, 1), agreement_number=text[:50], joint_plan=text
    )
    w.event = MethodEvent.objects.create(
        title=f"{text}: семинар",
        kind=MethodEvent.Kind.SEMINAR,
        date=datetime.date(2024, 3, 1),
        municipality=municipality,
        host_school=school,
        organiser=text,
        audience=text,
    )
    EventAttendance.objects.create(event=w.event, school=school, participants=3)
    w.material = EventMaterial.objects.create(
        event=w.event,
        title=text,
        uploaded_at=datetime.date(2024, 3, 5),
        file=default_storage.save(f"event_materials/{side}.txt", ContentFile(text.encode())),
    )
    w.teacher = Teacher.objects.create(
        school=school, full_name=TEACHER_NAME[side], subject=text, experience_band=Teacher.Experience.FROM_10_TO_20
    )
    w.mentee = Teacher.objects.create(
        school=school,
        full_name=f"{TEACHER_NAME[side]} (наставляемая)",
        subject=text,
        experience_band=Teacher.Experience.UNDER_3,
    )
    w.event.teacher_attendances.create(teacher=w.teacher)
    w.course = PDCourse.objects.create(
        teacher=w.teacher,
        title=text,
        provider=text,
        hours=36,
        start=datetime.date(2024, 2, 1),
        end=datetime.date(2024, 2, 20),
        completed=True,
    )
    w.diagnostic = DeficitDiagnostic.objects.create(
        teacher=w.teacher, date=datetime.date(2024, 10, 1), instrument=text, notes=text, methodological=True
    )
    w.plan = IndividualPlan.objects.create(teacher=w.teacher, year=YEAR)
    IndividualPlanItem.objects.create(plan=w.plan, title=text)
    w.pair = MentoringPair.objects.create(mentor=w.teacher, mentee=w.mentee, start=datetime.date(2024, 9, 1))
    w.staffing = StaffingFigures.objects.create(
        municipality=municipality, school=school, year=YEAR, teachers_total=20, source=text
    )
    StaffingSubject.objects.create(figures=w.staffing, subject=text, teachers=5)
    ProgramEffect.objects.create(
        program=w.program, measure=Measure.SHARE_2, result={"warnings": [text]}, computed_at=now(), data_version=text
    )

    pdf = default_storage.save(f"reports/security-{side}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    w.report = Report.objects.create(
        kind=Report.Kind.SCHOOL,
        municipality=municipality,
        school=school,
        year=YEAR,
        status=Report.Status.DONE,
        file=pdf,
        created_by=head,
    )
    return w


def world_build(users: dict, two_municipalities: dict) -> dict:
    """{"a": A's records, "b": B's records, "users": A's users and B's}. B's names carry the marker."""
    t = two_municipalities
    b = t["b"]
    b.name = f"Район Б {MARKER}"
    b.save()
    for school in (t["b1"],):
        school.name = school.short_name = f"МБОУ СОШ № 1 {MARKER}"
        school.save()
    a3 = SchoolFactory(code="A-3", municipality=t["a"], short_name="МБОУ СОШ № 3 (А)")
    b2 = SchoolFactory(code="B-2", municipality=b, short_name=f"МБОУ СОШ № 2 {MARKER}", name=f"СОШ № 2 {MARKER}")
    curator_b = UserFactory.create(username="curator_b", role="curator", municipality=b)
    curator_assign(curator_b, t["b1"])
    b_users = {
        "head": users["head_b"],
        "methodologist": UserFactory(username="method_b", role="methodologist", municipality=b),
        "school_admin": UserFactory(username="school_b", role="school_admin", municipality=b, school=t["b1"]),
        "curator": curator_b,
    }
    a_users = {role: users[role] for role in ("head", "methodologist", "school_admin", "curator")}
    admin = users["admin"]
    return {
        "a": side_build(side="a", municipality=t["a"], school=t["a1"], partner=a3, admin=admin, **a_users),
        "b": side_build(side="b", municipality=b, school=t["b1"], partner=b2, admin=admin, **b_users),
        "a3": a3,
        "b2": b2,
        "b_users": b_users,
    }


def b_filters(world) -> dict:
    """Query parameters naming B's records, for the pages and endpoints that filter by them."""
    b = world["b"]
    return {
        "municipality": b.municipality.code,
        "school": b.school.code,
        "program": b.program.code,
        "indicator": b.indicator.code,
        "teacher": b.teacher.pk,
        "job": b.job.pk,
        "year": YEAR,
    }
