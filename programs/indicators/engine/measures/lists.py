"""Measures over the year's school lists (ШНОР by the list rule, ШНСУ, the watch-list, «500+», необъективность)."""

from __future__ import annotations

from collections import defaultdict

from assessments.risk.selectors import shnor_list_sources
from schools.models import Municipality, School, SchoolStatus

from ..populations import school_set
from .base import Fraction, municipalities_of, noted, school_rows

Kind = SchoolStatus.Kind

NO_LIST = "за {year} год нет списка ШНОР — ни официального, ни рассчитанного порталом"


def _mids(municipality_ids):
    return None if municipality_ids is None else list(municipality_ids)


def m_status_share(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Schools on a year's list / all schools and branches of the municipality (each counts once)."""
    kind = params.get("kind", "shnor")
    all_schools = school_rows(school_set("all", year, municipality_ids))
    if kind == "shnor":
        listed_qs = school_set("shnor", year, municipality_ids, list_mode=params.get("list", "official_first"))
    else:
        listed_qs = School.objects.filter(pk__in=SchoolStatus.objects.filter(year=year, kind=kind).values("school_id"))
        if municipality_ids is not None:
            listed_qs = listed_qs.filter(municipality_id__in=municipality_ids)
    listed = school_rows(listed_qs)
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (m, _code) in {**all_schools, **listed}.items():  # a listed school counts even if closed since
        out[m].add(pk, 1 if pk in listed else 0, 1)
    return out


def a_list(*, year, municipality_ids, params) -> dict[int, str]:
    """Municipalities with the year's list: ШНОР by the list rule (note: "official" or "computed"), the watch-list
    where the computed list exists, any other list where a school of their region is on it."""
    kind = params.get("kind", "shnor")
    if kind == Kind.SHNOR:
        return shnor_list_sources(
            year=year, municipality_ids=_mids(municipality_ids), mode=params.get("list", "official_first")
        )
    if kind == Kind.WATCH:
        return shnor_list_sources(year=year, municipality_ids=_mids(municipality_ids), mode="computed")
    # The other lists (ШНСУ, «500+», необъективность) are loaded for a region: where one of its schools is on the
    # year's list, the list of that year exists and a municipality with none on it has a real 0.
    regions = SchoolStatus.objects.filter(year=year, kind=kind).values("school__municipality__region_id")
    return noted(municipalities_of(Municipality.objects.filter(region_id__in=regions), "pk", municipality_ids))
