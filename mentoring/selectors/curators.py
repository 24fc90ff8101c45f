"""Curators: their assignments, a curator's «my schools», visits."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.years import year_parse

from ..models import CuratorAssignment, CuratorVisit
from .common import overlaps, visible_schools


def assignment_list(*, user, municipality: str = "", school: str = "", active_only: bool = False, year=None) -> QuerySet:
    """Curator assignments in scope; `active_only`: those in force today; `year`: those whose period overlaps it."""
    qs = CuratorAssignment.objects.filter(school__in=visible_schools(user)).select_related(
        "curator", "school", "school__municipality", "curator_school"
    )
    if (year := year_parse(year)) is not None:
        qs = qs.filter(overlaps(year))
    if municipality:
        qs = qs.filter(school__municipality__code=municipality)
    if school:
        qs = qs.filter(school__code=school)
    if active_only:
        qs = qs.active()
    return qs.order_by("curator__last_name", "curator__username", "school__short_name", "-start")


def curator_schools(*, user) -> QuerySet:
    """«Мои школы» of a curator: their active assignments' schools, with the last visit's date."""
    last_visit = CuratorVisit.objects.filter(school=OuterRef("pk"), curator=user).order_by("-date").values("date")[:1]
    visits = CuratorVisit.objects.filter(school=OuterRef("pk"), curator=user).order_by().values("school")
    return (
        visible_schools(user)
        .filter(pk__in=CuratorAssignment.objects.active().filter(curator=user).values("school_id"))
        .select_related("municipality")
        .annotate(
            last_visit=Subquery(last_visit),
            visit_count=Coalesce(Subquery(visits.annotate(c=Count("pk")).values("c"), output_field=IntegerField()), 0),
        )
        .order_by("short_name", "name")
    )


def visit_list(*, user, municipality: str = "", school: str = "", year=None) -> QuerySet:
    qs = CuratorVisit.objects.filter(school__in=visible_schools(user)).select_related("curator", "school", "school__municipality")
    if municipality:
        qs = qs.filter(school__municipality__code=municipality)
    if school:
        qs = qs.filter(school__code=school)
    if (year := year_parse(year)) is not None:
        qs = qs.filter(date__year=year)
    return qs
