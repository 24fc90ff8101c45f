"""The start page's figures for each role; the full dashboard comes with the reports app."""

from schools.models import Municipality, School, SchoolStatus


def home_context(*, user) -> dict:
    schools = School.objects.visible_to(user)
    municipalities = Municipality.objects.visible_to(user)
    latest = SchoolStatus.objects.filter(school__in=schools, kind=SchoolStatus.Kind.SHNOR).order_by("-year").first()
    year = latest.year if latest else None
    shnor = (
        schools.filter(statuses__kind=SchoolStatus.Kind.SHNOR, statuses__year=year).distinct().count() if year else 0
    )
    return {
        "school_count": schools.count(),
        "municipality_count": municipalities.count(),
        "shnor_year": year,
        "shnor_count": shnor,
    }
