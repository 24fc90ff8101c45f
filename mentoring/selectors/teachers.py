"""Teachers (names only where the 152-ФЗ rule allows), their summary per school, courses, diagnostics, ИОМ and
mentoring pairs. The lists are scoped here and narrowed by `mentoring/filtersets.py`; the arguments left are the
ones that shape a page (a teacher's own records, the summary's year)."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.years import year_default, year_parse
from schools.models import School

from ..models import DeficitDiagnostic, IndividualPlan, MentoringPair, PDCourse, Teacher
from .reach import courses_completed, diagnostics_dated_in


def teacher_list(*, user, active: bool | None = None) -> QuerySet:
    """Teachers in scope; `active`: only those working (the teachers page) or only those who left."""
    qs = Teacher.objects.visible_to(user).select_related("school", "school__municipality")
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("school__short_name", "full_name", "pk")


def teacher_summary(*, user, year: int | None = None) -> QuerySet:
    """Per-school aggregates of teachers: what roles without access to names get instead of a list. The counts are
    of the asked year (else the latest with data in scope) and of every active teacher of each visible school."""
    schools = School.objects.visible_to(user)
    year = year_parse(year) or year_default(schools=schools).year
    teachers = Teacher.objects.visible_to(user).filter(is_active=True)
    diagnosed = teachers.filter(pk__in=diagnostics_dated_in(year).values("teacher_id"))
    trained = teachers.filter(pk__in=courses_completed(year).values("teacher_id"))

    def count(base: QuerySet, **extra) -> Coalesce:
        rows = base.filter(school=OuterRef("pk"), **extra).order_by().values("school").annotate(c=Count("pk")).values("c")
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return schools.select_related("municipality").annotate(
        teachers_total=count(teachers),
        highest_category=count(teachers, category=Teacher.Category.HIGHEST),
        first_category=count(teachers, category=Teacher.Category.FIRST),
        young=count(teachers, experience_band=Teacher.Experience.UNDER_3),
        pension_age_count=count(teachers, pension_age=True),
        diagnosed=count(diagnosed),
        trained=count(trained),
    ).filter(teachers_total__gt=0).order_by("short_name", "name")


def course_list(*, user, teacher: int | None = None) -> QuerySet:
    """PD courses in scope; `teacher`: one teacher's (their page)."""
    qs = PDCourse.objects.visible_to(user).select_related("teacher", "teacher__school")
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def diagnostic_list(*, user, teacher: int | None = None) -> QuerySet:
    """Deficit diagnostics in scope; `teacher`: one teacher's (their page)."""
    qs = DeficitDiagnostic.objects.visible_to(user).select_related("teacher", "teacher__school")
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def plan_list(*, user, teacher: int | None = None) -> QuerySet:
    """ИОМ in scope with their items; `teacher`: one teacher's (their page)."""
    qs = IndividualPlan.objects.visible_to(user).select_related("teacher", "teacher__school").prefetch_related("items")
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def pair_list(*, user, teacher: int | None = None) -> QuerySet:
    """Pairs with either teacher in scope (a mentor may work in another school); `teacher`: as mentor or mentee."""
    qs = MentoringPair.objects.visible_to(user).select_related("mentor", "mentor__school", "mentee", "mentee__school")
    if teacher:
        qs = qs.filter(Q(mentor_id=teacher) | Q(mentee_id=teacher))
    return qs
