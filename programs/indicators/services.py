"""Writes of the indicators: attach a preset, define anew, enter a manual value, record a fact beside a computed
value, queue a recompute (now or debounced after the data that feeds the measures changed)."""

import uuid
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from core.jobs import job_create, job_enqueue
from core.models import Job
from core.years import year_valid
from programs.models import Program
from programs.services import ServiceError
from schools.access import is_admin, user_can
from schools.models import Municipality, School, User

from .engine.presets import PRESETS
from .engine.recompute import indicator_values_recompute
from .engine.registry import MEASURES, definition_of
from .engine.rules import indicator_status, indicator_value
from .models import Indicator, IndicatorFact, IndicatorValue

NO_RIGHT = "Недостаточно прав для изменения показателей."
UNKNOWN_PRESET = "Показателя с кодом «{code}» нет в библиотеке."
UNKNOWN_MEASURE = "Мера «{measure}» не известна порталу."
CODE_TAKEN = "В программе уже есть показатель с кодом «{code}»."
BAD_CODE = "Код — латинские буквы, цифры, дефис и подчёркивание."
BAD_TARGET = "Цель на {year} год — число (например, 80 или 12,5)."
BAD_YEAR = "Год «{year}» — четыре цифры от 2000 до 2100."
BAD_PARAM = "Настройка «{name}»: значение «{value}» не предусмотрено."
NOT_MANUAL = "Значения этого показателя рассчитывает портал: вручную вносятся только значения ручных показателей."
EVIDENCE_REQUIRED = "Укажите подтверждение: документ, приказ, ссылку или источник данных."
MEASURE_REQUIRED = "Для рассчитываемого показателя выберите меру."
BAD_POPULATION = (
    "Совокупность ОО: значение «{value}» не предусмотрено (участники программы, список года или список базового года)."
)
NOT_COMPUTED = "Это ручной показатель: его значения вносятся как значения, а не как записанные факты."
FACT_VALUE_REQUIRED = "Укажите значение за {year} год (число, например 65 или 12,5)."
FACT_VALUE_BAD = "Значение за {year} год — число (например, 65 или 12,5)."


def _check(user: User | None) -> None:
    if user is not None and not user_can(user, "indicators.edit"):
        raise ServiceError(NO_RIGHT)


def _year(value: object) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ServiceError(BAD_YEAR.format(year=value)) from None
    if not year_valid(year):
        raise ServiceError(BAD_YEAR.format(year=value))
    return year


