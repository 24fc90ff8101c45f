"""Curators: who may be assigned, their assignments to schools and their visits."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from schools.access import is_admin, is_curator
from schools.models import Municipality, Role, School, User

from ..models import CuratorAssignment, CuratorVisit
from .common import capability_require, period_check, record_save, school_scope_check

NOT_A_CURATOR = "Пользователь «{user}» не является куратором."
CURATOR_SELF = "Куратор записывает только свои визиты."
CURATOR_NOT_ASSIGNED = "Куратор «{curator}» не назначен в «{school}» на дату визита."
VISIT_IN_FUTURE = "Визит записывают после того, как он прошёл: дата {date} ещё не наступила."


def curator_choices(*, user):
    """Curators a methodologist may assign: those of their municipalities (admin: all)."""
    qs = User.objects.filter(role=Role.CURATOR, is_active=True)
    if not is_admin(user):
        qs = qs.filter(Q(municipality__in=Municipality.objects.visible_to(user)) | Q(pk=user.pk))
    return qs.order_by("last_name", "first_name", "username")


def _assignment_fields_check(*, user, fields: dict) -> None:
    curator = fields.get("curator")
    if curator is not None and not is_curator(curator):
        raise ValidationError({"curator": NOT_A_CURATOR.format(user=curator.get_username())})
    school_scope_check(user, fields.get("school"))
    school_scope_check(user, fields.get("curator_school"), "curator_school")


def assignment_create(
    *,
    curator: User,
    school: School,
    start: datetime.date,
    end: datetime.date | None = None,
    curator_school: School | None = None,
    user,
) -> CuratorAssignment:
    capability_require(user, "support.edit")
    fields = {"curator": curator, "school": school, "curator_school": curator_school, "start": start, "end": end}
    _assignment_fields_check(user=user, fields=fields)
    period_check(start, end)
    return record_save(CuratorAssignment(), fields)


def assignment_update(*, assignment: CuratorAssignment, user, **fields) -> CuratorAssignment:
    capability_require(user, "support.edit")
    school_scope_check(user, assignment.school)
    _assignment_fields_check(user=user, fields=fields)
    period_check(fields.get("start", assignment.start), fields.get("end", assignment.end))
    return record_save(assignment, fields)


def _visit_check(*, user, curator: User, school: School, date: datetime.date) -> None:
    school_scope_check(user, school)
    if is_curator(user) and curator.pk != user.pk:
        raise ValidationError({"curator": CURATOR_SELF})
    if not is_curator(curator):
        raise ValidationError({"curator": NOT_A_CURATOR.format(user=curator.get_username())})
    assigned = CuratorAssignment.objects.filter(curator=curator, school=school, start__lte=date).filter(
        Q(end__isnull=True) | Q(end__gte=date)
    )
    if not assigned.exists():
        raise ValidationError({"school": CURATOR_NOT_ASSIGNED.format(curator=curator, school=school)})


def _visit_date_check(date: datetime.date) -> None:
    if date > timezone.localdate():
        raise ValidationError({"date": VISIT_IN_FUTURE.format(date=date.strftime("%d.%m.%Y"))})


def visit_create(
    *,
    curator: User,
    school: School,
    date: datetime.date,
    lessons_observed: int = 0,
    findings: str = "",
    recommendations: str = "",
    follow_up_due: datetime.date | None = None,
    follow_up_done: bool = False,
    user,
) -> CuratorVisit:
    capability_require(user, "visits.edit")
    _visit_check(user=user, curator=curator, school=school, date=date)
    _visit_date_check(date)
    return record_save(
        CuratorVisit(),
        {
            "curator": curator,
            "school": school,
            "date": date,
            "lessons_observed": lessons_observed,
            "findings": findings,
            "recommendations": recommendations,
            "follow_up_due": follow_up_due,
            "follow_up_done": follow_up_done,
        },
    )


def visit_update(*, visit: CuratorVisit, user, **fields) -> CuratorVisit:
    capability_require(user, "visits.edit")
    _visit_check(user=user, curator=visit.curator, school=visit.school, date=visit.date)
    _visit_check(
        user=user,
        curator=fields.get("curator", visit.curator),
        school=fields.get("school", visit.school),
        date=fields.get("date", visit.date),
    )
    if "date" in fields and fields["date"] != visit.date:
        _visit_date_check(fields["date"])
    return record_save(visit, fields)


def visit_delete(*, visit: CuratorVisit, user) -> None:
    capability_require(user, "visits.edit")
    _visit_check(user=user, curator=visit.curator, school=visit.school, date=visit.date)
    visit.delete()
