"""A programme's effect against comparable schools (issue 18, contract 3.2; the method is docs/effect.md).

Input: a long table school × year × value of one measure (percent, or points for a mean score) with an optional
`n` (pupils), the participant schools, the programme's first year, the pool of never-participants, and optionally
contract 1.1's context columns. Rules:

- **Periods.** Baseline years are the years before `first_year` with data, follow-up years `first_year` and after.
  A school's value for a period is its mean over the period's years, weighted by `n` when given (counts are summed
  before dividing, as everywhere in Опора; a year without `n` then does not count). A school enters only with both
  a baseline and a follow-up value.
- **Matching.** Each participant gets its `NEIGHBOURS` nearest never-participants, with replacement, on the
  standardised result of every baseline year (a missing year takes the school's baseline mean) and, when context is
  given, the composite context index and city/village; distance is the root mean square of the standardised
  differences, and a neighbour farther than `CALIPER` is not used. A participant with no neighbour within the
  caliper leaves the estimate (a warning says how many). A comparison school weighs the sum of 1/k over the
  participants that chose it.
- **Estimate.** Difference in differences of the school-level means: mean over participants of (after − before)
  minus the weighted mean of the same over the comparison schools — in percentage points for a percentage.
  `adjusted_estimate` is the same matched sample's regression of «after» on the group and «before» (ANCOVA), the
  cross-check with a regression adjustment.
- **Interval.** Percentile bootstrap over schools, `BOOTSTRAP` replicates: participants and never-participants are
  each drawn with replacement and the match is redone in every replicate, so the interval carries the uncertainty
  of which schools were chosen as well as of their results. Seeded: the same input gives the same figures.
- **Placebo.** With at least three baseline years: the groups are matched again on the last `PLACEBO_MATCH_YEARS`
  baseline years only (the years the ШНОР rule reads for the list of the first year) and the difference in
  differences between the earlier baseline years and those is estimated; no programme acted then, so it should be
  about 0. An interval that excludes 0 means the groups differed before the programme in a way the match missed.
- **Baseline equivalence (WWC).** Hedges' g of the matched groups on the baseline mean and on each baseline year; the
  largest in absolute value is `baseline_sd_diff`. ≤ 0.05 equivalent; ≤ 0.25 the difference needs an adjustment,
  which the estimate makes (matching and the difference in differences subtract the baseline gap; the ANCOVA is
  beside it); > 0.25 the estimate and its interval are withheld, and the warning says why.
- **Warnings** (plain Russian): fewer than `MIN_TREATED` participants or `MIN_COMPARISON` comparison schools in the
  estimate, participants without a match or without data, no baseline or no follow-up years, the equivalence
  verdict, a placebo that is not about 0 or that cannot be run.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.numbers import api_percent, format_number

from .context import context_index, stratum_of
from .verdicts import ADJUSTED, EQUIVALENT, NOT_EQUIVALENT, UNRELIABLE, WWC_ADJUSTED, WWC_EQUIVALENT

METHOD = "matched_did"
NEIGHBOURS = 5
CALIPER = 0.35  # standard deviations, root mean square over the matched features
BOOTSTRAP = 999
CI_LEVEL = 0.95
MIN_TREATED = 10
MIN_COMPARISON = 20
PLACEBO_MATCH_YEARS = 2
CANDIDATES = 40  # nearest schools kept per participant for the bootstrap's re-matching (see _candidates)


@dataclass
class Group:
    n: int
    before: float | None
    after: float | None

    def as_dict(self) -> dict:
        return {"n": self.n, "before": api_percent(self.before), "after": api_percent(self.after)}


@dataclass
class Comparison(Group):
    matched_on: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**super().as_dict(), "matched_on": list(self.matched_on)}


@dataclass
class Placebo:
    estimate: float | None
    ci: tuple[float, float] | None
    years: tuple[list[int], list[int]] = ([], [])  # (earlier baseline years, the years matched on)

    def as_dict(self) -> dict:
        return {"estimate": api_percent(self.estimate), "ci": _ci_dict(self.ci)}


@dataclass
class EffectResult:
    """Contract 3.2, field for field; `as_dict()` is the API's body (figures to one decimal)."""

    measure: str | None
    procedure: str | None
    subject: str | None
    grade: int | None
    baseline_years: list[int]
    followup_years: list[int]
    treated: Group
    comparison: Comparison
    estimate: float | None
    ci: tuple[float, float] | None
    ci_level: float
    method: str
    placebo: Placebo
    baseline_sd_diff: float | None
    equivalence: str | None  # EQUIVALENT, ADJUSTED, NOT_EQUIVALENT; None when there is nothing to compare
    warnings: list[str]
    adjusted_estimate: float | None = None
    baseline_sd_diff_by_year: dict[int, float] = field(default_factory=dict)
    unmatched: int = 0  # participants with data but no comparison school within the caliper
    # Year → (participants' mean, comparison schools' weighted mean) of the matched sample: the chart's two lines.
    by_year: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "measure": self.measure,
            "procedure": self.procedure,
            "subject": self.subject,
            "grade": self.grade,
            "baseline_years": self.baseline_years,
            "followup_years": self.followup_years,
            "treated": self.treated.as_dict(),
            "comparison": self.comparison.as_dict(),
            "estimate": api_percent(self.estimate),
            "ci": _ci_dict(self.ci),
            "ci_level": self.ci_level,
            "method": self.method,
            "placebo": self.placebo.as_dict(),
            "baseline_sd_diff": None if self.baseline_sd_diff is None else round(self.baseline_sd_diff, 2),
            "equivalence": self.equivalence,
            "adjusted_estimate": api_percent(self.adjusted_estimate),
            "warnings": list(self.warnings),
            "by_year": [
                {"year": y, "treated": api_percent(t), "comparison": api_percent(c)}
                for y, (t, c) in sorted(self.by_year.items())
            ],
        }


