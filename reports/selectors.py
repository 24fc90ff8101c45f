"""The figures of the reports: one source for the pages, the PDFs and the API."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
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
from programs.selectors import due_dates_in_year, plan_items_as_of, program_completion_map
from schools.models import Municipality, School, SchoolStatus
from schools.selectors import school_status_history

from .models import Report

VPR_NOTE_GROUPS = [
    (5, "russian", "5 класс, русский язык"),
    (5, "math", "5 класс, математика"),
    (6, "russian", "6 класс, русский язык"),
    (6, "math", "6 класс, математика"),
]
# Inches: the printed width of a chart in the PDF (its data table beside it), so its labels print at their size
# (8–10 pt, at least 10 px).
CHART_WIDTH = 4.3
LOW_SHARE = 30
LOW_OBJECTIVITY = 20


def report_list(*, user) -> QuerySet[Report]:
    """School reports of the user's schools; municipal reports only for the roles that read a whole municipality."""
    return Report.objects.visible_to(user).select_related("municipality", "school", "program", "created_by", "job")


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
                width=3.4,  # half the printed width (two a row): labels print at their size
                height=2.4,
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
                title=ind.name,
                series={"значение": points},
                targets=targets,
                unit="%" if ind.unit == "percent" else "",
                width=CHART_WIDTH,
                height=2.4,
                coverage={"значение": coverage} if coverage else None,
            )
            if has_value or targets
            else ""
        )
        data = [
            {
                "year": y,
                "value": points.get(y),
                "target": targets.get(y),
                "coverage": series[y].coverage if y in series else None,
            }
            for y in sorted(set(points) | set(targets))
        ]
        rows.append(
            {
                "indicator": ind,
                "value": series.get(year),
                "target": targets.get(year),
                "points": points,
                "chart": chart,
                "data": data,
            }
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


def program_report_context(*, municipality: Municipality, year: int, program: Program | None = None) -> dict:
    """The annual programme report: the seeds' documents' sections in their order (passport, expected results,
    risks, participants, the plan activity by activity, the lists with their history, indicators), every number
    computed by the portal. `program`: that programme only; default: the municipality's programmes of the year.
    The one context of the PDF, the Word document and the Excel workbook."""

    if program is not None:
        programs = list(Program.objects.filter(pk=program.pk).prefetch_related("tracks"))
    else:
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
    plans = programme_plans(programs, year=year, as_of=as_of)
    participants = programme_participants(programs, year=year)
    context = {
        "municipality": municipality,
        "year": year,
        "as_of": as_of,
        "program": program,
        "programs": [
            {
                "program": p,
                "completion": completion[p.pk],
                "passport": programme_passport(p),
                "expected_results": [str(r) for r in p.expected_results or [] if str(r).strip()],
                "risks": programme_risks(p),
                "participants": participants[p.pk],
                "plan": plans[p.pk],
            }
            for p in programs
        ],
        "indicators": indicator_rows(programs, year),
        "lists": lists,
        "list_history": list_history(schools, year=year),
        "shnor_count": len(shnor_ids),
        "school_count": schools.count(),
        "shnor_list": shnor_list,
        "shnor_share": share(len(shnor_ids), schools.count()) if shnor_list else None,
        "support": support,
        "lines": _school_lines(schools, year, shnor_ids, watch_ids, supported),
        "appendix": appendix_by_group(appendix_table(schools=schools, years=appendix_years)),
        "appendix_years": appendix_years,
    }
    context["extra_sections"] = report_sections(context)
    return context


# --- Optional sections ---------------------------------------------------------------------------------------------
# Another app adds a section to the programme report — PDF, Word and Excel at once — by registering a builder, e.g.
# in its AppConfig.ready():
#
#     from reports.selectors import REPORT_SECTIONS, ReportSection
#
#     def effect_section(context):
#         data = effect_report_data(municipality=context["municipality"], year=context["year"],
#                                   programs=[p["program"] for p in context["programs"]])
#         return ReportSection(id="effect", title="Эффект программы", data=data,
#                              template="programs/effect/_report_section.html",   # optional
#                              paragraphs=[...], tables=[{"title": ..., "headers": [...], "rows": [[...]]}])
#
#     REPORT_SECTIONS.append(effect_section)
#
# The builder gets the report's context and returns a ReportSection, or None (nothing to say that year). The PDF
# prints `title` as a numbered chapter before the appendix and includes `template` with `section` (the
# ReportSection: its `data`, `paragraphs`, `tables`); the default template prints the paragraphs and the tables.
# Word prints the same HTML (reports.docx); the tables go to the Excel workbook as sheets (reports.xlsx).


@dataclass
class ReportSection:
    id: str
    title: str
    template: str = "reports/pdf/_section.html"
    data: Any = None
    paragraphs: list[str] = field(default_factory=list)
    # [{"title": "…", "headers": [...], "rows": [[plain values], ...], "widths": [percent, ...] (optional)}]
    tables: list[dict] = field(default_factory=list)


REPORT_SECTIONS: list[Callable[[dict], ReportSection | None]] = []


def report_sections(context: dict) -> list[ReportSection]:
    sections = (builder(context) for builder in REPORT_SECTIONS)
    return [s for s in sections if s is not None]


# --- The programme as its document has it --------------------------------------------------------------------------


def programme_passport(program: Program) -> list[tuple[str, str]]:
    """The passport's rows in the documents' order, the empty ones left out; the period as written when the
    document states it in its own words (Program.period_text)."""
    order = ""
    if program.order_number or program.order_date:
        order = "приказ" + (f" от {program.order_date:%d.%m.%Y}" if program.order_date else "")
        order += f" № {program.order_number}" if program.order_number else ""
    period = f"{program.period_start:%d.%m.%Y} — {program.period_end:%d.%m.%Y}"
    if program.period_wordings:
        period = f"{'; '.join(program.period_wordings)} ({period})"
    tasks = "\n".join(f"{i}. {t}" for i, t in enumerate(program.tasks or [], start=1) if str(t).strip())
    tracks = "\n".join(str(t) for t in program.tracks.all())
    rows = [
        ("Наименование", program.title),
        ("Утверждена", order),
        ("Сроки реализации", period),
        ("Разработчик", program.developer),
        ("Исполнители", program.executors),
        ("Координатор", program.coordinator),
        ("Цель", program.goal),
        ("Задачи", tasks),
        ("Основная идея", program.main_idea),
        ("Направления (треки)", tracks),
        ("Источники финансирования", program.funding_sources),
        ("Нормативная база", program.normative_basis),
    ]
    return [(label, value.strip()) for label, value in rows if value and value.strip()]


def programme_risks(program: Program) -> list[dict]:
    """Risks and their measures as the document lists them ([{"risk", "mitigation"}], or plain strings)."""
    out = []
    for entry in program.risks or []:
        if isinstance(entry, dict):
            risk, measure = str(entry.get("risk", "")).strip(), str(entry.get("mitigation", "")).strip()
        else:
            risk, measure = str(entry).strip(), ""
        if risk or measure:
            out.append({"risk": risk, "mitigation": measure})
    return out


def programme_participants(programs: list[Program], *, year: int) -> dict[int, list[dict]]:
    """Each programme's participating schools by year (up to the report's) and track: [{"year", "count",
    "tracks": [{"title", "schools": [School]}]}]."""
    from programs.models import ProgramParticipant

    out: dict[int, list[dict]] = {p.pk: [] for p in programs}
    rows = (
        ProgramParticipant.objects.filter(program__in=programs, year__lte=year)
        .select_related("school", "track")
        .order_by("program_id", "year", "track__number", "school__short_name", "school__name")
    )
    for part in rows:
        years = out[part.program_id]
        if not years or years[-1]["year"] != part.year:
            years.append({"year": part.year, "count": 0, "tracks": []})
        current = years[-1]
        title = str(part.track) if part.track_id else "Без трека"
        if not current["tracks"] or current["tracks"][-1]["title"] != title:
            current["tracks"].append({"title": title, "schools": []})
        current["tracks"][-1]["schools"].append(part.school)
        current["count"] += 1
    return out


def _due_dates(item: PlanItem, year: int) -> list[datetime.date]:
    """The dates the item is due: a finite term's end, else its occurrences in the report's year."""
    if item.deadline_kind in PlanItem.FINITE_KINDS and not item.deadline_dates and item.deadline_end:
        return [item.deadline_end]
    return due_dates_in_year(item, year)


def dates_text(dates: list[datetime.date]) -> str:
    """«31.03, 30.06, 30.09, 31.12.2024» for dates of one year, «15.02.2023, 15.02.2024» otherwise."""
    if not dates:
        return ""
    if len({d.year for d in dates}) == 1 and len(dates) > 1:
        return ", ".join(f"{d:%d.%m}" for d in dates[:-1]) + f", {dates[-1]:%d.%m.%Y}"
    return ", ".join(f"{d:%d.%m.%Y}" for d in dates)


def _item_status(item: PlanItem, as_of: datetime.date) -> tuple[str, str]:
    """(text, css class): the status as of the report's date, with the day it was done and any lateness."""
    from core.numbers import count_noun

    if item.status == PlanItem.Status.DONE:
        text = "Выполнено" + (f" {item.completed_on:%d.%m.%Y}" if item.completed_on else "")
        if item.days_late:
            text += f", с опозданием {count_noun(item.days_late, 'день', 'дня', 'дней')}"
            return text, "bad"
        return text, "good"
    if item.status in PlanItem.OPEN_STATUSES and item.is_overdue(as_of):
        return "Просрочено", "bad"
    return item.get_status_display(), ""


def _item_fact(item: PlanItem) -> str:
    from core.numbers import format_quantity

    parts = []
    if item.fact_value is not None:
        value = f"Факт: {format_quantity(item.fact_value)}"
        if item.target_value is not None:
            value += f" при цели {format_quantity(item.target_value)}"
        parts.append(value + (f" {item.target_unit}" if item.target_unit else ""))
    elif item.target_value is not None:
        parts.append(
            f"Цель: {format_quantity(item.target_value)}" + (f" {item.target_unit}" if item.target_unit else "")
        )
    if item.fact_text:
        parts.append(item.fact_text)
    return "\n".join(parts)


def programme_plans(programs: list[Program], *, year: int, as_of: datetime.date) -> dict[int, list[dict]]:
    """Each programme's municipal plan activity by activity, grouped by block and section as the document has it:
    [{"title", "sections": [{"title", "items": [{"item", "deadline", "due", "status", "status_class", "fact",
    "evidence"}]}]}]. Every item of the plan is listed; one due after the report's year says so."""
    items = (
        PlanItem.objects.filter(program__in=programs, school__isnull=True)
        .select_related("track")
        .prefetch_related("evidence")
        .order_by("program_id", "position")
    )
    titles = {p.pk: p.block_titles or {} for p in programs}
    out: dict[int, list[dict]] = {p.pk: [] for p in programs}
    for item in items:
        blocks = out[item.program_id]
        block = item.block or titles[item.program_id].get((item.number or "").split(".")[0], "")
        if not blocks or blocks[-1]["title"] != block:
            blocks.append({"title": block, "sections": []})
        sections = blocks[-1]["sections"]
        if not sections or sections[-1]["title"] != item.section:
            sections.append({"title": item.section, "items": []})
        later = item.deadline_start is not None and item.deadline_start.year > year
        status, css = ("Срок не наступил", "muted") if later else _item_status(item, as_of)
        evidence = [e.title or e.filename or e.url for e in item.evidence.all()]
        sections[-1]["items"].append(
            {
                "item": item,
                "deadline": item.deadline_text,
                "due": dates_text(_due_dates(item, year)),
                "status": status,
                "status_class": css,
                "fact": _item_fact(item),
                "evidence": [e for e in evidence if e],
            }
        )
    return out


def list_history(schools, *, year: int) -> list[dict]:
    """The yearly lists of the municipality's schools up to `year`, one table per list: the schools (rows) by year
    (columns) with the level, the official list winning over the computed one; each year's count below.
    [{"kind", "years", "rows": [{"school", "cells": [level text or ""]}], "counts": [int]}]."""
    statuses = (
        SchoolStatus.objects.filter(school__in=schools, year__lte=year)
        .select_related("school")
        .order_by("kind", "year", "source")
    )
    kinds: dict[str, dict] = {}
    for status in statuses:
        entry = kinds.setdefault(status.kind, {"kind": status.get_kind_display(), "by": {}, "years": set()})
        key = (status.school.pk, status.year)
        current = entry["by"].get(key)
        if current is None or status.source == SchoolStatus.Source.OFFICIAL:
            entry["by"][key] = status
        entry["years"].add(status.year)
    out = []
    for entry in kinds.values():
        years = sorted(entry["years"])[-8:]
        by_school: dict[int, School] = {}
        for (school_id, _y), status in entry["by"].items():
            by_school[school_id] = status.school
        rows: list[dict[str, Any]] = []
        for school in sorted(by_school.values(), key=lambda s: s.short_name or s.name):
            cells = []
            for y in years:
                status = entry["by"].get((school.pk, y))
                if status is None:
                    cells.append("")
                    continue
                text = status.get_level_display() if status.level else "в списке"
                if status.source != SchoolStatus.Source.OFFICIAL:
                    text += f" ({status.get_source_display().lower()})"
                cells.append(text)
            if any(cells):
                rows.append({"school": school, "cells": cells})
        counts = [sum(1 for r in rows if r["cells"][i]) for i in range(len(years))]
        out.append({"kind": entry["kind"], "years": years, "rows": rows, "counts": counts})
    return out


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
