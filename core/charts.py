"""Vector charts (SVG) drawn by matplotlib: the same drawing serves pages and PDFs."""

import io
import itertools
import re
import textwrap
import threading
from math import nan
from typing import TYPE_CHECKING

from core.coverage import coverage_incomplete, coverage_label

if TYPE_CHECKING:
    from matplotlib.typing import LineStyleType

_LOCK = threading.Lock()  # pyplot keeps global state
COLORS = ["#1f5fa8", "#b3261e", "#1a7f37", "#9a6700", "#6f42c1", "#5f6b7a"]
DASHES: list["LineStyleType"] = ["-", (0, (4, 3)), (0, (1, 2)), "-."]
MARKERS = ["o", "s", "^", "D"]
_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9aa5b1",
    "axes.grid": True,
    "grid.color": "#e6ebf1",
    "svg.fonttype": "none",  # text stays text: small SVGs that lay out fast in PDFs
}


_STYLED = False


def _pyplot():
    """pyplot, imported on the first drawing (call it holding `_LOCK`): matplotlib costs ~0.35 s at import, and
    commands, workers and most pages never draw."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    global _STYLED
    if not _STYLED:
        plt.rcParams.update(_RC)
        _STYLED = True
    return plt


def _ru(value, _pos=None) -> str:
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", ",")


class Chart(str):
    """A drawn chart: its SVG text (what pages and PDFs embed) and the drawing's arguments (`spec`), so a renderer
    that needs a raster (Word) draws the same chart again as PNG (`chart_png`)."""

    spec: dict

    def __new__(cls, svg: str, spec: dict):
        chart = super().__new__(cls, svg)
        chart.spec = spec
        return chart


def as_img(svg: str, alt: str = "") -> str:
    """An SVG chart as a self-contained <img>: no id clashes between charts, same markup in pages and PDFs. A
    `Chart` carries its drawing's arguments in `data-chart` (reports.docx draws the PNG from them)."""
    import base64
    import json
    from html import escape

    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    spec = getattr(svg, "spec", None)
    if not alt and spec is not None:
        alt = spec["kwargs"].get("title", "")  # never an empty accessible name: the chart's own title
    extra = ""
    if spec is not None:
        encoded = base64.b64encode(json.dumps(spec, default=_plain).encode()).decode("ascii")
        extra = f' data-chart="{encoded}"'
    return f'<img class="chart-img" alt="{escape(alt)}"{extra} src="data:image/svg+xml;base64,{data}">'


def _plain(value):
    """JSON for a drawing's arguments: Decimals (figures from the database) as numbers, anything else as text."""
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else str(value)


def _int_keys(mapping: dict | None) -> dict | None:
    return None if mapping is None else {int(k): v for k, v in mapping.items()}


def chart_png(encoded: str) -> bytes:
    """The PNG of a chart from its `data-chart` attribute (as_img): the same drawing, rasterised for Word."""
    import base64
    import json

    spec = json.loads(base64.b64decode(encoded))
    kwargs = dict(spec["kwargs"])
    if spec["draw"] == "line_chart":
        kwargs["series"] = {label: _int_keys(points) for label, points in kwargs["series"].items()}
        kwargs["targets"] = _int_keys(kwargs.get("targets"))
        if kwargs.get("coverage"):
            kwargs["coverage"] = {label: _int_keys(by_year) for label, by_year in kwargs["coverage"].items()}
    return base64.b64decode(DRAWINGS[spec["draw"]](**kwargs, fmt="png"))


def _svg(fig, *, tight: bool = True, fmt: str = "svg") -> str:
    """`tight` measures the labels with a first drawing pass; charts with fixed margins skip it (half the time).
    `fmt="png"`: the same figure as a base64 PNG at print resolution (Word)."""
    import base64

    from matplotlib import pyplot as plt

    if fmt == "png":
        raw = io.BytesIO()
        fig.savefig(raw, format="png", dpi=200, bbox_inches="tight" if tight else None)
        plt.close(fig)
        return base64.b64encode(raw.getvalue()).decode("ascii")
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight" if tight else None)
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    # Drop the fixed size so the chart scales with its container; keep the viewBox.
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)


