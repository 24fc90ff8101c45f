import pytest


@pytest.fixture
def load_seed(db):
    """Load one seed (or several) through the demo loader, as `seed_demo` does for all four."""

    def load(*keys: str) -> dict:
        from demo.loader import demo_build

        return demo_build(seeds=keys)

    return load
