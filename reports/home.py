"""The start page's figures for each role; the full dashboard comes with the reports app."""

from schools.models import Municipality, School, SchoolStatus
from schools.selectors import listed_statuses


def home_context(*, user) -> dict:
    schools = School.objects.visible_to(user)
    municipalities = Municipality.objects.visible_to(user)
    latest = SchoolStatus.objects.filter(school__in=schools, kind=SchoolStatus.Kind.SHNOR).order_by("-year").first()
    year = latest.year if latest else None
    shnor = (
        schools.filter(pk__in=listed_statuses(kind=SchoolStatus.Kind.SHNOR, year=year).values("school_id")).count()
        if year
        else 0
    )
    return {
        "school_count": schools.count(),
        "municipality_count": municipalities.count(),
        "shnor_year": year,
        "shnor_count": shnor,
    }
