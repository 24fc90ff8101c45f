"""The figures of the reports: one source for the pages, the PDFs and the API."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from assessments.figures import aggregate_kwargs, counts_of_aggregate
from assessments.models import Procedure, Result
from assessments.risk.selectors import risk_list, shnor_list_sources, shnor_school_ids
from assessments.selectors import appendix_table, result_rows, trend
from core.charts import bar_chart, line_chart
from core.coverage import chart_coverage
from core.numbers import share
from mentoring.models import CuratorAssignment, CuratorVisit, EventAttendance, MethodEvent, Partnership
from mentoring.selectors import reach as support
from mentoring.selectors.reach import schools_supported_in
from programs.indicators.engine.populations import municipality_population
from programs.indicators.models import Indicator, IndicatorValue
from programs.models import PlanItem, Program, RiskProfile, SchoolDocument
from programs.selectors import plan_items_as_of, program_completion_map
from schools.models import Municipality, School, SchoolStatus
from schools.selectors import school_status_history

from .models import Report

VPR_NOTE_GROUPS = [
    (5, "russian", "5 класс, русский язык"),
    (5, "math", "5 класс, математика"),
    (6, "russian", "6 класс, русский язык"),
    (6, "math", "6 класс, математика"),
]
LOW_SHARE = 30
LOW_OBJECTIVITY = 20


def report_list(*, user) -> QuerySet[Report]:
    """School reports of the user's schools; municipal reports only for the roles that read a whole municipality."""
    return Report.objects.visible_to(user).select_related("municipality", "school", "created_by", "job")


@dataclass
class GroupFigures:
    label: str
    current: dict
    previous: dict


def _figures_by_school(schools, year, grade, subject) -> dict[int, dict]:
    rows = (
        Result.objects.filter(
            school__in=schools, year=year, procedure=Procedure.VPR, grade=grade, subject__code=subject
        )
        .values("school_id")
        .annotate(**aggregate_kwargs())
    )
    out = {}
    for row in rows:
        counts = counts_of_aggregate(row)
        out[row["school_id"]] = {**counts.figures(), "n": counts.participants}
    return out


def _total(schools, year, grade, subject) -> dict:
    """The municipality's figures summed from its schools' rows, with their coverage (`schools`: all of them)."""
    row = Result.objects.filter(
        school__in=schools, year=year, procedure=Procedure.VPR, grade=grade, subject__code=subject
    ).aggregate(**aggregate_kwargs())
    counts = counts_of_aggregate(row)
    active = sum(1 for s in schools if s.is_active)
    coverage = counts.coverage(active_schools=active) if counts.schools else None
    return {**counts.figures(), "n": counts.participants, "coverage": coverage}


def vpr_note_context(*, municipality: Municipality, year: int) -> dict:
    """The July–August analytical note: VPR grades 5–6, Russian and mathematics, per school and for the municipality."""
    schools = list(School.objects.filter(municipality=municipality).order_by("short_name", "name"))
    groups = []
    low, suspicious = [], []
    for grade, subject, label in VPR_NOTE_GROUPS:
        now = _figures_by_school(schools, year, grade, subject)
        before = _figures_by_school(schools, year - 1, grade, subject)
        total, total_before = _total(schools, year, grade, subject), _total(schools, year - 1, grade, subject)
        rows: list[dict[str, Any]] = []
        for s in schools:
            if s.pk not in now:
                continue
            f, p = now[s.pk], before.get(s.pk)
            change = (
                f["share_2"] - p["share_2"] if p and p["share_2"] is not None and f["share_2"] is not None else None
            )
            rows.append({"school": s, "f": f, "prev": p, "change": change})
            if f["share_2"] is not None and f["share_2"] >= LOW_SHARE:
                low.append((s, label, f))
            if f["objectivity"] is not None and f["objectivity"] < LOW_OBJECTIVITY:
                suspicious.append((s, label, f))
        chart = (
            bar_chart(
                labels=[r["school"].display_name.replace("МБОУ ", "").replace("МАОУ ", "")[:34] for r in rows],
                values=[r["f"]["share_2"] for r in rows],
                title=f"{label}: доля «2» по школам, {year}",
                target=LOW_SHARE,
                width=7.2,
            )
            if rows
            else ""
        )
        groups.append({"label": label, "rows": rows, "total": total, "total_before": total_before, "chart": chart})
    return {
        "municipality": municipality,
        "year": year,
        "groups": groups,
        "low": low,
        "suspicious": suspicious,
        "low_share": LOW_SHARE,
        "low_objectivity": LOW_OBJECTIVITY,
        "has_data": any(g["rows"] for g in groups),
    }


