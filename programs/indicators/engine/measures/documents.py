"""Measures over school documents (a programme's quality programmes and the like, by their review status)."""

from __future__ import annotations

from collections import defaultdict

from programs.models import SchoolDocument

from ..populations import school_set, set_of
from .base import Fraction, municipalities_of, noted, school_rows

NO_DOCUMENTS = "за {year} год в портале нет школьных документов этого вида"


def m_documents_share(*, year, municipality_ids, params) -> dict[int, Fraction]:
    """Schools of a set with a school document of the kinds approved or published for Y / the set (or all ОО)."""
    kinds = params.get("kinds") or [SchoolDocument.Kind.QUALITY_PROGRAM]
    schools_qs = set_of(params, year, municipality_ids)
    members = school_rows(schools_qs)
    base = (
        members
        if params.get("of", "set") == "set"
        else {**school_rows(school_set("all", year, municipality_ids)), **members}
    )
    with_doc = set(
        SchoolDocument.objects.filter(
            year=year,
            kind__in=kinds,
            status__in=[SchoolDocument.Status.APPROVED, SchoolDocument.Status.PUBLISHED],
            school__in=schools_qs.values("pk"),
        )
        .order_by()
        .values_list("school_id", flat=True)
        .distinct()
    )
    out: dict[int, Fraction] = defaultdict(Fraction)
    for pk, (m, _code) in base.items():
        out[m].add(pk, 1 if pk in with_doc else 0, 1)
    return out


def a_documents(*, year, municipality_ids, params) -> dict[int, str]:
    """School documents of the kinds for the year, in any status (a draft shows the portal is used for them)."""
    kinds = params.get("kinds") or [SchoolDocument.Kind.QUALITY_PROGRAM]
    return noted(
        municipalities_of(
            SchoolDocument.objects.filter(year=year, kind__in=kinds), "school__municipality_id", municipality_ids
        )
    )
