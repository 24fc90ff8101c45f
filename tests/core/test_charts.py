"""Charts: a year without a value is a gap in the line, never a point at 0 and never bridged over; a year whose
territory figure is built from only part of the schools is marked."""

import re

from core.charts import bar_chart, line_chart


def _joins(svg: str) -> int:
    """How many drawn line pieces of the data (stroke width 2; the target line is 1.2) join two years."""
    plot = svg.split('id="legend')[0]  # the legend's sample lines are not data
    paths = re.findall(r'<path d="([^"]*)"[^>]*stroke-width: 2\b', plot)
    return sum(p.count("L") for p in paths)


def _chart(coverage):
    return line_chart(
        title="ВПР, русский язык: доля «2»", series={"Район А": {2024: 20.0, 2025: 18.0, 2026: 11.1}}, coverage=coverage
    )


def test_line_breaks_at_a_year_without_value():
    svg = line_chart(series={"значение": {2021: 10.0, 2022: None, 2023: 20.0, 2024: 30.0}}, unit="%")
    assert _joins(svg) == 1  # only 2023–2024: 2021 stands alone, nothing crosses 2022


def test_year_only_in_targets_is_a_gap_too():
    svg = line_chart(series={"значение": {2021: 10.0, 2023: 20.0}}, targets={2021: 5, 2022: 5, 2023: 5}, unit="%")
    assert _joins(svg) == 0  # 2021 and 2023 are not joined across 2022


def test_bar_without_value_reads_no_data_not_zero():
    svg = bar_chart(labels=["Район А", "Район Б"], values=[None, 12.5], title="Доля ШНОР")
    assert "нет данных" in svg


def test_incomplete_year_is_named_in_the_legend():
    svg = _chart({"Район А": {2024: (12, 12), 2025: (12, 12), 2026: (1, 12)}})
    assert "неполные данные: 2026 — 1 из 12 ОО" in svg


def test_complete_years_add_no_note():
    svg = _chart({"Район А": {2024: (12, 12), 2025: (12, 12), 2026: (12, 12)}})
    assert "неполные данные" not in svg


def test_incomplete_point_is_drawn_hollow():
    hollow = _chart({"Район А": {2024: (12, 12), 2025: (12, 12), 2026: (1, 12)}})
    full = _chart({"Район А": {2024: (12, 12), 2025: (12, 12), 2026: (12, 12)}})
    white = re.compile(r"fill:\s*#ffffff")
    assert len(white.findall(hollow)) > len(white.findall(full))
