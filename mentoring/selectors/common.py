"""What every read of the support network shares: the 152-ФЗ names rule, a period overlapping a year. (The user's
schools are `School.objects.visible_to(user)`, every other model's rows `Model.objects.visible_to(user)`.)"""

import datetime

from django.db.models import Q

from schools.access import user_can


def names_visible(user) -> bool:
    """152-ФЗ: teachers' names only for their school, its curators and the municipality's methodologists.

    The scope (visible_to) narrows each of those roles to the right schools; every page, serializer and export
    asks this one function whether to show names.
    """
    return user_can(user, "teachers.names")


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def overlaps(year: int) -> Q:
    first, last = _year_bounds(year)
    return Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))
