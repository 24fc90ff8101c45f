"""What every write of the support network checks: the writer's capability, the scope of a school or a teacher, a
period's order; and how a record is saved (validated, then written)."""

from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from schools.access import user_can
from schools.models import School

from ..models import PERIOD_INVALID, Teacher

NO_RIGHT = "Недостаточно прав для этого действия."
SCHOOL_OUTSIDE_SCOPE = "Школа «{school}» не входит в вашу зону доступа."
TEACHER_OUTSIDE_SCOPE = "Педагог не работает в школах вашей зоны доступа."

M = TypeVar("M", bound=Model)


def capability_require(user, capability: str) -> None:
    if not user_can(user, capability):
        raise PermissionDenied(NO_RIGHT)


def school_scope_check(user, school: School | None, field: str = "school") -> None:
    if school is not None and not School.objects.visible_to(user).filter(pk=school.pk).exists():
        raise ValidationError({field: SCHOOL_OUTSIDE_SCOPE.format(school=school)})


def teacher_scope_check(user, teacher: Teacher, field: str = "teacher") -> None:
    if not School.objects.visible_to(user).filter(pk=teacher.school_id).exists():
        raise ValidationError({field: TEACHER_OUTSIDE_SCOPE})


def record_save(obj: M, fields: dict) -> M:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def period_check(start, end) -> None:
    if start and end and end < start:
        raise ValidationError({"end": PERIOD_INVALID})
