"""How many schools stand behind a territory's figure: the one rule for «incomplete», used by every page, chart, PDF
and the API.

A municipal or regional figure summed from schools' rows covers `schools` schools (those with data for that figure)
out of `of` schools of the territory in the registry (every school and branch counts once). It is **incomplete**
when fewer than all of them reported (contracts §3): one school's rows are not the municipality's figure. Pages and
reports print «данные N из M ОО» beside it; charts draw an incomplete year hollow, on a dotted segment, with a legend
note; the API gives `coverage: {"schools": N, "of": M}`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Coverage:
    schools: int  # schools with data for the figure
    of: int  # schools of the territory in the registry

    @property
    def incomplete(self) -> bool:
        return coverage_incomplete(self.schools, self.of)

    @property
    def label(self) -> str:
        return coverage_label(self.schools, self.of)

    def as_api(self) -> dict:
        return {"schools": self.schools, "of": self.of}

    def __str__(self) -> str:
        return self.label


def coverage_incomplete(schools: int, of: int) -> bool:
    """The rule: a figure is incomplete when fewer schools have data for it than the territory has."""
    return schools < of


def coverage_label(schools: int, of: int) -> str:
    return f"данные {schools} из {of} ОО"


def chart_coverage(by_year: dict[int, "Coverage | None"]) -> dict[int, tuple[int, int]]:
    """Year -> (schools, of), what core.charts.line_chart takes to mark incomplete years (None: not a territory's
    figure summed from schools, nothing to mark)."""
    return {y: (c.schools, c.of) for y, c in by_year.items() if c is not None}
