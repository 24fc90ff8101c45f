"""The report's charts read at print size: whole-number ticks for counts, distinct percent ticks, titles wrapped at
words, an empty state instead of a lone target line, labels of at least 10 px, an accessible name, and the same
drawing as PNG for Word."""

import re
from pathlib import Path

import pytest

from core.charts import as_img, bar_chart, chart_png, line_chart
from reports.selectors import CHART_WIDTH

TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")
SIZE = re.compile(r"font-size: ([\d.]+)px")


def _texts(svg: str) -> list[str]:
    return TEXT.findall(svg)


def test_counts_have_whole_number_ticks():
    svg = line_chart(series={"значение": {2022: 1, 2023: 1, 2024: 1}}, unit="", width=CHART_WIDTH, height=2.4)
    labels = _texts(svg)  # ticks and the values written on the points
    assert "0" in labels and not any("," in t for t in labels)  # 0, 1 — never «1,0» five times


def test_flat_percent_ticks_do_not_repeat():
    svg = line_chart(series={"значение": {2023: 33.3, 2024: 33.3}}, unit="%", width=CHART_WIDTH, height=2.4)
    ticks = [t for t in _texts(svg) if t.endswith("%")]
    assert len(ticks) >= 2 and len(ticks) == len(set(ticks))


def test_long_title_wraps_at_words():
    title = "Доля общеобразовательных организаций, в которых доля обучающихся с отметкой «2» не превышает 15 %"
    svg = line_chart(series={"значение": {2024: 10.0}}, title=title, width=CHART_WIDTH, height=2.4)
    drawn = " ".join(_texts(svg))
    assert all(word in drawn for word in title.split()) and "\n" not in title


def test_empty_chart_says_no_data_without_the_target_line():
    svg = line_chart(series={"значение": {2024: None}}, targets={2023: 20, 2024: 15}, width=CHART_WIDTH, height=2.4)
    assert "нет данных" in _texts(svg) and "цель" not in _texts(svg)


def test_empty_bar_chart_says_no_data_without_the_threshold():
    svg = bar_chart(labels=["А", "Б"], values=[None, None], target=30)
    assert "нет данных" in _texts(svg) and not any(t.startswith("цель") for t in _texts(svg))


def test_labels_print_at_ten_px_or_more():
    # The PDF prints the report's charts at their drawn width (templates/reports/pdf/base.html: .chart-row .chart),
    # so 1 SVG unit is 1 pt; 10 px = 7.5 pt.
    css = Path("templates/reports/pdf/base.html").read_text(encoding="utf-8")
    printed_mm = float(re.search(r"\.chart-row \.chart \{[^}]*width: ([\d.]+)mm", css).group(1))
    svg = line_chart(
        series={"значение": {2022: 12.5, 2023: 10.0}},
        targets={2023: 9},
        title="Доля ШНОР",
        width=CHART_WIDTH,
        height=2.4,
    )
    viewbox_width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    scale = (printed_mm / 25.4 * 72) / viewbox_width
    assert min(float(s) for s in SIZE.findall(svg)) * scale >= 7.5


def test_chart_has_its_title_as_alt_text_and_draws_as_png():
    svg = line_chart(series={"значение": {2024: 10.0}}, title="Доля ШНОР", width=CHART_WIDTH, height=2.4)
    img = as_img(svg)
    assert 'alt="Доля ШНОР"' in img
    png = chart_png(re.search(r'data-chart="([^"]+)"', img).group(1))
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize("value, text", [(3.0, "3"), (2.25, "2,3"), (1250, "1\u00a0250"), (None, "—")])
def test_report_figures_print_counts_as_whole_numbers(value, text):
    from reports.templatetags.report import figure_text

    assert figure_text(value) == text


def test_a_chart_of_database_figures_draws_as_png():
    from decimal import Decimal

    svg = line_chart(series={"школа": {2023: Decimal("12.50"), 2024: None}}, targets={2024: Decimal("10")})
    png = chart_png(re.search(r'data-chart="([^"]+)"', as_img(svg)).group(1))
    assert png.startswith(b"\x89PNG")
