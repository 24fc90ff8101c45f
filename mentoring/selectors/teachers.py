"""Teachers (names only where the 152-ФЗ rule allows), their summary per school, courses, diagnostics, ИОМ and
mentoring pairs. The lists are scoped here and narrowed by `mentoring/filtersets.py`; the arguments left are the
ones that shape a page (a teacher's own records, the summary's year)."""

from django.db.models import Count, Q, QuerySet

from core.years import year_default, year_parse
from schools.models import School

from ..models import DeficitDiagnostic, IndividualPlan, MentoringPair, PDCourse, Teacher, employed_in_q
from .reach import courses_completed, diagnostics_dated_in


def teacher_list(*, user, active: bool | None = None) -> QuerySet:
    """Teachers in scope; `active`: only those working (the teachers page) or only those who left."""
    qs = Teacher.objects.visible_to(user).select_related("school", "school__municipality")
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("school__short_name", "full_name", "pk")


def teacher_summary(*, user, year: int | None = None) -> QuerySet:
    """Per-school aggregates of teachers: what roles without access to names get instead of a list. The counts are
    of the asked year (else the latest with data in scope) and of the teachers of each visible school employed in
    it (`employed_in_q`), in one GROUP BY over the schools' teachers."""
    schools = School.objects.visible_to(user)
    year = year_parse(year) or year_default(schools=schools).year
    active = employed_in_q(year, "teachers__")

    def count(**extra) -> Count:
        return Count("teachers", filter=active & Q(**{f"teachers__{k}": v for k, v in extra.items()}))

    return (
        schools.select_related("municipality")
        .annotate(
            teachers_total=count(),
            highest_category=count(category=Teacher.Category.HIGHEST),
            first_category=count(category=Teacher.Category.FIRST),
            young=count(experience_band=Teacher.Experience.UNDER_3),
            pension_age_count=count(pension_age=True),
            under_35=count(age_band=Teacher.AgeBand.UNDER_35),
            over_55=count(age_band=Teacher.AgeBand.OVER_55),
            higher_education=count(education__in=Teacher.HIGHER_EDUCATION),
            diagnosed=count(pk__in=diagnostics_dated_in(year).values("teacher_id")),
            trained=count(pk__in=courses_completed(year).values("teacher_id")),
        )
        .filter(teachers_total__gt=0)
        .order_by("short_name", "name")
    )


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
