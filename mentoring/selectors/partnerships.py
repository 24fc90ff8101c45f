"""Partnerships (either side in scope) and their activities."""

from django.db.models import Count, Q, QuerySet

from core.years import year_parse

from ..models import Partnership, PartnershipActivity
from .common import overlaps, visible_schools


def partnership_list(*, user, municipality: str = "", school: str = "", year=None) -> QuerySet:
    """Partnerships where either side is in scope; `year` keeps those whose period overlaps the year."""
    schools = visible_schools(user)
    qs = Partnership.objects.filter(Q(school__in=schools) | Q(partner__in=schools)).select_related(
        "school", "school__municipality", "partner", "partner__municipality"
    )
    if municipality:
        qs = qs.filter(Q(school__municipality__code=municipality) | Q(partner__municipality__code=municipality))
    if school:
        qs = qs.filter(Q(school__code=school) | Q(partner__code=school))
    if (year := year_parse(year)) is not None:
        qs = qs.filter(overlaps(year))
    return qs.annotate(activity_count=Count("activities")).order_by("-start", "pk")


def partnership_activities(*, partnership: Partnership) -> QuerySet:
    return PartnershipActivity.objects.filter(partnership=partnership).order_by("-date", "pk")
