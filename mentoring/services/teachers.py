"""Teachers and their records: PD courses, deficit diagnostics, individual plans (ИОМ), mentoring pairs."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from schools.models import School

from ..models import PAIR_SAME, DeficitDiagnostic, IndividualPlan, IndividualPlanItem, MentoringPair, PDCourse, Teacher
from .common import capability_require, period_check, record_save, school_scope_check, teacher_scope_check


def teacher_create(
    *,
    school: School,
    full_name: str,
    subject: str,
    experience_band: str,
    category: str = Teacher.Category.NONE,
    weekly_load=None,
    pension_age: bool = False,
    age_band: str = "",
    education: str = "",
    employed_from: datetime.date | None = None,
    employed_to: datetime.date | None = None,
    is_active: bool = True,
    user,
) -> Teacher:
    capability_require(user, "teachers.edit")
    school_scope_check(user, school)
    return record_save(
        Teacher(),
        {
            "school": school,
            "full_name": full_name,
            "subject": subject,
            "experience_band": experience_band,
            "category": category,
            "weekly_load": weekly_load,
            "pension_age": pension_age,
            "age_band": age_band,
            "education": education,
            "employed_from": employed_from,
            "employed_to": employed_to,
            "is_active": is_active,
        },
    )


def teacher_update(*, teacher: Teacher, user, **fields) -> Teacher:
    capability_require(user, "teachers.edit")
    teacher_scope_check(user, teacher, "school")
    school_scope_check(user, fields.get("school"))
    return record_save(teacher, fields)


def _teacher_record_check(*, user, teacher: Teacher) -> None:
    capability_require(user, "teachers.edit")
    teacher_scope_check(user, teacher)


def course_create(*, teacher: Teacher, user, **fields) -> PDCourse:
    _teacher_record_check(user=user, teacher=teacher)
    period_check(fields.get("start"), fields.get("end"))
    return record_save(PDCourse(teacher=teacher), fields)


def course_update(*, course: PDCourse, user, **fields) -> PDCourse:
    _teacher_record_check(user=user, teacher=course.teacher)
    _teacher_record_check(user=user, teacher=fields.get("teacher", course.teacher))
    period_check(fields.get("start", course.start), fields.get("end", course.end))
    return record_save(course, fields)


def diagnostic_create(*, teacher: Teacher, user, **fields) -> DeficitDiagnostic:
    _teacher_record_check(user=user, teacher=teacher)
    return record_save(DeficitDiagnostic(teacher=teacher), fields)


def diagnostic_update(*, diagnostic: DeficitDiagnostic, user, **fields) -> DeficitDiagnostic:
    _teacher_record_check(user=user, teacher=diagnostic.teacher)
    _teacher_record_check(user=user, teacher=fields.get("teacher", diagnostic.teacher))
    return record_save(diagnostic, fields)


def plan_save(
    *,
    teacher: Teacher,
    year: int,
    status: str,
    items: Iterable[dict] | None = None,
    plan: IndividualPlan | None = None,
    user,
) -> IndividualPlan:
    """Creates or updates a teacher's ИОМ; `items` (title, due, status) replace the plan's items when given."""
    _teacher_record_check(user=user, teacher=teacher)
    if plan is not None:
        _teacher_record_check(user=user, teacher=plan.teacher)
    with transaction.atomic():
        saved = record_save(plan or IndividualPlan(), {"teacher": teacher, "year": year, "status": status})
        if items is not None:
            saved.items.all().delete()
            for item in items:
                record_save(IndividualPlanItem(plan=saved), item)
    return saved


def pair_create(*, mentor: Teacher, mentee: Teacher, start: datetime.date, user, **fields) -> MentoringPair:
    capability_require(user, "teachers.edit")
    teacher_scope_check(user, mentee, "mentee")
    teacher_scope_check(user, mentor, "mentor")
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": PAIR_SAME})
    period_check(start, fields.get("end"))
    return record_save(MentoringPair(), {"mentor": mentor, "mentee": mentee, "start": start, **fields})


def pair_update(*, pair: MentoringPair, user, **fields) -> MentoringPair:
    capability_require(user, "teachers.edit")
    teacher_scope_check(user, pair.mentee, "mentee")
    mentor, mentee = fields.get("mentor", pair.mentor), fields.get("mentee", pair.mentee)
    teacher_scope_check(user, mentee, "mentee")
    teacher_scope_check(user, mentor, "mentor")
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": PAIR_SAME})
    period_check(fields.get("start", pair.start), fields.get("end", pair.end))
    return record_save(pair, fields)


def record_delete(*, obj: Model, user) -> None:
    """Deletes a teacher's record (teacher, course, diagnostic, ИОМ, pair) inside the writer's school."""
    capability_require(user, "teachers.edit")
    teacher = obj if isinstance(obj, Teacher) else getattr(obj, "teacher", None) or getattr(obj, "mentee", None)
    if not isinstance(teacher, Teacher):
        raise TypeError(f"{type(obj).__name__} is not a teacher's record")
    teacher_scope_check(user, teacher)
    obj.delete()
