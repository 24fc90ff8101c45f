"""The figures of the reports: one source for the pages, the PDFs and the API."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from assessments.figures import aggregate_kwargs, counts_of_aggregate, figures_of_row
from assessments.models import Procedure, Result
from assessments.selectors import flags_with_history, trend, FLAG_LABELS
from core.charts import bar_chart, line_chart
from schools.models import Municipality, School, SchoolStatus
from schools.selectors import school_status_history
from .models import Report

VPR_NOTE_GROUPS = [(5, "russian", "5 класс, русский язык"), (5, "math", "5 класс, математика"),
                   (6, "russian", "6 класс, русский язык"), (6, "math", "6 класс, математика")]
LOW_SHARE = 30
LOW_OBJECTIVITY = 20


MUNICIPAL_READERS = {"admin", "regional", "head", "methodologist", "api_client"}


def report_list(*, user) -> QuerySet[Report]:
    """School reports of the user's schools; municipal reports only for the roles that read a whole municipality."""
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    scope = Q(school__in=School.objects.visible_to(user))
    if user.is_superuser or user.role in MUNICIPAL_READERS:
        scope |= Q(school__isnull=True, municipality__in=Municipality.objects.visible_to(user))
    return Report.objects.filter(scope).select_related("municipality", "school", "created_by", "job")


@dataclass
class GroupFigures:
    label: str
    current: dict
    previous: dict


def _figures_by_school(schools, year, grade, subject) -> dict[int, dict]:
    rows = (
        Result.objects.filter(school__in=schools, year=year, procedure=Procedure.VPR, grade=grade, subject__code=subject)
        .values("school_id").annotate(**aggregate_kwargs())
    )
    out = {}
    for row in rows:
        counts = counts_of_aggregate(row)
        out[row["school_id"]] = {**counts.figures(), "n": counts.participants}
    return out


def _total(schools, year, grade, subject) -> dict:
    row = Result.objects.filter(
        school__in=schools, year=year, procedure=Procedure.VPR, grade=grade, subject__code=subject
    ).aggregate(**aggregate_kwargs())
    counts = counts_of_aggregate(row)
    return {**counts.figures(), "n": counts.participants}


def vpr_note_context(*, municipality: Municipality, year: int) -> dict:
    """The July–August analytical note: VPR grades 5–6, Russian and mathematics, per school and for the municipality."""
    schools = list(School.objects.filter(municipality=municipality).order_by("short_name", "name"))
    groups = []
    low, suspicious = [], []
    for grade, subject, label in VPR_NOTE_GROUPS:
        now = _figures_by_school(schools, year, grade, subject)
        before = _figures_by_school(schools, year - 1, grade, subject)
        total, total_before = _total(schools, year, grade, subject), _total(schools, year - 1, grade, subject)
        rows = []
        for s in schools:
            if s.pk not in now:
                continue
            f, p = now[s.pk], before.get(s.pk)
            change = f["share_2"] - p["share_2"] if p and p["share_2"] is not None and f["share_2"] is not None else None
            rows.append({"school": s, "f": f, "prev": p, "change": change})
            if f["share_2"] is not None and f["share_2"] >= LOW_SHARE:
                low.append((s, label, f))
            if f["objectivity"] is not None and f["objectivity"] < LOW_OBJECTIVITY:
                suspicious.append((s, label, f))
        chart = bar_chart(
            labels=[r["school"].display_name.replace("МБОУ ", "").replace("МАОУ ", "")[:34] for r in rows],
            values=[r["f"]["share_2"] for r in rows], title=f"{label}: доля «2» по школам, {year}", target=LOW_SHARE,
            width=7.2,
        ) if rows else ""
        groups.append({"label": label, "rows": rows, "total": total, "total_before": total_before, "chart": chart})
    return {
        "municipality": municipality, "year": year, "groups": groups, "low": low, "suspicious": suspicious,
        "low_share": LOW_SHARE, "low_objectivity": LOW_OBJECTIVITY,
        "has_data": any(g["rows"] for g in groups),
    }


def school_dossier_context(*, school: School, year: int) -> dict:
    """The school's dossier: statuses and history, results against the municipality, flags; other apps add sections."""
    histories = [
        {"kind": label, **school_status_history(school=school, kind=kind)} for kind, label in SchoolStatus.Kind.choices
    ]
    municipality_schools = School.objects.filter(municipality=school.municipality)
    charts = []
    for procedure, codes, title in (
        (Procedure.VPR, ["russian"], "ВПР, русский язык: доля «2»"),
        (Procedure.VPR, ["math"], "ВПР, математика: доля «2»"),
        (Procedure.OGE, ["russian"], "ОГЭ, русский язык: доля «2»"),
        (Procedure.OGE, ["math"], "ОГЭ, математика: доля «2»"),
    ):
        own = trend(schools=School.objects.filter(pk=school.pk), procedure=procedure, subject_codes=codes, label="школа")
        if not own.points:
            continue
        area = trend(schools=municipality_schools, procedure=procedure, subject_codes=codes, label="муниципалитет")
        charts.append(line_chart(title=title, series={
            "школа": {y: p["share_2"] for y, p in own.points.items()},
            "муниципалитет": {y: p["share_2"] for y, p in area.points.items()},
        }, width=5.6, height=2.5))
    rows = list(Result.objects.filter(school=school, year__in=[year, year - 1]).select_related("subject").order_by(
        "procedure", "subject__order", "grade", "-year"))
    flags = flags_with_history(rows)
    current = [{"r": r, "f": figures_of_row(r), "flags": [FLAG_LABELS[f] for f in flags[r.pk]]} for r in rows if r.year == year]
    return {
        "school": school, "year": year, "histories": [h for h in histories if h["years"]],
        "shnor_text": histories[0]["text"], "charts": charts, "results": current,
        "sections": dossier_sections(school=school, year=year),
    }


def dossier_sections(*, school: School, year: int) -> list[dict]:
    """Sections other apps contribute to a school's dossier: `<app>.reporting.dossier_section(school=, year=)`."""
    from importlib import import_module
    from importlib.util import find_spec

    sections = []
    for app in ("programs", "mentoring"):
        if find_spec(f"{app}.reporting"):
            section = import_module(f"{app}.reporting").dossier_section(school=school, year=year)
            if section:
                sections.extend(section if isinstance(section, list) else [section])
    return sections
