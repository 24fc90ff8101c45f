"""Curators: their assignments, a curator's «my schools», visits."""

from django.db.models import Count, Max, Q, QuerySet

from schools.models import School

from ..models import CuratorAssignment, CuratorVisit
from .common import overlaps


def assignment_list(*, user, year: int | None = None) -> QuerySet:
    """Curator assignments in scope; `year`: those whose period overlaps it (the overview's)."""
    qs = CuratorAssignment.objects.visible_to(user).select_related(
        "curator", "school", "school__municipality", "curator_school"
    )
    if year is not None:
        qs = qs.filter(overlaps(year))
    return qs.order_by("curator__last_name", "curator__username", "school__short_name", "-start")


def curator_schools(*, user) -> QuerySet:
    """«Мои школы» of a curator: their active assignments' schools, with the date and number of their own visits
    there (one GROUP BY over the visits of schools already visible)."""
    assigned = CuratorAssignment.objects.visible_to(user).active().filter(curator=user).values("school_id")
    own = Q(curator_visits__curator=user)
    return (
        School.objects.visible_to(user)
        .filter(pk__in=assigned)
        .select_related("municipality")
        .annotate(last_visit=Max("curator_visits__date", filter=own), visit_count=Count("curator_visits", filter=own))
        .order_by("short_name", "name")
    )


def visit_list(*, user, year: int | None = None) -> QuerySet:
    """Curator visits in scope; `year`: those dated in it (the overview's)."""
    qs = CuratorVisit.objects.visible_to(user).select_related("curator", "school", "school__municipality")
    if year is not None:
        qs = qs.filter(date__year=year)
    return qs
