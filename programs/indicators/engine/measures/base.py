"""What a measure is (`Measure`, its settings `Param`) and returns (`Fraction`), and the helpers the sources share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Fraction:
    """Counts of one municipality and year; per school (by id) the counts behind each side."""

    numerator: int | None = None
    denominator: int | None = None
    num_by_school: dict[int, int] = field(default_factory=dict)
    den_by_school: dict[int, int] = field(default_factory=dict)
    # For changes: the same of Y−1.
    previous: tuple | None = None
    prev_num_by_school: dict[int, int] = field(default_factory=dict)
    prev_den_by_school: dict[int, int] = field(default_factory=dict)
    details: dict = field(default_factory=dict)

    def add(self, school_id: int, num, den) -> None:
        """Sum one school's counts in; unknown (None) adds nothing to its side."""
        if den is not None:
            self.denominator = (self.denominator or 0) + den
            self.den_by_school[school_id] = self.den_by_school.get(school_id, 0) + den
        if num is not None:
            self.numerator = (self.numerator or 0) + num
            if num:
                self.num_by_school[school_id] = self.num_by_school.get(school_id, 0) + num


@dataclass(frozen=True)
class Param:
    label: str
    choices: dict | None = None  # value → label; None: free (int / list)
    default: object = None


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str  # percent | count | pp
    compute: Callable[..., dict[int, Fraction]]
    per_school: bool
    formula: str  # how, in Russian, shown beside every value
    numerator_label: str = "числитель"
    denominator_label: str = "знаменатель"
    params: dict[str, Param] = field(default_factory=dict)
    change: bool = False  # value = f(Y) − f(Y−1)
    # (year, municipality_ids, params) → {municipality id: note} of the municipalities that have data for the year;
    # None: the counts alone tell (an empty denominator). Elsewhere the value is None with `no_data` as the reason.
    available: Callable[..., dict[int, str]] | None = None
    no_data: str = "нет данных за {year} год"

    @property
    def population_key(self) -> str | None:
        """The setting that picks the school set a population applies to («schools», or «host» of events)."""
        return next((k for k in ("schools", "host") if k in self.params), None)

    def population_applies(self, params: dict) -> bool:
        key = self.population_key
        return key is not None and params.get(key) not in (None, "", "all", "any")

    def params_with_defaults(self, params: dict | None) -> dict:
        out = {k: p.default for k, p in self.params.items() if p.default is not None}
        out.update({k: v for k, v in (params or {}).items() if v not in (None, "", [])})
        return out


def school_rows(qs) -> dict[int, tuple[int, str]]:
    return {pk: (m, code) for pk, m, code in qs.order_by().values_list("pk", "municipality_id", "code")}


def municipalities_of(qs, field_name: str, municipality_ids) -> set[int]:
    if municipality_ids is not None:
        qs = qs.filter(**{f"{field_name}__in": list(municipality_ids)})
    return set(qs.order_by().values_list(field_name, flat=True).distinct())


def noted(ids, note: str = "") -> dict[int, str]:
    return dict.fromkeys(ids, note)