# Part of every cache key: a change to how charts are drawn bumps it, so no chart drawn the old way is served again.
DRAWING_VERSION = 4


# Every cached drawing by name, for chart_png to draw again from a `data-chart` attribute (an app's own charts too).
DRAWINGS: dict = {}


def _cached(draw):
    """Charts depend only on their arguments: keep drawn SVGs in the cache, keyed by a hash of the arguments. The
    SVG comes back as a `Chart` that remembers its arguments; the drawing must take `fmt` ("svg" or "png")."""
    import functools
    import hashlib
    import json

    @functools.wraps(draw)
    def wrapper(**kwargs):
        from django.core.cache import cache

        key = (
            f"chart:v{DRAWING_VERSION}:"
            + draw.__name__
            + ":"
            + hashlib.sha256(json.dumps(kwargs, sort_keys=True, default=str).encode()).hexdigest()
        )
        svg = cache.get(key)
        if svg is None:
            svg = draw(**kwargs)
            cache.set(key, str(svg), 24 * 60 * 60)
        if kwargs.get("fmt", "svg") != "svg":
            return svg
        return Chart(svg, {"draw": draw.__name__, "kwargs": kwargs})

    DRAWINGS[draw.__name__] = wrapper
    return wrapper


TITLE_LINES = 4


def _title_lines(title: str, chars: int) -> list[str]:
    """A title wrapped at word boundaries (never cut mid-word), at most TITLE_LINES lines, «…» after a whole word."""
    return textwrap.wrap(title, max(20, chars), max_lines=TITLE_LINES, placeholder=" …", break_long_words=False)


def _integral(values) -> bool:
    return all(float(v).is_integer() for v in values)


def _value_axis(axis, values: list[float], unit: str) -> None:
    """Ticks that say something: whole numbers for counts (no «1,0» repeated), a span of at least 2 so percent ticks
    differ at one decimal, «10 %» in the Russian format; the axis starts at 0 for non-negative figures."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    counts = unit != "%" and _integral(values)
    axis.set_major_locator(MaxNLocator(5, integer=counts, steps=[1, 2, 5, 10], min_n_ticks=2))
    axis.set_major_formatter(FuncFormatter(lambda v, _p: _ru(v) + (" %" if unit == "%" else "")))


def _value_limits(values: list[float], unit: str) -> tuple[float, float]:
    """From 0 (or the lowest negative figure) to a little above the highest, with room for the values written above
    the points; flat data still spans 2 (percent) or 1 (counts)."""
    low = min(min(values, default=0.0), 0.0)
    high = max(max(values, default=0.0), low + (2.0 if unit == "%" else 1.0))
    return low, high + (high - low) * 0.18


def _empty_state(ax) -> None:
    """An empty chart says so («нет данных») instead of showing a target line alone."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.text(0.5, 0.5, "нет данных", transform=ax.transAxes, ha="center", va="center", fontsize=11, color="#5f6b7a")


INCOMPLETE_DASH: "LineStyleType" = (0, (1, 2))


def _incomplete_note(notes: list[tuple[str, int, int, int]], several: bool) -> str:
    """«неполные данные: 2026 — 1 из 12 ОО», naming the series when there are several; one line per year."""
    parts = [
        f"{label + ', ' if several else ''}{year} — {coverage_label(n, m).removeprefix('данные ')}"
        for label, year, n, m in notes
    ]
    return "неполные данные: " + "\n".join(parts)


