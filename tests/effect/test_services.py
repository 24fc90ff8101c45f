"""The effect cache: computed once and stored, stale when its data changes, refreshed after changes — debounced on
commit the way the ШНОР lists and the indicators are, idempotent."""

import pytest
from django.core.cache import cache
from django.db import transaction

from assessments.models import Result
from programs.effect import services
from programs.effect.models import ProgramEffect
from programs.effect.selectors import DEFAULT_KEY, EffectKey
from programs.effect.tasks import effect_recompute_debounced
from programs.models import ProgramParticipant
from tests.effect.world import FIRST_YEAR, world_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_municipalities):
    return world_make(two_municipalities)


@pytest.fixture
def queued(monkeypatch):
    """The debounced task's queueing, recorded instead of run."""
    calls = []
    monkeypatch.setattr(effect_recompute_debounced, "apply_async", lambda args, countdown: calls.append(args))
    return calls


def change_a_result(world, marks_2=0):
    row = Result.objects.filter(school__in=world.participants.values("school"), year=2024).order_by("pk").first()
    row.marks_2 = marks_2
    row.save()


def test_compute_stores_one_row_per_programme_and_key(world):
    services.effect_compute(program=world, key=DEFAULT_KEY)
    services.effect_compute(program=world, key=DEFAULT_KEY)
    services.effect_compute(program=world, key=EffectKey("success", "VPR", "russian", 5))
    assert ProgramEffect.objects.filter(program=world).count() == 2


def test_the_same_data_give_the_same_figures(world):
    first = services.effect_compute(program=world, key=DEFAULT_KEY).result
    assert services.effect_compute(program=world, key=DEFAULT_KEY).result == first  # the bootstrap is seeded


def test_fresh_serves_the_cache_while_the_data_are_unchanged(world):
    cached = services.effect_compute(program=world, key=DEFAULT_KEY)
    assert services.effect_fresh(program=world, key=DEFAULT_KEY).computed_at == cached.computed_at


def test_fresh_recomputes_after_the_data_changed(world):
    cached = services.effect_compute(program=world, key=DEFAULT_KEY)
    change_a_result(world)
    assert services.effect_fresh(program=world, key=DEFAULT_KEY).data_version != cached.data_version


def test_nothing_cached_queues_nothing(world, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.effect_recompute_later(school_ids=[world.participants.first().school_id])
    assert queued == []


def test_a_burst_in_one_transaction_queues_one_refresh_of_the_region(world, queued, django_capture_on_commit_callbacks):
    services.effect_compute(program=world, key=DEFAULT_KEY)
    schools = list(world.participants.values_list("school_id", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for school_id in schools:
                services.effect_recompute_later(school_ids=[school_id])
    region_id = world.municipality.region_id
    assert len(queued) == 1 and queued[0][0] == region_id
    assert cache.get(services._debounce_key(region_id)) == queued[0][1]


def test_a_later_change_supersedes_the_queued_refresh(world, queued, django_capture_on_commit_callbacks):
    services.effect_compute(program=world, key=DEFAULT_KEY)
    school_id = world.participants.first().school_id
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.effect_recompute_later(school_ids=[school_id])
    (region, first), (_, second) = queued
    change_a_result(world)
    assert services.effect_recompute_if_latest(region_id=region, token=first) is None
    assert services.effect_recompute_if_latest(region_id=region, token=second) == 1


def test_the_refresh_recomputes_only_stale_effects_and_is_idempotent(world):
    services.effect_compute(program=world, key=DEFAULT_KEY)
    services.effect_compute(program=world, key=EffectKey("success", "VPR", "russian", 5))
    region_id = world.municipality.region_id
    assert services.effect_region_refresh(region_id=region_id) == 0
    change_a_result(world)
    assert services.effect_region_refresh(region_id=region_id) == 2
    assert services.effect_region_refresh(region_id=region_id) == 0  # a retried task changes nothing


def test_a_results_import_refreshes_the_cached_effect(world, django_capture_on_commit_callbacks):
    """Tasks run in-process here (no broker): the refresh runs on commit, without waiting for the debounce."""
    from assessments.services import results_import
    from core.tables import table_read
    from tests.support.results_files import row, xlsx

    cached = services.effect_compute(program=world, key=DEFAULT_KEY)
    school = world.participants.order_by("pk").first().school
    with django_capture_on_commit_callbacks(execute=True):
        outcome = results_import(
            table=table_read(xlsx([row(code=school.code, year=2024, n=20, m2=0, m3=10, m4=6, m5=4)]), filename="r.xlsx")
        )
    assert outcome.status == "imported", outcome
    assert ProgramEffect.objects.get(pk=cached.pk).data_version != cached.data_version


def test_a_new_participant_refreshes_the_cached_effect(world, two_municipalities, django_capture_on_commit_callbacks):
    cached = services.effect_compute(program=world, key=DEFAULT_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        ProgramParticipant.objects.create(program=world, school=two_municipalities["a1"], year=FIRST_YEAR)
    assert ProgramEffect.objects.get(pk=cached.pk).data_version != cached.data_version
