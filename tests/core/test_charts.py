"""Line charts mark a year whose territory figure is built from only part of the schools."""

import re

from core.charts import line_chart


def _chart(coverage):
    return line_chart(title="ВПР, русский язык: доля «2»", series={"Район А": {2024: 20.0, 2025: 18.0, 2026: 11.1}},
                      coverage=coverage)


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