@_cached
def line_chart(
    *,
    series: dict[str, dict[int, float | None]],
    title: str = "",
    unit: str = "%",
    targets: dict[int, float] | None = None,
    width: float = 6.4,
    height: float = 2.8,
    coverage: dict[str, dict[int, tuple[int, int]]] | None = None,
    fmt: str = "svg",
) -> str:
    """Years on the x axis, one line per series; a year a series has no value for (None, or absent while another
    series or the targets have it) is a gap in its line, never a zero. Returns an SVG string.

    `coverage` gives, per series, the (schools, of) behind each year's point: a year with incomplete coverage
    (core.coverage) is drawn hollow, reached by a dotted segment, and named in the legend."""
    years = sorted({y for points in series.values() for y in points} | set(targets or {}))
    # Fixed margins in inches instead of a measuring pass: y labels of a few characters ("100 %", "1 250"), years
    # below, the title (wrapped to the plot's width) above.
    widest = max((len(_ru(v)) for points in series.values() for v in points.values() if v is not None), default=3)
    left = 0.25 + 0.07 * (widest + (2 if unit == "%" else 0))
    lines = _title_lines(title, int((width - left - 0.1) / 0.1))  # the title starts at the axes' left edge
    shown = [float(v) for points in series.values() for v in points.values() if v is not None]
    notes: list[tuple[str, int, int, int]] = []
    with _LOCK:
        plt = _pyplot()
        from matplotlib.lines import Line2D
        from matplotlib.ticker import FuncFormatter

        fig, ax = plt.subplots(figsize=(width, height))
        handles = []
        if not shown:
            targets = None  # a target line alone is not a chart: the empty state says there is no data
        for i, (label, given) in enumerate(series.items()):
            points = {y: v for y, v in given.items() if v is not None}
            xs = [y for y in years if y in points]
            color, dash, marker = COLORS[i % len(COLORS)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
            covered = (coverage or {}).get(label, {})
            thin = {y for y in xs if y in covered and coverage_incomplete(*covered[y])}
            notes += [(label, y, *covered[y]) for y in sorted(thin)]
            # Each series its own dash and marker: equal values (school = municipality) leave both lines visible.
            # Segments join neighbouring years only: a year without a value breaks the line (no bridge, no 0).
            for a, b in itertools.pairwise(years):
                if a not in points or b not in points:
                    continue
                partial = a in thin or b in thin
                ax.plot(
                    [a, b],
                    [float(points[a]), float(points[b])],
                    color=color,
                    zorder=3 + i,
                    linestyle=INCOMPLETE_DASH if partial else dash,
                    linewidth=1.3 if partial else 2,
                )
            full = [y for y in xs if y not in thin]
            ax.plot(
                full,
                [float(points[y]) for y in full],
                linestyle="none",
                marker=marker,
                color=color,
                markersize=6 - i,
                zorder=3 + i,
            )
            ax.plot(
                sorted(thin),
                [float(points[y]) for y in sorted(thin)],
                linestyle="none",
                marker=marker,
                markerfacecolor="white",
                markeredgecolor=color,
                markeredgewidth=1.5,
                markersize=7 - i,
                zorder=4 + i,
            )
            handles.append(
                Line2D([], [], color=color, linestyle=dash, marker=marker, linewidth=2, markersize=6 - i, label=label)
            )
            for x in xs:
                ax.annotate(
                    _ru(round(float(points[x]), 1)),
                    (x, float(points[x])),
                    textcoords="offset points",
                    xytext=(0, 5),
                    ha="center",
                    fontsize=8,
                    color=color,
                )
        if targets:
            xs = sorted(targets)
            handles += ax.plot(
                xs, [float(targets[x]) for x in xs], linestyle="--", color="#5f6b7a", label="цель", linewidth=1.2
            )
        if notes:
            handles.append(
                Line2D(
                    [],
                    [],
                    color="#5f6b7a",
                    linestyle=INCOMPLETE_DASH,
                    marker="o",
                    markerfacecolor="white",
                    label=_incomplete_note(notes, len({n[0] for n in notes}) > 1 or len(series) > 1),
                )
            )
        ax.set_xticks(years)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v))))
        if shown:
            _value_axis(ax.yaxis, shown + [float(t) for t in (targets or {}).values()], unit)
            ax.set_ylim(*_value_limits(shown + [float(t) for t in (targets or {}).values()], unit))
        else:
            _empty_state(ax)
        if lines:
            ax.set_title("\n".join(lines), loc="left", fontsize=10)
        below = 0.0  # inches added under the axes for a legend that would cover the lines
        if shown and notes:
            # The note on incomplete years runs over several lines: below the plot, the figure grown to hold it.
            rows = sum(str(h.get_label()).count("\n") + 1 for h in handles)
            below = 0.12 + 0.15 * rows
            fig.set_size_inches(width, height + below)
            fig.legend(
                handles=handles,
                frameon=False,
                fontsize=8,
                loc="lower left",
                bbox_to_anchor=(left / width, 0.01),
                bbox_transform=fig.transFigure,
            )
        elif shown and (len(series) > 1 or targets):
            ax.legend(handles=handles, frameon=False, fontsize=8, loc="best")
        total = height + below
        fig.subplots_adjust(
            left=left / width,
            right=1 - 0.1 / width,
            bottom=(0.3 + below) / total,
            top=1 - (0.14 + 0.19 * len(lines)) / total,
        )
        return _svg(fig, tight=False, fmt=fmt)


