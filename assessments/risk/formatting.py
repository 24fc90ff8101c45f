"""The ШНОР lists as words and rows: the contract's object, reasons as text, export rows, procedure labels."""

import functools
from typing import TYPE_CHECKING, Any

from schools.models import SchoolStatus

from ..models import Procedure, Subject
from .rule import CRITERION_A, CRITERION_B, WATCH_GROWTH, WATCH_THRESHOLD

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .near import Near
    from .selectors import RiskList

Kind, Source, Level = SchoolStatus.Kind, SchoolStatus.Source, SchoolStatus.Level


CRITERIA_TEXT = {
    CRITERION_A: "A: две и более низкие процедуры в прошлом году",
    CRITERION_B: "B: низкая процедура в каждом из двух последних лет",
    WATCH_THRESHOLD: "процедура с долей «2» не ниже порога зоны риска в прошлом году",
    WATCH_GROWTH: "доля «2» по процедурам правила росла два года подряд",
}


@functools.cache
def subject_names() -> dict[str, str]:
    """Subject code → name: reference data, read once per process (a change of a subject clears it)."""
    return dict(Subject.objects.values_list("code", "name"))


# The procedures an admin may put into the rule (the form's choices); the defaults are among them.
PROCEDURE_CHOICES: list[dict[str, Any]] = [
    *({"procedure": "VPR", "subject": s, "grade": g} for g in (4, 5, 6, 7, 8) for s in ("russian", "math")),
    {"procedure": "OGE", "subject": "russian", "grade": 9},
    {"procedure": "OGE", "subject": "math", "grade": 9},
    {"procedure": "EGE", "subject": "russian", "grade": 11},
    {"procedure": "EGE", "subject": "math_base", "grade": 11},
    {"procedure": "EGE", "subject": "math_profile", "grade": 11},
]


def procedure_label(p: dict, subjects: dict[str, str] | None = None) -> str:
    subject = (subjects or {}).get(p["subject"], p["subject"])
    return f"{Procedure(p['procedure']).label} {subject}, {p['grade']} кл."


def risk_list_payload(lists: "RiskList", near: "Iterable[Near]" = ()) -> dict:
    """The contract's object (GET /api/v1/risk-lists/{year}/, recompute_risk --format json); `near`: the schools
    one step from the next year's list (assessments.risk.near)."""
    rule = lists.rule
    return {
        "year": lists.year,
        "rule": {
            "version": rule.version,
            "threshold": rule.threshold,
            "procedures": rule.procedures,
            "count_a": rule.count_a,
            "count_b": rule.count_b,
            "watch_threshold": rule.watch_threshold,
        },
        "computed_at": lists.run.computed_at.isoformat() if lists.run else None,
        "schools": [{"school": e.school.code, "criteria": e.criteria, "reasons": e.reasons} for e in lists.schools],
        "watch_list": [
            {"school": e.school.code, "criteria": e.criteria, "reasons": e.reasons} for e in lists.watch_list
        ],
        "official": [{"school": e.school.code, "level": e.level or None} for e in lists.official],
        "differences": {
            "only_computed": [e.school.code for e in lists.only_computed],
            "only_official": [e.school.code for e in lists.only_official],
        },
        "near": [n.as_dict() for n in near],
    }


def reason_text(r: dict, subjects: dict[str, str] | None = None) -> str:
    """One reason of a listed school, the same on pages, in PDFs and exports:
    «2023: ВПР Русский язык, 5 кл. — n = 34, «2» 32,4 %»."""
    from core.numbers import format_number, format_percent

    what = "все процедуры правила" if not r.get("procedure") else procedure_label(r, subjects)
    nbsp = "\u00a0"  # «n = 34» and «5 кл.» stay on one line in narrow table cells
    return (
        f"{r['year']}: {what.replace(' кл.', nbsp + 'кл.')} — "
        f"n{nbsp}={nbsp}{'?' if r['participants'] is None else format_number(r['participants'])}, "
        f"«2» {format_percent(r['share_2'])}"
    )


def reasons_text(reasons: list[dict], subjects: dict[str, str] | None = None) -> str:
    """All of a school's reasons on one line, for exports."""
    return "; ".join(reason_text(r, subjects) for r in reasons)


def export_rows(lists: "RiskList") -> list[dict]:
    """Every school of the year's lists, one row each, for the CSV/Excel export of the list, watch-list and
    differences."""
    subjects = subject_names()
    rows = []
    for e in lists.schools:
        rows.append(
            {
                "school": e.school.code,
                "name": e.school.name,
                "list": "ШНОР (расчёт)",
                "criteria": ", ".join(e.criteria),
                "reasons": reasons_text(e.reasons, subjects),
                "level": e.level_label,
                "difference": "" if e.official or not lists.has_official else "только в расчёте",
            }
        )
    for e in lists.only_official:
        rows.append(
            {
                "school": e.school.code,
                "name": e.school.name,
                "list": "ШНОР (официальный)",
                "criteria": "",
                "reasons": "",
                "level": e.level_label,
                "difference": "только в официальном списке",
            }
        )
    for e in lists.watch_list:
        rows.append(
            {
                "school": e.school.code,
                "name": e.school.name,
                "list": "Зона риска",
                "criteria": ", ".join(CRITERIA_TEXT[c] for c in e.criteria),
                "reasons": reasons_text(e.reasons, subjects),
                "level": "",
                "difference": "",
            }
        )
    return rows
