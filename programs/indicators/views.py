"""Indicator pages: a programme's indicators by year with charts, an indicator's drill-down to the schools behind
its numerator and denominator, the attach / define form, manual values with evidence, recompute with a Job."""

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.charts import line_chart
from core.coverage import chart_coverage
from core.jobs import job_list
from core.numbers import round1
from programs.models import Program
from programs.selectors import program_list
from programs.services import ServiceError
from schools.access import user_can

from . import selectors
from . import services as svc
from .engine.presets import PRESETS
from .engine.registry import MEASURES
from .forms import FactForm, IndicatorForm, ManualValueForm, params_initial, targets_text
from .models import Indicator, IndicatorFact, IndicatorValue

STATUS_BADGE = {"met": "badge-met", "not_met": "badge-overdue", "no_data": ""}
UNIT_SUFFIX = {"percent": " %", "pp": " п. п.", "count": "", "points": ""}


def _program(request, program_code: str) -> Program:
    return get_object_or_404(selectors.program_for(user=request.user, code=program_code))


def _indicator(request, program: Program, code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.visible_to(request.user).select_related("program", "program__municipality"),
        program=program,
        code=code,
    )


def _shown(value, unit: str):
    return None if value is None else round1(value)


def _chart(ind: Indicator, by_year: dict, years: list[int]) -> str:
    # Every year of the row is on the axis; a year without a value is a gap in the line, never a 0.
    series = {
        "значение": {
            y: None if by_year.get(y) is None or by_year[y].value is None else float(round1(by_year[y].value))
            for y in years
        }
    }
    targets = {y: float(t) for y in years if (t := ind.target_for(y)) is not None}
    if not any(v is not None for v in series["значение"].values()) and not targets:
        return ""
    unit = "%" if ind.unit == "percent" else ""
    coverage = chart_coverage({y: by_year[y].coverage for y in series["значение"] if by_year.get(y) is not None})
    return line_chart(
        series=series,
        targets=targets or None,
        unit=unit,
        width=5.6,
        height=2.4,
        coverage={"значение": coverage} if coverage else None,
    )


def _years(program: Program, indicators, values) -> list[int]:
    years = set(program.years)
    for ind in indicators:
        years |= set(ind.target_years)
        if ind.baseline_year:
            years.add(ind.baseline_year)
    years |= {v.year for v in values}
    return sorted(years)


@login_required
def index(request):
    programs = list(program_list(user=request.user).order_by("municipality__name", "-period_start"))
    counts = defaultdict(int)
    for program_id in (
        Indicator.objects.visible_to(request.user).filter(program__in=programs).values_list("program_id", flat=True)
    ):
        counts[program_id] += 1
    for p in programs:
        p.indicator_count = counts[p.pk]
    return render(request, "programs/indicators_index.html", {"programs": programs})


@login_required
def program_indicators(request, program_code: str):
    program = _program(request, program_code)
    indicators = list(Indicator.objects.visible_to(request.user).filter(program=program).order_by("order", "pk"))
    values = list(
        IndicatorValue.objects.visible_to(request.user)
        .filter(indicator__program=program, school__isnull=True)
        .select_related("fact")
    )
    by_ind: dict[int, dict[int, IndicatorValue]] = defaultdict(dict)
    for v in values:
        by_ind[v.indicator_id][v.year] = v
    years = _years(program, indicators, values)
    rows = []
    for ind in indicators:
        cells = []
        for y in years:
            found = by_ind[ind.pk].get(y)
            cells.append(
                {
                    "year": y,
                    "v": found,
                    "value": _shown(found.value, ind.unit) if found else None,
                    "target": ind.target_for(y),
                    "badge": STATUS_BADGE.get(found.status, "") if found else "",
                }
            )
        rows.append(
            {
                "ind": ind,
                "cells": cells,
                "chart": _chart(ind, by_ind[ind.pk], years),
                "measure": MEASURES.get(ind.measure),
                "suffix": UNIT_SUFFIX.get(ind.unit, ""),
            }
        )
    job = None
    if request.GET.get("job", "").isdigit():
        job = job_list(user=request.user).filter(pk=int(request.GET["job"])).first()
    return render(
        request,
        "programs/indicators_program.html",
        {
            "program": program,
            "rows": rows,
            "years": years,
            "job": job,
            "can_edit": user_can(request.user, "indicators.edit"),
        },
    )


