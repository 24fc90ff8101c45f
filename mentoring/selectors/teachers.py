"""Teachers (names only where the 152-ФЗ rule allows), their summary per school, courses, diagnostics, ИОМ and
mentoring pairs."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.years import year_default, year_parse

from ..models import DeficitDiagnostic, IndividualPlan, MentoringPair, PDCourse, Teacher
from .common import names_visible, overlaps, visible_schools
from .reach import courses_completed


def teacher_list(*, user, municipality: str = "", school: str = "", active=None, q: str = "") -> QuerySet:
    qs = Teacher.objects.filter(school__in=visible_schools(user)).select_related("school", "school__municipality")
    if municipality:
        qs = qs.filter(school__municipality__code=municipality)
    if school:
        qs = qs.filter(school__code=school)
    if active is not None:
        qs = qs.filter(is_active=active)
    if q and names_visible(user):
        qs = qs.filter(Q(full_name__icontains=q) | Q(subject__icontains=q))
    elif q:
        qs = qs.filter(subject__icontains=q)
    return qs.order_by("school__short_name", "full_name", "pk")


def teacher_summary(*, user, municipality: str = "", school: str = "", year: int | None = None) -> QuerySet:
    """Per-school aggregates of teachers: what roles without access to names get instead of a list."""
    year = year_parse(year) or year_default(schools=visible_schools(user)).year
    teachers = Teacher.objects.filter(is_active=True)
    qs = visible_schools(user).select_related("municipality")
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    if school:
        qs = qs.filter(code=school)
    diagnosed = teachers.filter(pk__in=DeficitDiagnostic.objects.filter(date__year=year).values("teacher_id"))
    trained = teachers.filter(pk__in=courses_completed(year).values("teacher_id"))

    def count(base: QuerySet, **extra) -> Coalesce:
        rows = base.filter(school=OuterRef("pk"), **extra).order_by().values("school").annotate(c=Count("pk")).values("c")
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return qs.annotate(
        teachers_total=count(teachers),
        highest_category=count(teachers, category=Teacher.Category.HIGHEST),
        first_category=count(teachers, category=Teacher.Category.FIRST),
        young=count(teachers, experience_band=Teacher.Experience.UNDER_3),
        pension_age_count=count(teachers, pension_age=True),
        diagnosed=count(diagnosed),
        trained=count(trained),
    ).filter(teachers_total__gt=0).order_by("short_name", "name")


def course_list(*, user, municipality: str = "", school: str = "", year=None, teacher: int | None = None) -> QuerySet:
    qs = PDCourse.objects.filter(teacher__school__in=visible_schools(user)).select_related("teacher", "teacher__school")
    if municipality:
        qs = qs.filter(teacher__school__municipality__code=municipality)
    if school:
        qs = qs.filter(teacher__school__code=school)
    if (year := year_parse(year)) is not None:
        qs = qs.filter(overlaps(year))
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def diagnostic_list(*, user, municipality: str = "", school: str = "", year=None, teacher: int | None = None) -> QuerySet:
    qs = DeficitDiagnostic.objects.filter(teacher__school__in=visible_schools(user)).select_related("teacher", "teacher__school")
    if municipality:
        qs = qs.filter(teacher__school__municipality__code=municipality)
    if school:
        qs = qs.filter(teacher__school__code=school)
    if (year := year_parse(year)) is not None:
        qs = qs.filter(date__year=year)
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def plan_list(*, user, school: str = "", year=None, teacher: int | None = None) -> QuerySet:
    qs = (
        IndividualPlan.objects.filter(teacher__school__in=visible_schools(user))
        .select_related("teacher", "teacher__school")
        .prefetch_related("items")
    )
    if school:
        qs = qs.filter(teacher__school__code=school)
    if (year := year_parse(year)) is not None:
        qs = qs.filter(year=year)
    if teacher:
        qs = qs.filter(teacher_id=teacher)
    return qs


def pair_list(*, user, school: str = "", year=None, teacher: int | None = None) -> QuerySet:
    """Pairs with either teacher in scope (a mentor may work in another school)."""
    schools = visible_schools(user)
    qs = MentoringPair.objects.filter(Q(mentor__school__in=schools) | Q(mentee__school__in=schools)).select_related(
        "mentor", "mentor__school", "mentee", "mentee__school"
    )
    if school:
        qs = qs.filter(Q(mentor__school__code=school) | Q(mentee__school__code=school))
    if (year := year_parse(year)) is not None:
        qs = qs.filter(overlaps(year))
    if teacher:
        qs = qs.filter(Q(mentor_id=teacher) | Q(mentee_id=teacher))
    return qs
