"""Writes of the effect cache: compute one programme's effect on one measure, serve it fresh, recompute after changes.

The recompute after imports and list changes is debounced the way the ШНОР lists and the indicators are: on commit
each region touched gets a fresh token in the cache and a task delayed by the debounce; a task whose token a later
change replaced exits, so a burst of imports recomputes once. The recompute refreshes the effects already cached
(the ones people read) whose data version changed; writing the same inputs again gives the same figures (the
bootstrap is seeded), so a retried task changes nothing.
"""

import time
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from programs.models import Program
from schools.models import Municipality, School

from .models import ProgramEffect
from .selectors import EffectKey, effect_cached, effect_cached_keys, effect_data_version, effect_tables

SEED = 18  # the bootstrap's seed: the same data gives the same interval on every page, report and recompute


def effect_compute(*, program: Program, key: EffectKey) -> ProgramEffect:
    """Compute the effect from the portal's data and store it (one row per programme and key, replaced)."""
    import pandas as pd

    from .analysis import effect_estimate

    started = time.monotonic()
    tables = effect_tables(program=program, key=key)
    values = pd.DataFrame(tables.values, columns=["school_id", "year", "value", "n"])
    result = effect_estimate(
        values,
        treated=tables.treated,
        first_year=tables.first_year,
        pool=tables.pool,
        context=tables.context,
        seed=SEED,
        measure=key.measure,
        procedure=key.procedure or None,
        subject=key.subject or None,
        grade=key.grade or None,
    )
    payload = {**result.as_dict(), "first_year": tables.first_year}
    with transaction.atomic():
        effect, _ = ProgramEffect.objects.update_or_create(
            program=program,
            **key.as_filter(),
            defaults={
                "result": payload,
                "computed_at": timezone.now(),
                "duration_ms": int((time.monotonic() - started) * 1000),
                "data_version": tables.version,
            },
        )
    return effect


def effect_fresh(*, program: Program, key: EffectKey) -> ProgramEffect:
    """The cached effect when its data version is current, else computed now (and cached)."""
    cached = effect_cached(program=program, key=key)
    if cached is not None and cached.data_version == effect_data_version(program=program, key=key):
        return cached
    return effect_compute(program=program, key=key)


# --- recompute after changes, debounced ---------------------------------------------------------------------------


def _debounce_key(region_id: int) -> str:
    return f"effect-recompute:{region_id}"


_PENDING_ATTR = "_opora_effect_pending"


def effect_recompute_later(
    *,
    school_ids: Iterable[int] | None = None,
    municipality_ids: Iterable[int] | None = None,
    everywhere: bool = False,
) -> None:
    """Schedule, on commit, a debounced refresh of the cached effects of the regions the change touched.

    Nothing is read now: within a transaction the schools and municipalities are collected (as the indicators'
    recompute collects them) and read once on commit, so a request saving many participants pays no query for it.
    """
    pending = getattr(connection, _PENDING_ATTR, None)
    registered = pending is not None and any(f is _flush for _s, f, *_ in connection.run_on_commit)
    if pending is None or (connection.in_atomic_block and not registered):
        pending = {"schools": set(), "municipalities": set(), "everywhere": False}
        setattr(connection, _PENDING_ATTR, pending)
        registered = False
    pending["schools"] |= {s for s in (school_ids or ()) if s}
    pending["municipalities"] |= {m for m in (municipality_ids or ()) if m}
    pending["everywhere"] = pending["everywhere"] or everywhere
    if not registered:
        transaction.on_commit(_flush)


def _flush() -> None:
    pending = getattr(connection, _PENDING_ATTR, None) or {}
    setattr(connection, _PENDING_ATTR, None)
    if not ProgramEffect.objects.exists():
        return  # nothing cached, nothing to refresh: the first view computes
    if pending.get("everywhere"):
        regions = set(ProgramEffect.objects.values_list("program__municipality__region_id", flat=True))
    else:
        regions = set()
        if pending.get("schools"):
            regions |= set(
                School.objects.filter(pk__in=pending["schools"]).values_list("municipality__region_id", flat=True)
            )
        if pending.get("municipalities"):
            regions |= set(
                Municipality.objects.filter(pk__in=pending["municipalities"]).values_list("region_id", flat=True)
            )
    from .tasks import effect_recompute_debounced

    delay = settings.INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS  # the same delay as the programmes' indicators
    for region_id in sorted(regions):
        token = uuid.uuid4().hex
        cache.set(_debounce_key(region_id), token, timeout=max(600, delay * 20))
        effect_recompute_debounced.apply_async(args=(region_id, token), countdown=delay)


def effect_recompute_if_latest(*, region_id: int, token: str) -> int | None:
    """The debounced task's body: when no later change replaced the token, refresh the region's stale effects.
    Returns how many were recomputed (None when superseded)."""
    if cache.get(_debounce_key(region_id)) != token:
        return None
    return effect_region_refresh(region_id=region_id)


def effect_region_refresh(*, region_id: int) -> int:
    """Recompute every cached effect of the region's programmes whose data version changed."""
    programs = {
        p.pk: p for p in Program.objects.filter(municipality__region_id=region_id).select_related("municipality")
    }
    done = 0
    for program_id, keys in effect_cached_keys(program_ids=list(programs)).items():
        for key in keys:
            cached = effect_cached(program=programs[program_id], key=key)
            if cached is None or cached.data_version != effect_data_version(program=programs[program_id], key=key):
                effect_compute(program=programs[program_id], key=key)
                done += 1
    return done
