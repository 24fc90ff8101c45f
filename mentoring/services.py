"""Every write of the support network. Each checks the writer's capability and scope; errors are Russian."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from schools.models import Municipality, Role, School, User
from schools.permissions import user_can

from .models import (
    PAIR_SAME,
    PARTNER_SAME,
    PERIOD_INVALID,
    CuratorAssignment,
    CuratorVisit,
    DeficitDiagnostic,
    EventAttendance,
    EventMaterial,
    EventTeacherAttendance,
    IndividualPlan,
    IndividualPlanItem,
    MentoringPair,
    MethodEvent,
    Partnership,
    PartnershipActivity,
    PDCourse,
    Teacher,
)

NO_RIGHT = "Недостаточно прав для этого действия."
SCHOOL_OUTSIDE_SCOPE = "Школа «{school}» не входит в вашу зону доступа."
MUNICIPALITY_OUTSIDE_SCOPE = "Муниципалитет «{municipality}» не входит в вашу зону доступа."
TEACHER_OUTSIDE_SCOPE = "Педагог не работает в школах вашей зоны доступа."
NOT_A_CURATOR = "Пользователь «{user}» не является куратором."
CURATOR_SELF = "Куратор записывает только свои визиты."
CURATOR_NOT_ASSIGNED = "Куратор «{curator}» не назначен в «{school}» на дату визита."
ATTENDANCE_DUPLICATE = "ОО «{school}» указана в списке участников дважды."
PARTICIPANTS_NEGATIVE = "Число участников не может быть отрицательным."
EVENT_TEACHER_NOT_ATTENDING = "Педагог «{teacher}» работает в ОО, не отмеченной среди участников мероприятия."



def _require(user, capability: str) -> None:
    if not user_can(user, capability):
        raise PermissionDenied(NO_RIGHT)


def _school_in_scope(user, school: School | None, field: str = "school") -> None:
    if school is not None and not School.objects.visible_to(user).filter(pk=school.pk).exists():
        raise ValidationError({field: SCHOOL_OUTSIDE_SCOPE.format(school=school)})


def _teacher_in_scope(user, teacher: Teacher, field: str = "teacher") -> None:
    if not School.objects.visible_to(user).filter(pk=teacher.school_id).exists():
        raise ValidationError({field: TEACHER_OUTSIDE_SCOPE})


def _save(obj: Model, fields: dict) -> Model:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def _period_check(start, end) -> None:
    if start and end and end < start:
        raise ValidationError({"end": PERIOD_INVALID})


# --- curators -------------------------------------------------------------------------------------------------

def curator_choices(*, user):
    """Curators a methodologist may assign: those of their municipalities (admin: all)."""
    qs = User.objects.filter(role=Role.CURATOR, is_active=True)
    if not (user.is_superuser or user.role == Role.ADMIN):
        qs = qs.filter(Q(municipality__in=Municipality.objects.visible_to(user)) | Q(pk=user.pk))
    return qs.order_by("last_name", "first_name", "username")


def _assignment_fields_check(*, user, fields: dict) -> None:
    curator = fields.get("curator")
    if curator is not None and curator.role != Role.CURATOR:
        raise ValidationError({"curator": NOT_A_CURATOR.format(user=curator.get_username())})
    _school_in_scope(user, fields.get("school"))
    _school_in_scope(user, fields.get("curator_school"), "curator_school")


def assignment_create(
    *, curator: User, school: School, start: datetime.date, end: datetime.date | None = None,
    curator_school: School | None = None, user,
) -> CuratorAssignment:
    _require(user, "support.edit")
    fields = {"curator": curator, "school": school, "curator_school": curator_school, "start": start, "end": end}
    _assignment_fields_check(user=user, fields=fields)
    _period_check(start, end)
    return _save(CuratorAssignment(), fields)


def assignment_update(*, assignment: CuratorAssignment, user, **fields) -> CuratorAssignment:
    _require(user, "support.edit")
    _school_in_scope(user, assignment.school)
    _assignment_fields_check(user=user, fields=fields)
    _period_check(fields.get("start", assignment.start), fields.get("end", assignment.end))
    return _save(assignment, fields)


def _visit_check(*, user, curator: User, school: School, date: datetime.date) -> None:
    _school_in_scope(user, school)
    if user.role == Role.CURATOR and not user.is_superuser and curator.pk != user.pk:
        raise ValidationError({"curator": CURATOR_SELF})
    if curator.role != Role.CURATOR:
        raise ValidationError({"curator": NOT_A_CURATOR.format(user=curator.get_username())})
    assigned = CuratorAssignment.objects.filter(curator=curator, school=school, start__lte=date).filter(
        Q(end__isnull=True) | Q(end__gte=date)
    )
    if not assigned.exists():
        raise ValidationError({"school": CURATOR_NOT_ASSIGNED.format(curator=curator, school=school)})


def visit_create(
    *, curator: User, school: School, date: datetime.date, lessons_observed: int = 0, findings: str = "",
    recommendations: str = "", follow_up_due: datetime.date | None = None, follow_up_done: bool = False, user,
) -> CuratorVisit:
    _require(user, "visits.edit")
    _visit_check(user=user, curator=curator, school=school, date=date)
    return _save(CuratorVisit(), {
        "curator": curator, "school": school, "date": date, "lessons_observed": lessons_observed,
        "findings": findings, "recommendations": recommendations, "follow_up_due": follow_up_due,
        "follow_up_done": follow_up_done,
    })


def visit_update(*, visit: CuratorVisit, user, **fields) -> CuratorVisit:
    _require(user, "visits.edit")
    _visit_check(user=user, curator=visit.curator, school=visit.school, date=visit.date)
    _visit_check(
        user=user, curator=fields.get("curator", visit.curator), school=fields.get("school", visit.school),
        date=fields.get("date", visit.date),
    )
    return _save(visit, fields)


def visit_delete(*, visit: CuratorVisit, user) -> None:
    _require(user, "visits.edit")
    _visit_check(user=user, curator=visit.curator, school=visit.school, date=visit.date)
    visit.delete()


# --- partnerships ---------------------------------------------------------------------------------------------

def _partnership_check(*, user, school: School, partner: School) -> None:
    _school_in_scope(user, school)
    _school_in_scope(user, partner, "partner")
    if school.pk == partner.pk:
        raise ValidationError({"partner": PARTNER_SAME})


def partnership_create(
    *, school: School, partner: School, start: datetime.date, end: datetime.date | None = None,
    agreement_number: str = "", agreement_date: datetime.date | None = None, form: str = Partnership.Form.NETWORK,
    joint_plan: str = "", user,
) -> Partnership:
    _require(user, "support.edit")
    _partnership_check(user=user, school=school, partner=partner)
    _period_check(start, end)
    return _save(Partnership(), {
        "school": school, "partner": partner, "start": start, "end": end, "agreement_number": agreement_number,
        "agreement_date": agreement_date, "form": form, "joint_plan": joint_plan,
    })


def partnership_update(*, partnership: Partnership, user, **fields) -> Partnership:
    _require(user, "support.edit")
    _partnership_check(user=user, school=partnership.school, partner=partnership.partner)
    _partnership_check(
        user=user, school=fields.get("school", partnership.school), partner=fields.get("partner", partnership.partner)
    )
    _period_check(fields.get("start", partnership.start), fields.get("end", partnership.end))
    return _save(partnership, fields)


def partnership_activity_add(
    *, partnership: Partnership, date: datetime.date, title: str, description: str = "", user
) -> PartnershipActivity:
    _require(user, "support.edit")
    _school_in_scope(user, partnership.school)
    return _save(PartnershipActivity(partnership=partnership), {"date": date, "title": title, "description": description})


# --- events ---------------------------------------------------------------------------------------------------

def _event_check(*, user, municipality: Municipality, host_school: School | None) -> None:
    if not Municipality.objects.visible_to(user).filter(pk=municipality.pk).exists() or (user.role in (
        Role.CURATOR, Role.SCHOOL_ADMIN
    ) and not user.is_superuser):
        raise ValidationError({"municipality": MUNICIPALITY_OUTSIDE_SCOPE.format(municipality=municipality)})
    _school_in_scope(user, host_school, "host_school")


def _attendance_set(*, event: MethodEvent, attendance: Iterable[tuple[School, int]], user) -> None:
    """Replaces the event's attendance of the writer's schools with the given rows (others' rows stay)."""
    rows = list(attendance)
    seen: set[int] = set()
    for school, participants in rows:
        _school_in_scope(user, school, "attendance")
        if school.pk in seen:
            raise ValidationError({"attendance": ATTENDANCE_DUPLICATE.format(school=school)})
        if participants is None or participants < 0:
            raise ValidationError({"attendance": PARTICIPANTS_NEGATIVE})
        seen.add(school.pk)
    visible = School.objects.visible_to(user)
    event.attendances.filter(school__in=visible).exclude(school_id__in=seen).delete()
    existing = {a.school_id: a for a in event.attendances.filter(school_id__in=seen)}
    new, changed = [], []
    for school, participants in rows:
        row = existing.get(school.pk)
        if row is None:
            new.append(EventAttendance(event=event, school=school, participants=participants))
        elif row.participants != participants:
            row.participants = participants
            changed.append(row)
    for row in [*new, *changed]:
        row.save()  # few rows per event; save() keeps the history of each


def event_create(
    *, title: str, kind: str, date: datetime.date, municipality: Municipality, host_school: School | None = None,
    organiser: str = "", audience: str = "", target_share_shnor=None,
    attendance: Iterable[tuple[School, int]] = (), user,
) -> MethodEvent:
    _require(user, "support.edit")
    _event_check(user=user, municipality=municipality, host_school=host_school)
    with transaction.atomic():
        event = _save(MethodEvent(), {
            "title": title, "kind": kind, "date": date, "municipality": municipality, "host_school": host_school,
            "organiser": organiser, "audience": audience, "target_share_shnor": target_share_shnor,
        })
        _attendance_set(event=event, attendance=attendance, user=user)
    return event


def event_update(*, event: MethodEvent, user, attendance: Iterable[tuple[School, int]] | None = None, **fields) -> MethodEvent:
    _require(user, "support.edit")
    _event_check(user=user, municipality=event.municipality, host_school=None)
    _event_check(
        user=user, municipality=fields.get("municipality", event.municipality),
        host_school=fields.get("host_school", event.host_school),
    )
    with transaction.atomic():
        event = _save(event, fields)
        if attendance is not None:
            _attendance_set(event=event, attendance=attendance, user=user)
    return event


def event_delete(*, event: MethodEvent, user) -> None:
    _require(user, "support.edit")
    _event_check(user=user, municipality=event.municipality, host_school=None)
    event.delete()


def event_material_add(
    *, event: MethodEvent, title: str, file=None, url: str = "", uploaded_at: datetime.date | None = None, user
) -> EventMaterial:
    _require(user, "support.edit")
    _event_check(user=user, municipality=event.municipality, host_school=None)
    stored = ""
    if file:  # under a random name: the user's file name is never a path
        from core.uploads import upload_store

        stored = upload_store(content=file.read(), filename=file.name, folder="event_materials")
    return _save(EventMaterial(event=event), {
        "title": title, "file": stored, "url": url, "uploaded_at": uploaded_at or timezone.localdate(),
    })


def event_teachers_set(*, event: MethodEvent, teachers: Iterable[Teacher], user) -> None:
    """Teachers who attended: of schools that sent participants, within the writer's scope."""
    _require(user, "support.edit")
    _event_check(user=user, municipality=event.municipality, host_school=None)
    teachers = list(teachers)
    attending = set(event.attendances.values_list("school_id", flat=True))
    if event.host_school_id:
        attending.add(event.host_school_id)
    for teacher in teachers:
        _teacher_in_scope(user, teacher)
        if teacher.school_id not in attending:
            raise ValidationError({"teachers": EVENT_TEACHER_NOT_ATTENDING.format(teacher=teacher)})
    visible = School.objects.visible_to(user)
    with transaction.atomic():
        event.teacher_attendances.filter(teacher__school__in=visible).exclude(teacher__in=teachers).delete()
        have = set(event.teacher_attendances.values_list("teacher_id", flat=True))
        EventTeacherAttendance.objects.bulk_create(
            [EventTeacherAttendance(event=event, teacher=t) for t in teachers if t.pk not in have]
        )


# --- teachers -------------------------------------------------------------------------------------------------

def teacher_create(
    *, school: School, full_name: str, subject: str, experience_band: str, category: str = Teacher.Category.NONE,
    weekly_load=None, pension_age: bool = False, is_active: bool = True, user,
) -> Teacher:
    _require(user, "teachers.edit")
    _school_in_scope(user, school)
    return _save(Teacher(), {
        "school": school, "full_name": full_name, "subject": subject, "experience_band": experience_band,
        "category": category, "weekly_load": weekly_load, "pension_age": pension_age, "is_active": is_active,
    })


def teacher_update(*, teacher: Teacher, user, **fields) -> Teacher:
    _require(user, "teachers.edit")
    _teacher_in_scope(user, teacher, "school")
    _school_in_scope(user, fields.get("school"))
    return _save(teacher, fields)


def _teacher_record_check(*, user, teacher: Teacher) -> None:
    _require(user, "teachers.edit")
    _teacher_in_scope(user, teacher)


def course_create(*, teacher: Teacher, user, **fields) -> PDCourse:
    _teacher_record_check(user=user, teacher=teacher)
    _period_check(fields.get("start"), fields.get("end"))
    return _save(PDCourse(teacher=teacher), fields)


def course_update(*, course: PDCourse, user, **fields) -> PDCourse:
    _teacher_record_check(user=user, teacher=course.teacher)
    _teacher_record_check(user=user, teacher=fields.get("teacher", course.teacher))
    _period_check(fields.get("start", course.start), fields.get("end", course.end))
    return _save(course, fields)


def diagnostic_create(*, teacher: Teacher, user, **fields) -> DeficitDiagnostic:
    _teacher_record_check(user=user, teacher=teacher)
    return _save(DeficitDiagnostic(teacher=teacher), fields)


def diagnostic_update(*, diagnostic: DeficitDiagnostic, user, **fields) -> DeficitDiagnostic:
    _teacher_record_check(user=user, teacher=diagnostic.teacher)
    _teacher_record_check(user=user, teacher=fields.get("teacher", diagnostic.teacher))
    return _save(diagnostic, fields)


def plan_save(
    *, teacher: Teacher, year: int, status: str, items: Iterable[dict] | None = None,
    plan: IndividualPlan | None = None, user,
) -> IndividualPlan:
    """Creates or updates a teacher's ИОМ; `items` (title, due, status) replace the plan's items when given."""
    _teacher_record_check(user=user, teacher=teacher)
    if plan is not None:
        _teacher_record_check(user=user, teacher=plan.teacher)
    with transaction.atomic():
        plan = _save(plan or IndividualPlan(), {"teacher": teacher, "year": year, "status": status})
        if items is not None:
            plan.items.all().delete()
            for item in items:
                _save(IndividualPlanItem(plan=plan), item)
    return plan


def pair_create(*, mentor: Teacher, mentee: Teacher, start: datetime.date, user, **fields) -> MentoringPair:
    _require(user, "teachers.edit")
    _teacher_in_scope(user, mentee, "mentee")
    _teacher_in_scope(user, mentor, "mentor")
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": PAIR_SAME})
    _period_check(start, fields.get("end"))
    return _save(MentoringPair(), {"mentor": mentor, "mentee": mentee, "start": start, **fields})


def pair_update(*, pair: MentoringPair, user, **fields) -> MentoringPair:
    _require(user, "teachers.edit")
    _teacher_in_scope(user, pair.mentee, "mentee")
    mentor, mentee = fields.get("mentor", pair.mentor), fields.get("mentee", pair.mentee)
    _teacher_in_scope(user, mentee, "mentee")
    _teacher_in_scope(user, mentor, "mentor")
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": PAIR_SAME})
    _period_check(fields.get("start", pair.start), fields.get("end", pair.end))
    return _save(pair, fields)


def record_delete(*, obj: Model, user) -> None:
    """Deletes a teacher's record (teacher, course, diagnostic, ИОМ, pair) inside the writer's school."""
    _require(user, "teachers.edit")
    teacher = obj if isinstance(obj, Teacher) else getattr(obj, "teacher", None) or getattr(obj, "mentee", None)
    _teacher_in_scope(user, teacher)
    obj.delete()