@login_required
def indicator_detail(request, program_code: str, code: str):
    program = _program(request, program_code)
    ind = _indicator(request, program, code)
    measure = MEASURES.get(ind.measure)
    values = list(
        IndicatorValue.objects.visible_to(request.user)
        .filter(indicator=ind, school__isnull=True)
        .select_related("author")
    )
    by_year = {v.year: v for v in values}
    facts = {
        f.year: f for f in IndicatorFact.objects.visible_to(request.user).filter(indicator=ind).select_related("author")
    }
    years = sorted(set(_years(program, [ind], values)) | set(facts))
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else max([y for y in by_year if by_year[y].value is not None] or years)
    current = by_year.get(year)
    drill, hidden = [], 0
    previous = (current.details or {}).get("previous") if current else None
    population = (current.details or {}).get("population") if current else None
    if current is not None:
        # The population's schools are listed even where they add nothing (no teachers, no results).
        codes = (
            set(current.numerator_schools)
            | set(current.denominator_schools)
            | set((population or {}).get("schools", ()))
        )
        visible = selectors.visible_school_codes(user=request.user, codes=codes)
        per_school = {}
        if measure and measure.per_school:
            per_school = {
                v.school_id: v
                for v in IndicatorValue.objects.visible_to(request.user).filter(
                    indicator=ind, year=year, school__in=visible.values()
                )
            }
        prev_num = (previous or {}).get("numerator_schools", {})
        prev_den = (previous or {}).get("denominator_schools", {})
        dyn = (current.details or {}).get("share_2", {})
        for c in sorted(codes, key=lambda c: visible[c].display_name if c in visible else c):
            if c not in visible:
                hidden += 1
                continue
            sv = per_school.get(visible[c].pk)
            drill.append(
                {
                    "school": visible[c],
                    "num": current.numerator_schools.get(c, 0),
                    "den": current.denominator_schools.get(c),
                    "in_num": c in current.numerator_schools,
                    "value": _shown(sv.value, ind.unit) if sv else None,
                    "prev_num": prev_num.get(c),
                    "prev_den": prev_den.get(c),
                    "dynamics": dyn.get(c),
                }
            )
    cells = [
        {
            "year": y,
            "v": by_year.get(y),
            "value": _shown(by_year[y].value, ind.unit) if y in by_year else None,
            "target": ind.target_for(y),
            "badge": STATUS_BADGE.get(by_year[y].status, "") if y in by_year else "",
            "fact": facts.get(y),
            "fact_value": _shown(facts[y].value, ind.unit) if y in facts else None,
        }
        for y in years
    ]
    if ind.method == Indicator.Method.MANUAL:
        history = list(
            IndicatorValue.history.filter(indicator_id=ind.pk).select_related("author").order_by("-history_date")[:20]
        )
    else:
        history = list(
            IndicatorFact.history.filter(indicator_id=ind.pk).select_related("author").order_by("-history_date")[:20]
        )
    return render(
        request,
        "programs/indicators_detail.html",
        {
            "program": program,
            "ind": ind,
            "measure": measure,
            "cells": cells,
            "year": year,
            "years": years,
            "current": current,
            "drill": drill,
            "hidden": hidden,
            "previous": previous,
            "population": population,
            "chart": _chart(ind, by_year, years),
            "suffix": UNIT_SUFFIX.get(ind.unit, ""),
            "params_labels": _params_labels(ind, measure),
            "definition_text": _definition_text(current.definition if current else None),
            "can_edit": user_can(request.user, "indicators.edit"),
            "history": history,
            "facts": facts,
        },
    )


def _params_labels(ind: Indicator, measure) -> list[tuple[str, str]]:
    if measure is None:
        return []
    out = _settings_labels(measure, ind.params)
    if measure.population_applies(measure.params_with_defaults(ind.params)):
        out.append(("Совокупность ОО", ind.get_population_display()))
    return out


def _settings_labels(measure, params: dict | None) -> list[tuple[str, str]]:
    """A measure's settings as people read them: («Класс», «5»), («Считать», «по предметам …»)."""
    out = []
    for name, value in measure.params_with_defaults(params).items():
        spec = measure.params.get(name)
        if spec is None:
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if spec.choices and not isinstance(value, list):
            shown = spec.choices.get(str(value), shown)
        out.append((spec.label, shown))
    return out


def _definition_text(definition: dict | None) -> str:
    """What a value was computed by, in words: «Доля ОО в списке ШНОР (Процедуры: ВПР)», not «мера shnor_share»."""
    definition = definition or {}
    measure = MEASURES.get(definition.get("measure", ""))
    if measure is None:
        return ""
    settings = "; ".join(f"{label}: {value}" for label, value in _settings_labels(measure, definition.get("params")))
    return f"«{measure.label}»" + (f" ({settings})" if settings else "")


def _edit_guard(request):
    if not user_can(request.user, "indicators.edit"):
        from django.core.exceptions import PermissionDenied

        from core.audit import audit_log
        from core.models import AuditEvent

        audit_log(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, capability="indicators.edit")
        raise PermissionDenied("Недостаточно прав для этого действия.")


