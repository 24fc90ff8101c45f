"""The query-count baselines (tests/query_counts.py) and the `query_budget` fixture that holds tests to them."""

import pytest

from schools.models import Region
from tests.query_counts import EXACT, QUERY_COUNTS


def test_exact_baselines_are_baselines():
    assert EXACT - QUERY_COUNTS.keys() == set()


@pytest.mark.django_db
def test_block_within_its_ceiling_passes_and_yields_the_queries(query_budget, monkeypatch):
    monkeypatch.setitem(QUERY_COUNTS, "probe", 2)
    with query_budget("probe") as captured:
        list(Region.objects.all())
    assert len(captured) == 1


@pytest.mark.django_db
def test_block_over_its_ceiling_fails_naming_the_baseline(query_budget, monkeypatch):
    monkeypatch.setitem(QUERY_COUNTS, "probe", 0)
    with pytest.raises(pytest.fail.Exception, match=r"«probe»: 1, baseline at most 0 \(tests/query_counts.py\)"):
        with query_budget("probe"):
            list(Region.objects.all())


@pytest.mark.django_db
def test_exact_baseline_fails_under_its_count(query_budget, monkeypatch):
    monkeypatch.setitem(QUERY_COUNTS, "probe", 2)
    monkeypatch.setattr("tests.conftest.EXACT", EXACT | {"probe"})
    with pytest.raises(pytest.fail.Exception, match="«probe»: 1, baseline exactly 2"):
        with query_budget("probe"):
            list(Region.objects.all())


def test_unknown_baseline_fails(query_budget):
    with pytest.raises(pytest.fail.Exception, match=r"«nowhere» в tests/query_counts\.py"):
        with query_budget("nowhere"):
            pass
