"""The support overview of a year: curators, visits, partnerships, events, teachers trained and diagnosed, ШНОР
reached."""

from django.utils import timezone

from assessments.risk.selectors import shnor_statuses
from core.numbers import share
from schools.models import School

from .curators import assignment_list, visit_list
from .events import event_decorate, event_list
from .partnerships import partnership_list
from .reach import schools_supported_in, teachers_diagnosed_in, teachers_trained_in


def overview(*, user, year: int) -> dict:
    """The support overview as of `year`."""
    schools = School.objects.visible_to(user)
    events = event_list(user=user)
    today = timezone.localdate()
    trained = teachers_trained_in(schools, year)
    diagnosed = teachers_diagnosed_in(schools, year)
    shnor = schools.filter(pk__in=shnor_statuses(year).values("school_id"))
    return {
        "year": year,
        # As of the year: its curators, visits and events; only the follow-ups due are about today.
        "assignments": list(assignment_list(user=user, year=year)),
        "visits_year": visit_list(user=user, year=year).count(),
        "visits_recent": list(visit_list(user=user, year=year)[:5]),
        "follow_ups_due": visit_list(user=user).filter(follow_up_done=False, follow_up_due__lt=today).count(),
        "partnerships_active": list(partnership_list(user=user, year=year)),
        "events_upcoming": list(events.filter(date__year=year, date__gte=today).order_by("date", "pk")[:5]),
        "events_past": event_decorate(events.filter(date__year=year, date__lt=today)[:8]),
        "events_year": events.filter(date__year=year).count(),
        "trained": {**trained, "share": share(trained["count"], trained["total"])},
        "diagnosed": {**diagnosed, "share": share(diagnosed["count"], diagnosed["total"])},
        "shnor_count": shnor.count(),
        "shnor_supported": len(schools_supported_in(shnor, year)),
    }