def _ci_dict(ci):
    return None if ci is None else [api_percent(ci[0]), api_percent(ci[1])]


def _ru(value: float, decimals: int = 1) -> str:
    return format_number(float(value), decimals)


# --- the pieces -------------------------------------------------------------------------------------------------


def _period_means(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row-wise weighted mean over the known cells; NaN for a row with no weight."""
    w = np.where(np.isnan(values) | np.isnan(weights), 0.0, weights)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (np.nan_to_num(values) * w).sum(axis=1) / total, np.nan)


def _standardise(columns: list[np.ndarray]) -> np.ndarray:
    """Columns scaled by their SD over all rows (those with no spread dropped); NaN (unknown) becomes the mean."""
    kept = []
    for c in columns:
        sd = np.nanstd(c)
        if np.isfinite(sd) and sd > 0:
            z = (c - np.nanmean(c)) / sd
            kept.append(np.where(np.isnan(z), 0.0, z))
    if not kept:
        return np.zeros((len(columns[0]) if columns else 0, 0))
    return np.column_stack(kept)


def _candidates(xt: np.ndarray, xp: np.ndarray, caliper: float, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Per participant, the `limit` nearest never-participants, nearest first, and which are within the caliper.

    Distance is the root mean square of the standardised differences. Computed once: a bootstrap replicate only
    re-weights these lists (see `_matched`), which is the same as matching the resampled schools afresh as long as
    a participant's k picks lie among its `limit` nearest — with `limit` = CANDIDATES and a school drawn with
    probability 1 − 1/e, missing that needs dozens of undrawn neighbours in a row.
    """
    features = max(xt.shape[1], 1)
    d2 = np.maximum((xt * xt).sum(1)[:, None] + (xp * xp).sum(1)[None, :] - 2.0 * xt @ xp.T, 0.0) / features
    m = min(limit, xp.shape[0])
    near = np.argpartition(d2, m - 1, axis=1)[:, :m] if m < xp.shape[0] else np.tile(np.arange(m), (len(xt), 1))
    dist = np.take_along_axis(d2, near, axis=1)
    order = np.argsort(dist, axis=1, kind="stable")
    near, dist = np.take_along_axis(near, order, axis=1), np.take_along_axis(dist, order, axis=1)
    return near, dist <= caliper * caliper


def _matched(near, within, treated_counts, pool_counts, k) -> tuple[np.ndarray, np.ndarray]:
    """k nearest with replacement among the drawn schools: (weight of each comparison school, participants matched).

    `treated_counts` and `pool_counts` say how many times each school is in the sample (1 for the estimate itself,
    the bootstrap's draws otherwise); a comparison school drawn twice is two neighbours at the same distance.
    """
    copies = np.where(within, pool_counts[near], 0)
    taken = np.clip(k - (np.cumsum(copies, axis=1) - copies), 0, copies)
    picks = taken.sum(axis=1)
    matched = (picks > 0) & (treated_counts > 0)
    share = taken * (treated_counts / np.maximum(picks, 1))[:, None]
    weights = np.bincount(near.ravel(), weights=share.ravel(), minlength=len(pool_counts))
    return weights, matched


def _did(dt, dp, weights, matched, treated_counts=None) -> float:
    """Participants' mean change minus the comparison schools' weighted mean change."""
    m = matched * (1.0 if treated_counts is None else treated_counts)
    if m.sum() <= 0 or weights.sum() <= 0:
        return np.nan
    return float((m * dt).sum() / m.sum() - (weights * dp).sum() / weights.sum())


def _weighted_mean_sd(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    mean = float((w * x).sum() / w.sum())
    var = float((w * (x - mean) ** 2).sum() / w.sum())
    n = int((w > 0).sum())
    return mean, (var * n / (n - 1)) ** 0.5 if n > 1 else 0.0


def hedges_g(xt: np.ndarray, xc: np.ndarray, wc: np.ndarray | None = None) -> float | None:
    """WWC's Hedges' g: (mean_T − mean_C) / pooled SD × (1 − 3 / (4N − 9)); the comparison side may be weighted."""
    wc = np.ones(len(xc)) if wc is None else wc
    nt, nc = len(xt), int((wc > 0).sum())
    if nt < 2 or nc < 2:
        return None
    mt, st = float(xt.mean()), float(xt.std(ddof=1))
    mc, sc = _weighted_mean_sd(xc, wc)
    pooled = (((nt - 1) * st**2 + (nc - 1) * sc**2) / (nt + nc - 2)) ** 0.5
    if pooled == 0:
        return 0.0 if mt == mc else None
    return (1 - 3 / (4 * (nt + nc) - 9)) * (mt - mc) / pooled


def equivalence_of(g: float) -> str:
    """WWC's verdict on a baseline difference in standard deviations: ≤ 0.05, ≤ 0.25, above."""
    if abs(g) <= WWC_EQUIVALENT:
        return EQUIVALENT
    return ADJUSTED if abs(g) <= WWC_ADJUSTED else NOT_EQUIVALENT


def _ancova(before_t, after_t, before_p, after_p, weights) -> float | None:
    """The group coefficient of after = a + b·participant + c·before, weighted least squares on the matched sample."""
    keep = weights > 0
    y = np.concatenate([after_t, after_p[keep]])
    x = np.column_stack(
        [
            np.ones(len(y)),
            np.r_[np.ones(len(after_t)), np.zeros(keep.sum())],
            np.concatenate([before_t, before_p[keep]]),
        ]
    )
    w = np.sqrt(np.r_[np.ones(len(after_t)), weights[keep]])
    if len(y) < 4:
        return None
    coef, *_ = np.linalg.lstsq(x * w[:, None], y * w, rcond=None)
    return float(coef[1])


def _percentile_ci(draws: list[float], level: float) -> tuple[float, float] | None:
    finite = np.asarray([d for d in draws if np.isfinite(d)])
    if len(finite) < 10:
        return None
    alpha = (1 - level) / 2
    low, high = np.quantile(finite, [alpha, 1 - alpha])
    return float(low), float(high)


def _context_features(context: pd.DataFrame | None, schools: np.ndarray, first_year: int) -> tuple[list, list[str]]:
    """The composite index and city/village per school, as of the last year before the programme when dated."""
    if context is None or context.empty:
        return [], []
    table = context
    if "year" in table.columns:
        before = table[table["year"] < first_year]
        table = (before if not before.empty else table).sort_values("year").groupby("school_id").tail(1)
    table = table.drop_duplicates("school_id", keep="last").set_index("school_id")
    table = table.reindex(schools)
    columns, names = [], []
    index = context_index(table.drop(columns=["year"], errors="ignore").reset_index()).to_numpy(dtype=float)
    if np.isfinite(index).any():
        columns.append(index)
        names.append("context_index")
    if "urban_rural" in table.columns:
        strata = table["urban_rural"].map(stratum_of)
        urban = np.where(strata == "город", 1.0, np.where(strata == "село", 0.0, np.nan))
        if np.isfinite(urban).any():
            columns.append(urban)
            names.append("urban_rural")
    return columns, names


# --- the estimate -----------------------------------------------------------------------------------------------


def effect_estimate(
    values: pd.DataFrame,
    *,
    treated: set[int] | list[int],
    first_year: int,
    pool: set[int] | list[int],
    context: pd.DataFrame | None = None,
    seed: int = 0,
    bootstrap: int = BOOTSTRAP,
    neighbours: int = NEIGHBOURS,
    caliper: float = CALIPER,
    measure: str | None = None,
    procedure: str | None = None,
    subject: str | None = None,
    grade: int | None = None,
) -> EffectResult:
    """The programme's effect on `values` (`school_id`, `year`, `value`, optional `n`): see the module's rules."""
    treated_ids = set(treated)
    pool_ids = set(pool) - treated_ids
    table = values[values["school_id"].isin(treated_ids | pool_ids)].dropna(subset=["value"])
    wide = table.pivot_table(index="school_id", columns="year", values="value", aggfunc="first")
    if "n" in table.columns:
        n_wide = table.pivot_table(index="school_id", columns="year", values="n", aggfunc="first").reindex_like(wide)
    else:
        n_wide = pd.DataFrame(1.0, index=wide.index, columns=wide.columns)
    years = [int(y) for y in wide.columns]
    baseline_years = [y for y in years if y < first_year]
    followup_years = [y for y in years if y >= first_year]
    warnings: list[str] = []
    empty = EffectResult(
        measure=measure,
        procedure=procedure,
        subject=subject,
        grade=grade,
        baseline_years=baseline_years,
        followup_years=followup_years,
        treated=Group(0, None, None),
        comparison=Comparison(0, None, None),
        estimate=None,
        ci=None,
        ci_level=CI_LEVEL,
        method=METHOD,
        placebo=Placebo(None, None),
        baseline_sd_diff=None,
        equivalence=None,
        warnings=warnings,
    )
    if not baseline_years:
        warnings.append(
            f"{UNRELIABLE}нет результатов за годы до программы (она начата в {first_year} г.), "
            "сравнивать не с чем — оценки нет"
        )
        return empty
    if not followup_years:
        warnings.append(f"оценки пока нет: нет результатов за годы программы (с {first_year} г.)")
        return empty

    base = wide[baseline_years].to_numpy(dtype=float)
    before = _period_means(base, n_wide[baseline_years].to_numpy(dtype=float))
    after = _period_means(wide[followup_years].to_numpy(dtype=float), n_wide[followup_years].to_numpy(dtype=float))
    ids = wide.index.to_numpy()
    usable = np.isfinite(before) & np.isfinite(after)
    is_treated = np.isin(ids, list(treated_ids))
    t_rows, p_rows = np.flatnonzero(usable & is_treated), np.flatnonzero(usable & ~is_treated)
    missing = len(treated_ids) - len(t_rows)
    if missing:
        warnings.append(
            f"школ-участниц без результатов до или после начала программы: {missing} — в расчёт они не вошли"
        )
    if len(t_rows) < 2 or len(p_rows) < 2:
        warnings.append(
            f"{UNRELIABLE}в расчёте школ-участниц: {len(t_rows)}, школ для сравнения: {len(p_rows)} — "
            "слишком мало, оценки нет"
        )
        return empty

    rows = np.r_[t_rows, p_rows]
    filled = np.where(np.isnan(base), before[:, None], base)[rows]
    context_columns, context_names = _context_features(context, ids[rows], first_year)
    x = _standardise([filled[:, j] for j in range(filled.shape[1])] + context_columns)
    matched_on = [f"result_{y}" for y in baseline_years] + context_names
    xt, xp = x[: len(t_rows)], x[len(t_rows) :]
    bt, at_, bp, ap = before[t_rows], after[t_rows], before[p_rows], after[p_rows]
    dt, dp = at_ - bt, ap - bp

    near, within = _candidates(xt, xp, caliper, CANDIDATES)
    ones_t, ones_p = np.ones(len(xt)), np.ones(len(xp))
    weights, matched = _matched(near, within, ones_t, ones_p, neighbours)
    unmatched = int((~matched).sum())
    n_t, n_c = int(matched.sum()), int((weights > 0).sum())
    result = EffectResult(
        measure=measure,
        procedure=procedure,
        subject=subject,
        grade=grade,
        baseline_years=baseline_years,
        followup_years=followup_years,
        treated=Group(n_t, None, None),
        comparison=Comparison(n_c, None, None, matched_on),
        estimate=None,
        ci=None,
        ci_level=CI_LEVEL,
        method=METHOD,
        placebo=Placebo(None, None),
        baseline_sd_diff=None,
        equivalence=None,
        warnings=warnings,
        unmatched=unmatched,
    )
    if unmatched:
        prefix = UNRELIABLE if unmatched > 0.2 * len(t_rows) else ""
        warnings.append(
            f"{prefix}школ-участниц без сопоставимых школ (базовые результаты дальше "
            f"{_ru(caliper, 2)} стандартного отклонения от всех): {unmatched} из {len(t_rows)} — "
            "в оценку они не вошли"
        )
    if n_t < 2 or n_c < 2:
        warnings.append(
            f"{UNRELIABLE}сопоставимых пар почти нет (участниц: {n_t}, школ для сравнения: {n_c}) — оценки нет"
        )
        return result
    if n_t < MIN_TREATED:
        warnings.append(
            f"{UNRELIABLE}в оценке школ-участниц: {n_t} — меньше {MIN_TREATED}, результат зависит от отдельных школ"
        )
    if n_c < MIN_COMPARISON:
        warnings.append(
            f"{UNRELIABLE}школ для сравнения: {n_c} — меньше {MIN_COMPARISON}, сравнение держится на немногих школах"
        )

    w = weights
    result.treated = Group(n_t, float(bt[matched].mean()), float(at_[matched].mean()))
    result.comparison = Comparison(n_c, float((w * bp).sum() / w.sum()), float((w * ap).sum() / w.sum()), matched_on)
    estimate = _did(dt, dp, w, matched)
    result.by_year = _by_year(wide.to_numpy(dtype=float), years, t_rows[matched], p_rows, w)

    # Baseline equivalence on the baseline mean and on every baseline year.
    gs = {}
    g_mean = hedges_g(bt[matched], bp, w)
    for j, year in enumerate(baseline_years):
        vt, vp = base[t_rows, j][matched], base[p_rows, j]
        known_p = np.isfinite(vp)
        g = hedges_g(vt[np.isfinite(vt)], vp[known_p], w[known_p])
        if g is not None:
            gs[year] = g
    candidates = [g for g in [g_mean, *gs.values()] if g is not None]
    g_max = max(candidates, key=abs) if candidates else None
    result.baseline_sd_diff, result.baseline_sd_diff_by_year = g_max, gs
    result.adjusted_estimate = _ancova(bt[matched], at_[matched], bp, ap, w)

    # Bootstrap: participants and never-participants drawn apart, the match redone each time.
    rng = np.random.default_rng(seed)
    placebo_setup = _placebo_setup(base, before, t_rows, p_rows, baseline_years, context_columns, n_wide)
    if placebo_setup is not None:
        pxt, pxp, pdt, pdp = placebo_setup
        p_near, p_within = _candidates(pxt, pxp, caliper, CANDIDATES)
    draws, placebo_draws = [], []
    for _ in range(bootstrap):
        ct = np.bincount(rng.integers(0, len(xt), len(xt)), minlength=len(xt))
        cp = np.bincount(rng.integers(0, len(xp), len(xp)), minlength=len(xp))
        wb, mb = _matched(near, within, ct, cp, neighbours)
        draws.append(_did(dt, dp, wb, mb, ct))
        if placebo_setup is not None:
            ct = np.bincount(rng.integers(0, len(pxt), len(pxt)), minlength=len(pxt))
            cp = np.bincount(rng.integers(0, len(pxp), len(pxp)), minlength=len(pxp))
            wb, mb = _matched(p_near, p_within, ct, cp, neighbours)
            placebo_draws.append(_did(pdt, pdp, wb, mb, ct))
    ci = _percentile_ci(draws, CI_LEVEL)

    if placebo_setup is None:
        warnings.append("плацебо-проверка невозможна: для неё нужны результаты хотя бы трёх лет до программы")
    else:
        pw, pm = _matched(p_near, p_within, np.ones(len(pxt)), np.ones(len(pxp)), neighbours)
        split = len(baseline_years) - PLACEBO_MATCH_YEARS
        p_did = _did(pdt, pdp, pw, pm)
        # None when no participant found a comparison school on the two years
        p_estimate = p_did if np.isfinite(p_did) else None
        p_ci = _percentile_ci(placebo_draws, CI_LEVEL) if p_estimate is not None else None
        result.placebo = Placebo(p_estimate, p_ci, (baseline_years[:split], baseline_years[split:]))
        if p_estimate is not None and p_ci is not None and (p_ci[0] > 0 or p_ci[1] < 0):
            warnings.append(
                f"{UNRELIABLE}плацебо-проверка на годах до программы даёт {_ru(p_estimate)} "
                f"(95 % интервал от {_ru(p_ci[0])} до {_ru(p_ci[1])}), а должна давать около 0: группы "
                "различались ещё до программы так, как сопоставление не учло"
            )

    if g_max is None:
        result.estimate, result.ci = estimate, ci
        return result
    size = _ru(abs(g_max), 2)
    result.equivalence = equivalence_of(g_max)
    if result.equivalence == ADJUSTED:
        adjusted = (
            ""
            if result.adjusted_estimate is None
            else (f"; регрессионная оценка с поправкой на базовый уровень — {_ru(result.adjusted_estimate)}")
        )
        warnings.append(
            f"до программы группы различались на {size} стандартного отклонения (от 0,05 до 0,25): "
            "по стандарту WWC нужна поправка на базовую разницу — оценка её делает: разность "
            f"разностей вычитает базовую разницу групп{adjusted}"
        )
    elif result.equivalence == NOT_EQUIVALENT:
        warnings.append(
            f"{UNRELIABLE}до программы группы различались на {size} стандартного отклонения — больше "
            "0,25, порога стандарта WWC; при такой разнице поправки не делают группы сопоставимыми, "
            "поэтому оценка не приводится"
        )
        return result
    result.estimate, result.ci = estimate, ci
    return result


def _by_year(values, years, t_rows, p_rows, weights) -> dict[int, tuple[float | None, float | None]]:
    """Each year's mean of the matched participants and weighted mean of their comparison schools (known cells)."""
    out = {}
    for j, year in enumerate(years):
        vt, vp = values[t_rows, j], values[p_rows, j]
        known_t, known_p = np.isfinite(vt), np.isfinite(vp) & (weights > 0)
        t = float(vt[known_t].mean()) if known_t.any() else None
        c = float((vp[known_p] * weights[known_p]).sum() / weights[known_p].sum()) if known_p.any() else None
        out[int(year)] = (t, c)
    return out


def _placebo_setup(base, before, t_rows, p_rows, baseline_years, context_columns, n_wide):
    """Features and (later − earlier) differences for the placebo, or None with fewer than three baseline years."""
    if len(baseline_years) < PLACEBO_MATCH_YEARS + 1:
        return None
    split = len(baseline_years) - PLACEBO_MATCH_YEARS
    weights = n_wide[baseline_years].to_numpy(dtype=float)
    early = _period_means(base[:, :split], weights[:, :split])
    late = _period_means(base[:, split:], weights[:, split:])
    rows = np.r_[t_rows, p_rows]
    recent = np.where(np.isnan(base[:, split:]), late[:, None], base[:, split:])[rows]
    x = _standardise([recent[:, j] for j in range(recent.shape[1])] + context_columns)
    diff = (late - early)[rows]  # NaN for a school without an earlier year: it has nothing to be checked on
    keep_t = np.isfinite(diff[: len(t_rows)])
    keep_p = np.isfinite(diff[len(t_rows) :])
    if keep_t.sum() < 2 or keep_p.sum() < 2:
        return None
    xt, xp = x[: len(t_rows)][keep_t], x[len(t_rows) :][keep_p]
    return xt, xp, diff[: len(t_rows)][keep_t], diff[len(t_rows) :][keep_p]