def _number(value: object, message: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        raise ServiceError(message) from None
    if not number.is_finite():
        raise ServiceError(message)
    return number


def targets_clean(targets: dict | None) -> dict[str, float]:
    """{"2024": "80,5"} → {"2024": 80.5}; empty values are dropped."""
    out = {}
    for year, value in (targets or {}).items():
        if value in (None, ""):
            continue
        y = _year(year)
        number = _number(value, BAD_TARGET.format(year=y))
        out[str(y)] = int(number) if number == number.to_integral_value() else float(number)
    return dict(sorted(out.items()))


def params_clean(measure: str, params: dict | None) -> dict:
    m = MEASURES[measure]
    out = {}
    for name, value in (params or {}).items():
        if value in (None, "", []):
            continue
        spec = m.params.get(name)
        if spec is None:
            continue
        if spec.choices is not None:
            values = value if isinstance(value, list) else [value]
            for v in values:
                if str(v) not in spec.choices:
                    raise ServiceError(BAD_PARAM.format(name=spec.label, value=v))
        if name in ("grade", "min_hours"):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ServiceError(BAD_PARAM.format(name=spec.label, value=value)) from None
        if name == "tracks":
            numbers = []
            for v in value if isinstance(value, list) else [value]:
                try:
                    numbers.append(int(str(v).strip()))
                except ValueError:
                    raise ServiceError(BAD_PARAM.format(name=spec.label, value=v)) from None
            value = sorted(set(numbers))
        out[name] = value
    return out


def indicator_save(
    *,
    user: User | None,
    program: Program,
    indicator: Indicator | None = None,
    code: str,
    name: str,
    unit: str,
    direction: str,
    comparator: str,
    method: str,
    measure: str = "",
    params: dict | None = None,
    baseline_year: int | str | None = None,
    baseline_value: Decimal | int | str | None = None,
    targets: dict | None = None,
    note: str = "",
    order: int | None = None,
    population: str | None = None,
) -> Indicator:
    """Define an indicator anew (or edit one): computed from a measure with settings, or manual. `population`:
    whose schools its measure counts (None: keep the indicator's, new ones the participants)."""
    import re

    _check(user)
    code = (code or "").strip()
    if not re.fullmatch(r"[-a-zA-Z0-9_]+", code):
        raise ServiceError(BAD_CODE)
    taken = Indicator.objects.filter(program=program, code=code)
    if (taken.exclude(pk=indicator.pk) if indicator is not None else taken).exists():
        raise ServiceError(CODE_TAKEN.format(code=code))
    if method == Indicator.Method.COMPUTED:
        if not measure:
            raise ServiceError(MEASURE_REQUIRED)
        if measure not in MEASURES:
            raise ServiceError(UNKNOWN_MEASURE.format(measure=measure))
        params = params_clean(measure, params)
    else:
        measure, params = "", {}
    if population not in (None, "") and population not in Indicator.Population.values:
        raise ServiceError(BAD_POPULATION.format(value=population))
    ind = indicator or Indicator(program=program)
    if population not in (None, ""):
        ind.population = population
    ind.code, ind.name, ind.unit, ind.direction, ind.comparator = code, name.strip(), unit, direction, comparator
    ind.method, ind.measure, ind.params, ind.note = method, measure, params, note or ""
    ind.baseline_year = _year(baseline_year) if baseline_year not in (None, "") else None
    ind.baseline_value = (
        _number(baseline_value, BAD_TARGET.format(year=ind.baseline_year or "базовый"))
        if baseline_value not in (None, "")
        else None
    )
    ind.targets = targets_clean(targets)
    if order is not None:
        ind.order = order
    elif ind.pk is None:
        ind.order = (Indicator.objects.filter(program=program).count() + 1) * 10
    ind._history_user = user  # type: ignore[attr-defined]  # simple_history's author hook, not a declared attribute
    with transaction.atomic():
        ind.save()
        if ind.method == Indicator.Method.COMPUTED:
            indicators_recompute_later(indicator_ids=[ind.pk])
        else:
            IndicatorValue.objects.filter(indicator=ind, school__isnull=False).delete()
            manual_statuses_refresh(indicator=ind)
    return ind


def indicator_attach_preset(
    *,
    user: User | None,
    program: Program,
    code: str,
    targets: dict | None = None,
    baseline_year: int | str | None = None,
    baseline_value: Decimal | int | str | None = None,
    params: dict | None = None,
    name: str = "",
    note: str = "",
    comparator: str = "",
    population: str | None = None,
) -> Indicator:
    """Attach an indicator of the preset library (contract codes) with the programme's targets."""
    preset = PRESETS.get(code)
    if preset is None:
        raise ServiceError(UNKNOWN_PRESET.format(code=code))
    params = {**preset.get("params", {}), **(params or {})}
    unit = preset["unit"]
    if preset["measure"] == "quality_change" and params.get("mode") == "relative":
        unit = Indicator.Unit.PERCENT
    return indicator_save(
        user=user,
        program=program,
        code=code,
        name=name or preset["name"],
        unit=unit,
        direction=preset["direction"],
        comparator=comparator or preset["comparator"],
        method=Indicator.Method.COMPUTED,
        measure=preset["measure"],
        params=params,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        targets=targets,
        note=note,
        population=population,
    )


def indicator_delete(*, user: User | None, indicator: Indicator) -> None:
    _check(user)
    indicator._history_user = user  # type: ignore[attr-defined]  # simple_history's author hook, not a declared attribute
    indicator.delete()


def indicator_manual_value_set(
    *,
    indicator: Indicator,
    year: int | str,
    value: object,
    evidence: str,
    user: User | None,
    evidence_url: str = "",
    numerator: object = None,
    denominator: object = None,
) -> IndicatorValue:
    """A manual indicator's value for a year, with its evidence and author (history keeps earlier entries)."""
    _check(user)
    if indicator.method != Indicator.Method.MANUAL:
        raise ServiceError(NOT_MANUAL)
    year = _year(year)
    if not (evidence or "").strip() and not (evidence_url or "").strip():
        raise ServiceError(EVIDENCE_REQUIRED)
    number = _number(value, BAD_TARGET.format(year=year)) if value not in (None, "") else None
    num = _number(numerator, BAD_TARGET.format(year=year)) if numerator not in (None, "") else None
    den = _number(denominator, BAD_TARGET.format(year=year)) if denominator not in (None, "") else None
    if number is None and num is not None and den is not None:
        number = indicator_value(num, den, indicator.unit)
    target = indicator.target_for(year)
    row = IndicatorValue.objects.filter(indicator=indicator, year=year, school__isnull=True).first() or IndicatorValue(
        indicator=indicator, year=year
    )
    row.value, row.numerator, row.denominator, row.target = number, num, den, target
    row.status = indicator_status(number, target, indicator.comparator)
    row.evidence, row.evidence_url = (evidence or "").strip(), (evidence_url or "").strip()
    row.source = IndicatorValue.Source.RECORDED
    row.author = user if getattr(user, "pk", None) else None
    row.computed_at = timezone.now()
    row.definition = definition_of(indicator, None)
    row._history_user = row.author  # type: ignore[attr-defined]  # simple_history's author hook, not a declared attribute
    row.save()
    return row


def indicator_fact_record(
    *,
    user: User | None,
    indicator: Indicator,
    year: int | str,
    value: object,
    evidence: str = "",
    evidence_url: str = "",
) -> IndicatorFact:
    """Record (or correct) a computed indicator's fact of a year — a figure its document states — with evidence and
    author; history keeps the earlier entries. The year's value is rebuilt at once: the fact stands beside the
    computed value, or in for it when the portal has no data for the year."""
    _check(user)
    if indicator.method != Indicator.Method.COMPUTED:
        raise ServiceError(NOT_COMPUTED)
    year = _year(year)
    if value in (None, ""):
        raise ServiceError(FACT_VALUE_REQUIRED.format(year=year))
    number = _number(str(value).strip().rstrip("%"), FACT_VALUE_BAD.format(year=year))  # «65 %» as documents write
    evidence, evidence_url = (evidence or "").strip(), (evidence_url or "").strip()
    if not evidence and not evidence_url:
        raise ServiceError(EVIDENCE_REQUIRED)
    fact = IndicatorFact.objects.filter(indicator=indicator, year=year).first() or IndicatorFact(
        indicator=indicator, year=year
    )
    fact.value, fact.evidence, fact.evidence_url = number, evidence, evidence_url
    fact.author = user if getattr(user, "pk", None) else None
    fact.recorded_at = timezone.now()
    fact._history_user = fact.author  # type: ignore[attr-defined]  # simple_history's author hook, not a declared attribute
    with transaction.atomic():
        fact.save()
        indicator_values_recompute(indicators=[indicator], year=year)
    return fact


def manual_statuses_refresh(*, indicator: Indicator) -> None:
    """After targets or the comparator of a manual indicator changed: re-judge its entered values."""
    for row in IndicatorValue.objects.filter(indicator=indicator):
        target = indicator.target_for(row.year)
        status = indicator_status(row.value, target, indicator.comparator)
        if (row.target, row.status) != (target, status):
            IndicatorValue.objects.filter(pk=row.pk).update(target=target, status=status)


# --- Recompute: now as a Job, or debounced after changes --------------------------------------------------------------


def indicator_recompute_enqueue(
    *, user: User, municipality: Municipality | None = None, program: Program | None = None, year: int | None = None
) -> Job:
    """A recompute as a Job the page follows: a programme's indicators, a municipality's, or the user's scope."""
    from .tasks import indicators_recompute_task

    if program is not None:
        municipality = program.municipality
        title = f"Пересчёт показателей: {program.title[:120]}"
        ids = [program.municipality_id]
    elif municipality is not None:
        ids, title = [municipality.pk], f"Пересчёт показателей: {municipality.name}"
    elif is_admin(user):
        ids, title = None, "Пересчёт показателей: все муниципалитеты"
    else:
        ids = list(Municipality.objects.visible_to(user).values_list("pk", flat=True))
        title = "Пересчёт показателей"
    job = job_create(
        kind="indicators_recompute",
        title=title,
        user=user,
        municipality=municipality,
        params={"year": year, "municipality_ids": ids, "program": getattr(program, "code", None)},
    )
    return job_enqueue(job=job, task=indicators_recompute_task, args=(year, ids, getattr(program, "pk", None)))


def _debounce_key(municipality_id: int) -> str:
    return f"indicators-recompute:{municipality_id}"


_PENDING_ATTR = "_opora_indicators_pending"
ALL_AT_ONCE = 20  # more municipalities than this: recompute all of them in one pass
ALL_MUNICIPALITIES = 0


def indicators_recompute_later(
    *,
    municipality_ids: Iterable[int | None] | None = None,
    indicator_ids: Iterable[int] | None = None,
    school_ids: Iterable[int | None] | None = None,
    teacher_ids: Iterable[int | None] | None = None,
) -> None:
    """Schedule, on commit, a debounced recompute of every year of the municipalities' indicators.

    Within one transaction the municipalities are collected and scheduled once. On commit each gets a fresh
    token in the cache and a task delayed by INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS; a task whose token was replaced
    by a later change exits, so a burst of imports or edits recomputes once.
    """
    pending = getattr(connection, _PENDING_ATTR, None)
    flush_registered = pending is not None and any(f is _flush for _s, f, *_ in connection.run_on_commit)
    if pending is None or (connection.in_atomic_block and not flush_registered):
        pending = {"municipalities": set(), "indicators": set(), "schools": set(), "teachers": set()}
        setattr(connection, _PENDING_ATTR, pending)
        flush_registered = False
    pending["municipalities"] |= {m for m in (municipality_ids or ()) if m}
    pending["indicators"] |= set(indicator_ids or ())
    pending["schools"] |= {s for s in (school_ids or ()) if s}
    pending["teachers"] |= {t for t in (teacher_ids or ()) if t}
    if not flush_registered:
        transaction.on_commit(_flush)


def _flush() -> None:
    pending = getattr(connection, _PENDING_ATTR, None) or {}
    setattr(connection, _PENDING_ATTR, None)
    municipalities = set(pending.get("municipalities", ()))
    if pending.get("indicators"):
        municipalities |= set(
            Indicator.objects.filter(pk__in=pending["indicators"]).values_list("program__municipality_id", flat=True)
        )
    if pending.get("schools"):
        municipalities |= set(
            School.objects.filter(pk__in=pending["schools"]).values_list("municipality_id", flat=True)
        )
    if pending.get("teachers"):
        from mentoring.models import Teacher

        municipalities |= set(
            Teacher.objects.filter(pk__in=pending["teachers"]).values_list("school__municipality_id", flat=True)
        )
    if not municipalities:
        return
    with_indicators = set(
        Indicator.objects.filter(
            program__municipality_id__in=municipalities, method=Indicator.Method.COMPUTED
        ).values_list("program__municipality_id", flat=True)
    )
    from .tasks import indicators_recompute_debounced

    delay = settings.INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS
    if len(with_indicators) > ALL_AT_ONCE:
        # A national recompute touches thousands of municipalities: one set-based pass beats one task each.
        with_indicators = {ALL_MUNICIPALITIES}
    for municipality_id in sorted(with_indicators):
        token = uuid.uuid4().hex
        cache.set(_debounce_key(municipality_id), token, timeout=max(600, delay * 20))
        indicators_recompute_debounced.apply_async(args=(municipality_id, token), countdown=delay)


def indicators_recompute_if_latest(*, municipality_id: int, token: str) -> bool:
    if cache.get(_debounce_key(municipality_id)) != token:
        return False
    if municipality_id == ALL_MUNICIPALITIES:
        indicator_values_recompute()
        return True
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        return False
    indicator_values_recompute(municipality=municipality)
    return True
