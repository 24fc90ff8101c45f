"""Partnerships (either side in scope) and their activities."""

from django.db.models import Count, QuerySet

from ..models import Partnership, PartnershipActivity
from .common import overlaps


def partnership_list(*, user, year: int | None = None) -> QuerySet:
    """Partnerships where either side is in scope; `year` keeps those whose period overlaps it (the overview's)."""
    qs = Partnership.objects.visible_to(user).select_related(
        "school", "school__municipality", "partner", "partner__municipality"
    )
    if year is not None:
        qs = qs.filter(overlaps(year))
    return qs.annotate(activity_count=Count("activities")).order_by("-start", "pk")


def partnership_activities(*, partnership: Partnership) -> QuerySet:
    return PartnershipActivity.objects.filter(partnership=partnership).order_by("-date", "pk")
