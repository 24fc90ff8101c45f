"""Charts: a year without a value is a gap in the line (NaN), never a point at 0 and never bridged over."""

import re

from core.charts import bar_chart, line_chart


def _series_path(svg: str) -> str:
    """The drawn path of the (first) data line: stroke width 2 (the target line is 1.2)."""
    match = re.search(r'<g id="line2d_\d+">\s*<path d="([^"]*)"[^>]*stroke-width: 2\b', svg)
    assert match, "no data line in the chart"
    return match.group(1)


def test_line_breaks_at_a_year_without_value():
    svg = line_chart(series={"значение": {2021: 10.0, 2022: None, 2023: 20.0, 2024: 30.0}}, unit="%")
    path = _series_path(svg)
    # Two pieces: 2021 alone, then 2023–2024 — a move-to starts each; one line-to joins 2023 and 2024.
    assert (path.count("M"), path.count("L")) == (2, 1)


def test_year_only_in_targets_is_a_gap_too():
    svg = line_chart(series={"значение": {2021: 10.0, 2023: 20.0}}, targets={2021: 5, 2022: 5, 2023: 5}, unit="%")
    assert _series_path(svg).count("L") == 0  # 2021 and 2023 are not joined across 2022


def test_bar_without_value_reads_no_data_not_zero():
    svg = bar_chart(labels=["Район А", "Район Б"], values=[None, 12.5], title="Доля ШНОР")
    assert "нет данных" in svg
