"""Context groups: schools of similar social context, as regional quality systems group them (docs/effect.md §5).

Input: one row per school (per school and year when the table has a `year` column) with contract 1.1's context
columns — `urban_rural` («город» / «село»), `enrolment`, `low_income_share`, `sen_share`, `non_native_share`,
`resource_index`. Any of them may be missing or empty.

- **Composite index** (higher = harder conditions): the mean of the available components, each standardised over
  the table's schools of the same year (z = (x − mean) / SD) and signed so that «worse» is positive: the shares of
  low-income pupils, pupils with disabilities and non-native speakers count +1; the resource index and the
  logarithm of enrolment count −1 (few resources and a small school are harder conditions). A component with no
  spread in the year is left out; a school with fewer than `MIN_COMPONENTS` known components has no index.
- **Groups**: within each stratum (city, village, not stated) and year, the index is cut into `groups` quantile
  groups by rank: group 1 the most favourable conditions, the last the hardest. Ties share a group (average rank),
  so the grouping depends only on the order of the index, and a stratum smaller than `groups` gets fewer groups.
"""

import math

import numpy as np
import pandas as pd

URBAN_RURAL = "urban_rural"
# Component → its sign in the index (+1: a higher value means harder conditions).
COMPONENTS = {
    "low_income_share": 1,
    "sen_share": 1,
    "non_native_share": 1,
    "resource_index": -1,
    "enrolment": -1,  # on a log scale
}
MIN_COMPONENTS = 2
STRATUM_UNKNOWN = "не указано"
GROUP_LABELS_3 = ("благоприятные условия", "средние условия", "трудные условия")


def _standardised(column: pd.Series) -> pd.Series:
    sd = column.std(ddof=0)
    if column.count() < 2 or not sd or math.isnan(sd):
        return pd.Series(np.nan, index=column.index)
    return (column - column.mean()) / sd


def _year_keys(table: pd.DataFrame) -> pd.Series:
    return table["year"] if "year" in table.columns else pd.Series(0, index=table.index)


def context_index(table: pd.DataFrame) -> pd.Series:
    """The composite index per row of `table` (NaN where fewer than MIN_COMPONENTS components are known)."""
    parts = []
    years = _year_keys(table)
    for name, sign in COMPONENTS.items():
        if name not in table.columns:
            continue
        values = pd.to_numeric(table[name], errors="coerce").astype(float)
        if name == "enrolment":
            values = np.log(values.where(values > 0))
        parts.append(sign * values.groupby(years).transform(_standardised))
    if not parts:
        return pd.Series(np.nan, index=table.index, name="context_index")
    z = pd.concat(parts, axis=1)
    index = z.mean(axis=1, skipna=True).where(z.count(axis=1) >= MIN_COMPONENTS)
    return index.rename("context_index")


def stratum_of(value) -> str:
    if isinstance(value, str) and value.strip().lower() in ("город", "село"):
        return value.strip().lower()
    return STRATUM_UNKNOWN


def group_label(group: int, groups: int) -> str:
    if groups == 3:
        return GROUP_LABELS_3[group - 1]
    return f"группа {group} из {groups}"


def context_groups(table: pd.DataFrame, *, groups: int = 3) -> pd.DataFrame:
    """`school_id` (and `year`) with `context_index`, `stratum`, `group` (1 … groups, NA without an index), `label`."""
    keys = ["school_id"] + (["year"] if "year" in table.columns else [])
    out = table[keys].copy()
    out["context_index"] = context_index(table)
    strata = table[URBAN_RURAL] if URBAN_RURAL in table.columns else pd.Series(None, index=table.index, dtype=object)
    out["stratum"] = strata.map(stratum_of)
    by = [_year_keys(table), out["stratum"]]
    rank = out.groupby(by)["context_index"].rank(method="average")
    known = out.groupby(by)["context_index"].transform("count")
    group = np.ceil(groups * rank / known)
    out["group"] = group.astype("Int64")
    out["label"] = [
        f"{stratum}: {group_label(int(g), groups)}" if not pd.isna(g) else None
        for stratum, g in zip(out["stratum"], out["group"])
    ]
    return out.reset_index(drop=True)


def against_group(values: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Each school's measure beside its context group's: `values` has `school_id`, `value` (and `year`).

    Adds `group_median` (the median of the group's schools, the school itself included), `group_n` and
    `difference` = value − group_median, in the measure's units. Schools without a group get NaN.
    """
    keys = ["school_id"] + (["year"] if "year" in values.columns and "year" in groups.columns else [])
    merged = values.merge(groups[[*keys, "stratum", "group", "label"]], on=keys, how="left")
    by = [*keys[1:], "stratum", "group"]
    grouped = merged.dropna(subset=["group"]).groupby(by)["value"]
    stats = pd.DataFrame({"group_median": grouped.median(), "group_n": grouped.count()}).reset_index()
    merged = merged.merge(stats, on=by, how="left")
    merged["difference"] = merged["value"] - merged["group_median"]
    return merged