def school_dossier_context(*, school: School, year: int) -> dict:
    """The school's dossier as of `year`: statuses and history up to it, results against the municipality, flags;
    other apps add sections."""
    histories = [
        {"kind": label, **school_status_history(school=school, kind=kind, up_to=year)}
        for kind, label in SchoolStatus.Kind.choices
    ]
    municipality_schools = School.objects.filter(municipality=school.municipality)
    charts, area_coverage = [], []
    for procedure, codes, title in (
        (Procedure.VPR, ["russian"], "ВПР, русский язык: доля «2»"),
        (Procedure.VPR, ["math"], "ВПР, математика: доля «2»"),
        (Procedure.OGE, ["russian"], "ОГЭ, русский язык: доля «2»"),
        (Procedure.OGE, ["math"], "ОГЭ, математика: доля «2»"),
    ):
        own = trend(
            schools=School.objects.filter(pk=school.pk),
            procedure=procedure,
            subject_codes=codes,
            label="школа",
            up_to=year,
        )
        if not own.points:
            continue
        area = trend(
            schools=municipality_schools, procedure=procedure, subject_codes=codes, label="муниципалитет", up_to=year
        )
        charts.append(
            line_chart(
                title=title,
                series={"школа": own.series(), "муниципалитет": area.series()},
                coverage={"муниципалитет": area.coverage()},
                width=5.6,
                height=2.5,
            )
        )
        if year in area.points:
            area_coverage.append({"title": title, "coverage": area.points[year]["coverage"]["share_2"]})
    rows = (
        Result.objects.filter(school=school, year=year)
        .select_related("subject")
        .order_by("procedure", "subject__order", "grade")
    )
    current = result_rows(rows)  # flagged against the school's own history
    return {
        "school": school,
        "year": year,
        "histories": [h for h in histories if h["years"]],
        "shnor_text": histories[0]["text"],
        "charts": charts,
        "area_coverage": area_coverage,
        "results": current,
        **dossier_sections(school=school, year=year),
    }


def dossier_sections(*, school: School, year: int) -> dict:
    """What the programmes and the support network hold about the school as of `year`, for its dossier (page and
    PDF): documents of that year and before, plan items due by then or running in it, curators, visits,
    partnerships and events of that year — never a later year's."""

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_year = Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))
    profile = RiskProfile.objects.filter(school=school, year=year).first()
    entries = (
        list(profile.entries.select_related("factor").exclude(level="none").order_by("factor__code")) if profile else []
    )
    return {
        "risk_profile": profile,
        "risk_entries": entries,
        "documents": list(SchoolDocument.objects.filter(school=school, year__lte=year).order_by("-year", "kind")[:20]),
        "activities": list(
            PlanItem.objects.filter(plan_items_as_of(year), school=school)
            .select_related("program")
            .order_by("position")[:30]
        ),
        "curators": list(
            CuratorAssignment.objects.filter(in_year, school=school).select_related("curator", "curator_school")
        ),
        "visits": list(CuratorVisit.objects.filter(school=school, date__year=year).order_by("-date")[:10]),
        "partnerships": list(
            Partnership.objects.filter(in_year)
            .filter(Q(school=school) | Q(partner=school))
            .select_related("school", "partner")
        ),
        "events": list(
            EventAttendance.objects.filter(school=school, participants__gt=0, event__date__year=year)
            .select_related("event")
            .order_by("-event__date")[:15]
        ),
    }


def indicator_rows(programs, year: int) -> list[dict]:
    """Each indicator of the programmes: the year's value with numerator and denominator, and its chart by year up to
    it (a later year's value is not known as of `year`)."""

    indicators = list(
        Indicator.objects.filter(program__in=programs).select_related("program").order_by("program_id", "order", "pk")
    )
    values = IndicatorValue.objects.filter(indicator__in=indicators, school__isnull=True, year__lte=year).order_by(
        "year"
    )
    by_indicator: dict[int, dict[int, IndicatorValue]] = {}
    for v in values:
        by_indicator.setdefault(v.indicator_id, {})[v.year] = v
    rows = []
    for ind in indicators:
        series = by_indicator.get(ind.pk, {})
        targets = {int(y): float(t) for y, t in (ind.targets or {}).items() if t not in (None, "")}
        # Years without a value stay on the axis as gaps in the line (None), never as 0.
        points = {y: None if v.value is None else float(v.value) for y, v in series.items()}
        has_value = any(p is not None for p in points.values())
        coverage = chart_coverage({y: series[y].coverage for y in points if points[y] is not None})
        chart = (
            line_chart(
                title=ind.name[:90],
                series={"значение": points},
                targets=targets,
                unit="%" if ind.unit == "percent" else "",
                width=5.6,
                height=2.3,
                coverage={"значение": coverage} if coverage else None,
            )
            if has_value or targets
            else ""
        )
        rows.append(
            {"indicator": ind, "value": series.get(year), "target": targets.get(year), "points": points, "chart": chart}
        )
    return rows


