"""A synthetic region with regression to the mean built in, for the effect's tests.

Each school has a latent share of «2» (μ ~ N(18, 6²)) and a class size; a year's share is μ + the region's trend
(−1 point a year for everyone) + noise (SD 5), clipped to 0–100. Participants are chosen as the ШНОР lists choose
them — for bad results in the two years before the programme — with a probability that rises with those results,
so the never-participants include bad schools too (common support). `effect` is added to the participants'
shares in the programme's years: a negative effect is fewer «2».
"""

import numpy as np
import pandas as pd

FIRST_YEAR = 2022
YEARS = tuple(range(2018, 2025))  # four baseline years, three of the programme


def region(
    *,
    seed: int,
    schools: int = 600,
    effect: float = 0.0,
    selection_centre: float = 27.0,
    selection_spread: float = 4.0,
    years=YEARS,
    first_year: int = FIRST_YEAR,
):
    rng = np.random.default_rng(seed)
    mu = np.clip(rng.normal(18, 6, schools), 1, 60)
    size = rng.integers(20, 120, schools)
    trend = {y: -1.0 * (y - years[0]) for y in years}
    shares = {y: np.clip(mu + trend[y] + rng.normal(0, 5, schools), 0, 100) for y in years}
    selection = (shares[first_year - 1] + shares[first_year - 2]) / 2
    chosen = rng.random(schools) < 1 / (1 + np.exp(-(selection - selection_centre) / selection_spread))
    ids = np.arange(1, schools + 1)
    rows = []
    for y in years:
        value = shares[y] + (effect * chosen if y >= first_year else 0)
        rows.append(pd.DataFrame({"school_id": ids, "year": y, "value": np.clip(value, 0, 100), "n": size}))
    values = pd.concat(rows, ignore_index=True)
    treated = set(ids[chosen].tolist())
    pool = set(ids[~chosen].tolist())
    return values, treated, pool


def naive_gain(values: pd.DataFrame, treated: set, first_year: int = FIRST_YEAR) -> float:
    """The seeds' before/after on participants only: mean of the programme's years minus the years before."""
    own = values[values["school_id"].isin(treated)]
    return float(own[own["year"] >= first_year]["value"].mean() - own[own["year"] < first_year]["value"].mean())
