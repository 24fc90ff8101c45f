"""Reads of the indicators, each starting from the user's scope: a programme's municipality must be visible."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from programs.models import Program
from schools.models import School

from .models import Indicator, IndicatorValue

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from schools.models import User

AMBIGUOUS_CODE = "Показатель с этим кодом есть в нескольких программах: уточните ?program=<код программы>."


def indicator_list(*, user: "User | AnonymousUser") -> QuerySet[Indicator]:
    """Indicators of the programmes in scope; the list's filters are `filtersets.IndicatorFilterSet`'s."""
    qs = Indicator.objects.visible_to(user).select_related("program", "program__municipality")
    return qs.order_by("program__municipality__name", "-program__period_start", "program__code", "order", "pk")


def indicator_by_code(
    *, user: "User | AnonymousUser", code: str, program: str = "", municipality: str = ""
) -> Indicator | None:
    """By code. Several programmes in scope with the same code: `program` disambiguates; without it the indicator
    of the programme that started last (then by programme code) is meant."""
    qs = indicator_list(user=user).filter(code=code)
    if program:
        qs = qs.filter(program__code=program)
    if municipality:
        qs = qs.filter(program__municipality__code=municipality)
    return qs.order_by("-program__period_start", "program__code").first()


def value_list(*, user: "User | AnonymousUser") -> QuerySet[IndicatorValue]:
    """Values of visible programmes; per-school values only of the schools the user may see. The list's filters
    are `filtersets.IndicatorValueFilterSet`'s."""
    qs = IndicatorValue.objects.visible_to(user)
    return qs.select_related(
        "indicator",
        "indicator__program",
        "indicator__program__municipality",
        "school",
        "author",
        "fact",
        "fact__author",
    ).order_by("indicator__program__code", "indicator__order", "indicator_id", "year", "school__code")


def program_for(*, user: "User | AnonymousUser", code: str) -> QuerySet[Program]:
    return Program.objects.visible_to(user).filter(code=code).select_related("municipality")


def visible_school_codes(*, user: "User | AnonymousUser", codes: Iterable[str]) -> dict[str, School]:
    return {s.code: s for s in School.objects.visible_to(user).filter(code__in=list(codes))}