def _save_from_form(request, program, form, indicator=None):
    d = form.cleaned_data
    common = dict(
        user=request.user,
        program=program,
        targets=d["targets"],
        baseline_year=d.get("baseline_year"),
        baseline_value=d.get("baseline_value"),
        note=d.get("note", ""),
        population=d.get("population"),
    )
    if d.get("preset"):
        return svc.indicator_attach_preset(code=d["preset"], params=d["params"] or None, **common)
    return svc.indicator_save(
        indicator=indicator,
        code=d["code"],
        name=d["name"],
        unit=d["unit"],
        direction=d["direction"],
        comparator=d["comparator"],
        method=d["method"],
        measure=d.get("measure", ""),
        params=d["params"],
        **common,
    )


@login_required
def indicator_add(request, program_code: str):
    program = _program(request, program_code)  # 404 outside the scope comes first
    _edit_guard(request)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ind = _save_from_form(request, program, form)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Показатель «{ind.name}» добавлен; значения будут рассчитаны.")
            return redirect("indicators:detail", program.code, ind.code)
    return render(
        request,
        "programs/indicators_form.html",
        {"program": program, "form": form, "presets": PRESETS, "measures": MEASURES, "editing": False},
    )


@login_required
def indicator_edit(request, program_code: str, code: str):
    program = _program(request, program_code)
    ind = _indicator(request, program, code)
    _edit_guard(request)
    initial = {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "direction": ind.direction,
        "comparator": ind.comparator,
        "method": ind.method,
        "measure": ind.measure,
        **params_initial(ind.params),
        "population": ind.population,
        "baseline_year": ind.baseline_year,
        "baseline_value": "" if ind.baseline_value is None else str(ind.baseline_value).replace(".", ","),
        "targets": targets_text(ind.targets),
        "note": ind.note,
    }
    form = IndicatorForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            ind = _save_from_form(request, program, form, indicator=ind)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Показатель сохранён.")
            return redirect("indicators:detail", program.code, ind.code)
    return render(
        request,
        "programs/indicators_form.html",
        {"program": program, "form": form, "ind": ind, "presets": PRESETS, "measures": MEASURES, "editing": True},
    )


@login_required
def manual_value(request, program_code: str, code: str):
    program = _program(request, program_code)
    ind = _indicator(request, program, code)
    _edit_guard(request)
    if ind.method != Indicator.Method.MANUAL:
        raise Http404
    form = ManualValueForm(request.POST or None, initial={"year": request.GET.get("year")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.indicator_manual_value_set(
                indicator=ind,
                year=d["year"],
                value=d["value"],
                numerator=d["numerator"],
                denominator=d["denominator"],
                evidence=d["evidence"],
                evidence_url=d["evidence_url"],
                user=request.user,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Значение за {d['year']} год сохранено.")
            return redirect(f"{reverse('indicators:detail', args=[program.code, ind.code])}?year={d['year']}")
    return render(request, "programs/indicators_manual.html", {"program": program, "ind": ind, "form": form})


@login_required
def fact_record(request, program_code: str, code: str):
    """A computed indicator's recorded fact of a year: shown beside the computed value, standing in without data."""
    program = _program(request, program_code)  # 404 outside the scope comes first
    ind = _indicator(request, program, code)
    _edit_guard(request)
    if ind.method != Indicator.Method.COMPUTED:
        raise Http404
    year_text = request.GET.get("year", "")
    initial = {"year": year_text}
    fact = (
        IndicatorFact.objects.visible_to(request.user).filter(indicator=ind, year=int(year_text)).first()
        if year_text.isdigit()
        else None
    )
    if fact is not None:
        initial.update(
            value=str(fact.value.normalize()).replace(".", ","), evidence=fact.evidence, evidence_url=fact.evidence_url
        )
    form = FactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.indicator_fact_record(
                user=request.user,
                indicator=ind,
                year=d["year"],
                value=d["value"],
                evidence=d["evidence"],
                evidence_url=d["evidence_url"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Факт за {d['year']} год записан.")
            return redirect(f"{reverse('indicators:detail', args=[program.code, ind.code])}?year={d['year']}")
    return render(request, "programs/indicators_fact.html", {"program": program, "ind": ind, "form": form})


@login_required
@require_POST
def recompute(request, program_code: str):
    program = _program(request, program_code)
    _edit_guard(request)
    job = svc.indicator_recompute_enqueue(user=request.user, program=program)
    return redirect(f"{reverse('indicators:program', args=[program.code])}?{urlencode({'job': job.pk})}")