def support_coverage(schools, target_ids: set[int], year: int, *, label: str = "") -> dict:
    """Support of the year against the schools it is meant for (`target_ids`, named by `label`)."""

    targets = schools.filter(pk__in=target_ids)
    trained = support.teachers_trained_in(targets, year)
    diagnosed = support.teachers_diagnosed_in(targets, year)
    return {
        "targets": len(target_ids),
        "label": label,
        "supported": len(support.schools_supported_in(targets, year)),
        "partnered": len(support.schools_with_partnership_in(targets, year)),
        "visits": CuratorVisit.objects.filter(school__in=schools, date__year=year).count(),
        "events": MethodEvent.objects.filter(
            municipality_id__in=schools.values("municipality_id"), date__year=year
        ).count(),
        "partnerships": Partnership.objects.filter(school__in=schools, start__year__lte=year)
        .filter(Q(end__isnull=True) | Q(end__year__gte=year))
        .count(),
        "trained": {**trained, "share": share(trained["count"], trained["total"])},
        "diagnosed": {**diagnosed, "share": share(diagnosed["count"], diagnosed["total"])},
    }


def _school_lines(schools, year: int, shnor_ids: set[int], watch_ids: set[int], supported: set[int]) -> list[dict]:
    """One line per school: list status, last year's share of «2» in the rule's subjects, documents, support."""

    rows = (
        Result.objects.filter(
            school__in=schools, year=year - 1, subject__code__in=["russian", "math", "math_base", "math_profile"]
        )
        .values("school_id")
        .annotate(**aggregate_kwargs())
    )
    shares = {r["school_id"]: counts_of_aggregate(r).figures()["share_2"] for r in rows}
    published = dict(
        SchoolDocument.objects.filter(school__in=schools, year=year, status="published")
        .values_list("school_id")
        .annotate(n=Count("pk"))
    )
    lines = []
    for s in schools.order_by("short_name", "name"):
        status = "ШНОР" if s.pk in shnor_ids else "зона риска" if s.pk in watch_ids else ""
        lines.append(
            {
                "school": s,
                "status": status,
                "share_2": shares.get(s.pk),
                "documents": published.get(s.pk, 0),
                "supported": s.pk in supported,
            }
        )
    return lines


def program_report_context(*, municipality: Municipality, year: int) -> dict:
    """The annual programme report: the seeds' documents' sections, every number computed by the portal."""

    programs = list(
        Program.objects.filter(
            municipality=municipality, period_start__year__lte=year, period_end__year__gte=year
        ).prefetch_related("tracks")
    )
    schools = School.objects.filter(municipality=municipality)
    lists = risk_list(user=None, year=year, municipality=municipality, schools=schools, history=True)
    shnor_ids = set(shnor_school_ids_for(municipality, year))
    watch_ids = {e.school.pk for e in lists.watch_list}
    today = datetime.date.today()
    as_of = min(today, datetime.date(year, 12, 31))
    completion = program_completion_map(program_ids=[p.pk for p in programs], today=as_of, year=year)
    population, target_ids = municipality_population(municipality.pk, year)
    support = support_coverage(schools, set(target_ids), year, label=population.label("target"))
    supported = schools_supported_in(schools, year)
    appendix_years = [year - 2, year - 1, year]
    # No list of the year (neither official nor computed): the share is unknown, not 0 %.
    shnor_list = shnor_list_sources(year=year, municipality_ids=[municipality.pk]).get(municipality.pk)
    return {
        "municipality": municipality,
        "year": year,
        "as_of": as_of,
        "programs": [{"program": p, "completion": completion[p.pk]} for p in programs],
        "indicators": indicator_rows(programs, year),
        "lists": lists,
        "shnor_count": len(shnor_ids),
        "school_count": schools.count(),
        "shnor_list": shnor_list,
        "shnor_share": share(len(shnor_ids), schools.count()) if shnor_list else None,
        "support": support,
        "lines": _school_lines(schools, year, shnor_ids, watch_ids, supported),
        "appendix": appendix_by_group(appendix_table(schools=schools, years=appendix_years)),
        "appendix_years": appendix_years,
    }


def appendix_by_group(table: dict) -> list[dict]:
    """The appendix table split per procedure, one printable table each (schools with no data there left out), with
    the municipality's total and its coverage."""
    groups = []
    for index, (_procedure, _code, title) in enumerate(table["groups"]):
        rows = [
            {"school": line["school"], "cells": line["cells"][index]}
            for line in table["rows"]
            if any(line["cells"][index])
        ]
        groups.append({"title": title, "rows": rows, "total": table["totals"][index]})
    return groups


def shnor_school_ids_for(municipality: Municipality, year: int):

    return shnor_school_ids(year=year, municipality_ids=[municipality.pk])
