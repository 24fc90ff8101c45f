"""How an effect reads: the API's body and the figures a page or a report prints (Russian formats, «−» minus)."""

from dataclasses import dataclass

from core.numbers import format_number

from .models import Measure, ProgramEffect
from .selectors import EffectKey
from .verdicts import ADJUSTED, EQUIVALENT, NOT_EQUIVALENT, UNRELIABLE, WWC_ADJUSTED, WWC_EQUIVALENT


def equivalence_text(equivalence: str | None, g: float | None) -> str:
    """WWC's verdict on the groups before the programme, in plain Russian."""
    if equivalence is None or g is None:
        return "проверить сопоставимость групп до программы не на чем: нет оценки"
    size = format_number(abs(g), 2)
    low, high = format_number(WWC_EQUIVALENT, 2), format_number(WWC_ADJUSTED, 2)
    if equivalence == EQUIVALENT:
        return (
            f"до программы группы были сопоставимы: разница {size} стандартного отклонения — не больше {low}, "
            "по стандарту WWC группы эквивалентны"
        )
    if equivalence == ADJUSTED:
        return (
            f"до программы группы различались на {size} стандартного отклонения (от {low} до {high}): по стандарту "
            "WWC нужна поправка на эту разницу — оценка её делает, разность разностей вычитает базовую разницу групп"
        )
    assert equivalence == NOT_EQUIVALENT, equivalence
    return (
        f"до программы группы различались на {size} стандартного отклонения — больше {high}: по стандарту WWC "
        "такие группы не сопоставимы, поэтому оценка не приводится"
    )


def effect_payload(effect: ProgramEffect) -> dict:
    """The API's body (contract 3.2 and the cache's stamp)."""
    result = dict(effect.result)
    return {
        "program": effect.program.code,
        **result,
        "equivalence_text": equivalence_text(result.get("equivalence"), result.get("baseline_sd_diff")),
        "computed_at": effect.computed_at,
        "data_version": effect.data_version,
    }


def signed(value: float | None, decimals: int = 1) -> str:
    """«+2,4», «−3,1», «0,0»; «—» when unknown."""
    if value is None:
        return "—"
    text = format_number(value, decimals)
    return f"+{text}" if value > 0 and text.strip("0,") else text


@dataclass
class EffectView:
    """What the page and the report print of an effect."""

    key: EffectKey
    effect: ProgramEffect
    unit: str  # of the estimate: «п. п.» or «балла»

    @property
    def level_unit(self) -> str:
        """Of a group's level: «%», or «балла» for the mean score."""
        return "балла" if self.key.measure == Measure.MEAN_SCORE else "%"

    @property
    def result(self) -> dict:
        return self.effect.result

    @property
    def estimate(self) -> str:
        return signed(self.result.get("estimate"))

    @property
    def interval(self) -> str:
        ci = self.result.get("ci")
        return "—" if not ci else f"от {signed(ci[0])} до {signed(ci[1])}"

    @property
    def placebo(self) -> str:
        return signed((self.result.get("placebo") or {}).get("estimate"))

    @property
    def placebo_interval(self) -> str:
        ci = (self.result.get("placebo") or {}).get("ci")
        return "—" if not ci else f"от {signed(ci[0])} до {signed(ci[1])}"

    @property
    def adjusted(self) -> str:
        return signed(self.result.get("adjusted_estimate"))

    @property
    def equivalence(self) -> str:
        return equivalence_text(self.result.get("equivalence"), self.result.get("baseline_sd_diff"))

    @property
    def unreliable(self) -> list[str]:
        return [w for w in self.result.get("warnings", []) if w.startswith(UNRELIABLE)]

    @property
    def notes(self) -> list[str]:
        return [w for w in self.result.get("warnings", []) if not w.startswith(UNRELIABLE)]

    @property
    def direction(self) -> str:
        """How to read the sign for this measure."""
        if self.key.measure == Measure.SHARE_2:
            return "для доли «2» улучшение — отрицательное число (меньше «2», чем было бы без программы)"
        return "улучшение — положительное число"

    @property
    def years(self) -> list[dict]:
        return [
            {
                "year": row["year"],
                "treated": format_number(row["treated"], 1) if row["treated"] is not None else "—",
                "comparison": format_number(row["comparison"], 1) if row["comparison"] is not None else "—",
                "followup": row["year"] >= self.result.get("first_year", 0),
            }
            for row in self.result.get("by_year", [])
        ]


def effect_view(effect: ProgramEffect, key: EffectKey) -> EffectView:
    return EffectView(key=key, effect=effect, unit="балла" if key.measure == Measure.MEAN_SCORE else "п. п.")


def effect_chart(view: EffectView, label: str) -> tuple[str, str]:
    """The chart of both groups by year and its alt text; ("", "") when there are no years to draw."""
    by_year = view.result.get("by_year") or []
    if not by_year:
        return "", ""
    from .charts import groups_chart

    svg = groups_chart(
        by_year=by_year,
        first_year=view.result.get("first_year", by_year[-1]["year"]),
        unit="балл" if view.key.measure == Measure.MEAN_SCORE else "%",
        title=label,
    )
    alt = (
        f"График: {label} по годам у школ-участниц и у школ сравнения, пунктир — начало программы; "
        "цифры — в таблице под графиком."
    )
    return svg, alt
