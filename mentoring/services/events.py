"""Methodological events: the event, its attendance by school, the teachers who attended, its materials."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.uploads import upload_store
from schools.access import SCHOOL_BOUND, role_in
from schools.models import Municipality, School

from ..models import EventAttendance, EventMaterial, EventTeacherAttendance, MethodEvent, Teacher
from .common import capability_require, record_save, school_scope_check, teacher_scope_check

MUNICIPALITY_OUTSIDE_SCOPE = "Муниципалитет «{municipality}» не входит в вашу зону доступа."
ATTENDANCE_DUPLICATE = "ОО «{school}» указана в списке участников дважды."
PARTICIPANTS_NEGATIVE = "Число участников не может быть отрицательным."
EVENT_TEACHER_NOT_ATTENDING = "Педагог «{teacher}» работает в ОО, не отмеченной среди участников мероприятия."


def _event_check(*, user, municipality: Municipality, host_school: School | None) -> None:
    # A school-bound role never writes a municipality's event, not even one its schools attend.
    if role_in(user, SCHOOL_BOUND) or not Municipality.objects.visible_to(user).filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": MUNICIPALITY_OUTSIDE_SCOPE.format(municipality=municipality)})
    school_scope_check(user, host_school, "host_school")


def _attendance_set(*, event: MethodEvent, attendance: Iterable[tuple[School, int]], user) -> None:
    """Replaces the event's attendance of the writer's schools with the given rows (others' rows stay)."""
    rows = list(attendance)
    seen: set[int] = set()
    for school, participants in rows:
        school_scope_check(user, school, "attendance")
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
    *,
    title: str,
    kind: str,
    date: datetime.date,
    municipality: Municipality,
    host_school: School | None = None,
    organiser: str = "",
    audience: str = "",
    target_share_shnor=None,
    attendance: Iterable[tuple[School, int]] = (),
    user,
) -> MethodEvent:
    capability_require(user, "support.edit")
    _event_check(user=user, municipality=municipality, host_school=host_school)
    with transaction.atomic():
        event = record_save(
            MethodEvent(),
            {
                "title": title,
                "kind": kind,
                "date": date,
                "municipality": municipality,
                "host_school": host_school,
                "organiser": organiser,
                "audience": audience,
                "target_share_shnor": target_share_shnor,
            },
        )
        _attendance_set(event=event, attendance=attendance, user=user)
    return event


def event_update(
    *, event: MethodEvent, user, attendance: Iterable[tuple[School, int]] | None = None, **fields
) -> MethodEvent:
    capability_require(user, "support.edit")
    _event_check(user=user, municipality=event.municipality, host_school=None)
    _event_check(
        user=user,
        municipality=fields.get("municipality", event.municipality),
        host_school=fields.get("host_school", event.host_school),
    )
    with transaction.atomic():
        event = record_save(event, fields)
        if attendance is not None:
            _attendance_set(event=event, attendance=attendance, user=user)
    return event


def event_delete(*, event: MethodEvent, user) -> None:
    capability_require(user, "support.edit")
    _event_check(user=user, municipality=event.municipality, host_school=None)
    event.delete()


def event_material_add(
    *, event: MethodEvent, title: str, file=None, url: str = "", uploaded_at: datetime.date | None = None, user
) -> EventMaterial:
    capability_require(user, "support.edit")
    _event_check(user=user, municipality=event.municipality, host_school=None)
    stored = ""
    if file:  # under a random name: the user's file name is never a path
        stored = upload_store(content=file.read(), filename=file.name, folder="event_materials")
    return record_save(
        EventMaterial(event=event),
        {
            "title": title,
            "file": stored,
            "url": url,
            "uploaded_at": uploaded_at or timezone.localdate(),
        },
    )


def event_teachers_set(*, event: MethodEvent, teachers: Iterable[Teacher], user) -> None:
    """Teachers who attended: of schools that sent participants, within the writer's scope."""
    capability_require(user, "support.edit")
    _event_check(user=user, municipality=event.municipality, host_school=None)
    teachers = list(teachers)
    attending = set(event.attendances.values_list("school_id", flat=True))
    if event.host_school_id:
        attending.add(event.host_school_id)
    for teacher in teachers:
        teacher_scope_check(user, teacher)
        if teacher.school_id not in attending:
            raise ValidationError({"teachers": EVENT_TEACHER_NOT_ATTENDING.format(teacher=teacher)})
    visible = School.objects.visible_to(user)
    with transaction.atomic():
        event.teacher_attendances.filter(teacher__school__in=visible).exclude(teacher__in=teachers).delete()
        have = set(event.teacher_attendances.values_list("teacher_id", flat=True))
        EventTeacherAttendance.objects.bulk_create(
            [EventTeacherAttendance(event=event, teacher=t) for t in teachers if t.pk not in have]
        )
