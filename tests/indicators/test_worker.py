"""Recompute after changes: debounced on commit (in-process), and after a results import through a real worker."""

import pytest

from programs.indicators import services as svc
from programs.indicators.models import IndicatorValue
from tests.support.programs import program_make
from tests.support.runtime import wait_for


@pytest.fixture
def fast_debounce(monkeypatch, settings):
    """The worker reads the delay from its environment; this process from settings."""
    monkeypatch.setenv("INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS", "1")
    monkeypatch.setenv("RISK_RECOMPUTE_DEBOUNCE_SECONDS", "1")
    settings.INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS = 1


@pytest.mark.django_db
def test_results_import_schedules_one_recompute_on_commit(
    users, two_municipalities, django_capture_on_commit_callbacks
):
    from assessments.services import results_import
    from core.tables import table_read
    from tests.support.results_files import row, xlsx

    program = program_make(two_municipalities["a"], "w-a")
    with django_capture_on_commit_callbacks(execute=True):
        ind = svc.indicator_attach_preset(
            user=users["head"], program=program, code="vpr_coped_share", targets={"2024": 75}
        )
    assert IndicatorValue.objects.get(indicator=ind, year=2024, school=None).denominator is None
    with django_capture_on_commit_callbacks(execute=True):
        results_import(table=table_read(xlsx([row(m2=4, m3=6), row(grade=6, m2=6, m3=4)]), filename="r.xlsx"))
    v = IndicatorValue.objects.get(indicator=ind, year=2024, school=None)
    assert (v.numerator, v.denominator, v.status) == (30, 40, "met")  # eager tasks: the recompute ran at once


@pytest.mark.django_db
def test_a_later_change_supersedes_the_queued_recompute(users, two_municipalities):
    from django.core.cache import cache

    from programs.indicators.services import _debounce_key, indicators_recompute_if_latest

    a = two_municipalities["a"]
    cache.set(_debounce_key(a.pk), "newer")
    assert indicators_recompute_if_latest(municipality_id=a.pk, token="older") is False
    assert indicators_recompute_if_latest(municipality_id=a.pk, token="newer") is True


@pytest.mark.django_db
def test_status_and_support_records_schedule_recompute(users, two_municipalities, django_capture_on_commit_callbacks):
    from schools.models import SchoolStatus

    program = program_make(two_municipalities["a"], "w-a")
    with django_capture_on_commit_callbacks(execute=True):
        ind = svc.indicator_attach_preset(user=users["head"], program=program, code="shnor_share", targets={"2024": 20})
    with django_capture_on_commit_callbacks(execute=True):
        SchoolStatus.objects.create(school=two_municipalities["a1"], year=2024, kind="shnor", source="official")
    v = IndicatorValue.objects.get(indicator=ind, year=2024, school=None)
    assert (v.numerator, v.denominator) == (1, 2)


@pytest.mark.worker
def test_import_through_real_worker_recomputes_indicators(fast_debounce, celery_worker, users, two_municipalities):
    from assessments.services import upload_create
    from tests.support.results_files import row, xlsx

    program = program_make(two_municipalities["a"], "w-a")
    ind = svc.indicator_attach_preset(user=users["head"], program=program, code="vpr_coped_share", targets={"2024": 75})
    upload_create(
        user=users["school_admin"],
        content=xlsx([row(m2=4, m3=6), row(grade=6, m2=6, m3=4)]),
        filename="r.xlsx",
        dry_run=False,
    )
    v = wait_for(
        lambda: IndicatorValue.objects.filter(indicator=ind, year=2024, school=None, denominator__isnull=False).first(),
        timeout=90,
    )
    assert (v.numerator, v.denominator, v.status) == (30, 40, "met")
    assert v.definition["measure"] == "vpr_coped_share" and v.computed_at is not None
