"""The demo's and the tests' data: the seed programmes' tables, kept in the repository so that a clone runs alone.

`demo/seeds/` holds the tables of the four municipal programme documents (`shared/domain/seeds/data/`) as they
were published; the tests read them from here and never from outside the repository."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


def seed_path(name: str) -> Path:
    return SEEDS_DIR / name