@_cached
def bar_chart(
    *,
    labels: list[str],
    values: list[float | None],
    title: str = "",
    unit: str = "%",
    target: float | None = None,
    width: float = 6.4,
    height: float | None = None,
    fmt: str = "svg",
) -> str:
    """Bars with their values written on them; horizontal when there are many or their names are long."""
    horizontal = len(labels) > 8 or max((len(label) for label in labels), default=0) > 14  # long names read across
    height = height or (max(2.4, 0.22 * len(labels) + 0.8) if horizontal else 2.8)
    shown = [nan if v is None else float(v) for v in values]  # no bar (not a zero bar) where there is no value
    with _LOCK:
        plt = _pyplot()
        known = [float(v) for v in values if v is not None]
        if not known:
            target = None  # a threshold line alone is not a chart: the empty state says there is no data
        fig, ax = plt.subplots(figsize=(width, height))
        ax.set_axisbelow(True)  # grid lines behind the bars
        positions = range(len(labels))
        if horizontal:
            bars = ax.barh(positions, shown, color=COLORS[0], height=0.7)
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()
            _value_axis(ax.xaxis, known, unit)
            ax.grid(axis="y", visible=False)
            for bar, value in zip(bars, values):
                ax.annotate(
                    "нет данных" if value is None else _ru(round(float(value), 1)),
                    (0 if value is None else bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    textcoords="offset points",
                    xytext=(3, 0),
                    va="center",
                    fontsize=8,
                )
            if target is not None:
                ax.axvline(
                    float(target), linestyle="--", color="#b3261e", linewidth=1.2, label=f"порог {_ru(target)} %"
                )
        else:
            bars = ax.bar(positions, shown, color=COLORS[0])
            ax.set_xticks(positions, labels)
            _value_axis(ax.yaxis, known, unit)
            for bar, value in zip(bars, values):
                ax.annotate(
                    "нет данных" if value is None else _ru(round(float(value), 1)),
                    (bar.get_x() + bar.get_width() / 2, 0 if value is None else bar.get_height()),
                    textcoords="offset points",
                    xytext=(0, 3),
                    ha="center",
                    fontsize=8,
                )
            if target is not None:
                ax.axhline(float(target), linestyle="--", color="#b3261e", linewidth=1.2, label=f"цель {_ru(target)}")
        if target is not None:
            ax.legend(frameon=False, fontsize=8, loc="lower right" if horizontal else "best")
        if not known:
            _empty_state(ax)
        if title:
            ax.set_title("\n".join(_title_lines(title, int((width - 0.2) / 0.085))), loc="left", fontsize=10)
        return _svg(fig, fmt=fmt)
