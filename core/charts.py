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


def as_img(svg: str, alt: str = "") -> str:
    """An SVG chart as a self-contained <img>: no id clashes between charts, same markup in pages and PDFs."""
    import base64
    from html import escape

    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="chart-img" alt="{escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def _svg(fig, *, tight: bool = True) -> str:
    from matplotlib import pyplot as plt

    """`tight` measures the labels with a first drawing pass; charts with fixed margins skip it (half the time)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight" if tight else None)
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    # Drop the fixed size so the chart scales with its container; keep the viewBox.
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)


def _cached(draw):
    """Charts depend only on their arguments: keep drawn SVGs in the cache, keyed by a hash of the arguments."""
    import functools
    import hashlib
    import json

    @functools.wraps(draw)
    def wrapper(**kwargs):
        from django.core.cache import cache

        key = (
            "chart:"
            + draw.__name__
            + ":"
            + hashlib.sha256(json.dumps(kwargs, sort_keys=True, default=str).encode()).hexdigest()
        )
        svg = cache.get(key)
        if svg is None:
            svg = draw(**kwargs)
            cache.set(key, svg, 24 * 60 * 60)
        return svg

    return wrapper


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
    lines = textwrap.wrap(title, max(20, int((width - left - 0.1) / 0.09)))
    notes: list[tuple[str, int, int, int]] = []
    with _LOCK:
        plt = _pyplot()
        from matplotlib.lines import Line2D
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        fig, ax = plt.subplots(figsize=(width, height))
        handles = []
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
                    xytext=(0, 6),
                    ha="center",
                    fontsize=7,
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
        ax.margins(y=0.15)  # room for the values written above the points
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v))))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _ru(v) + (" %" if unit == "%" else "")))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        if lines:
            ax.set_title("\n".join(lines), loc="left", fontsize=10)
        if len(series) > 1 or targets or notes:
            ax.legend(handles=handles, frameon=False, fontsize=8, loc="best")
        fig.subplots_adjust(
            left=left / width, right=1 - 0.1 / width, bottom=0.3 / height, top=1 - (0.14 + 0.19 * len(lines)) / height
        )
        return _svg(fig, tight=False)


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
) -> str:
    """Bars with their values written on them; horizontal when there are many or their names are long."""
    horizontal = len(labels) > 8 or max((len(label) for label in labels), default=0) > 14  # long names read across
    height = height or (max(2.4, 0.22 * len(labels) + 0.8) if horizontal else 2.8)
    shown = [nan if v is None else float(v) for v in values]  # no bar (not a zero bar) where there is no value
    with _LOCK:
        plt = _pyplot()
        from matplotlib.ticker import FuncFormatter

        fmt = FuncFormatter(lambda v, _p: _ru(v) + (" %" if unit == "%" else ""))
        fig, ax = plt.subplots(figsize=(width, height))
        ax.set_axisbelow(True)  # grid lines behind the bars
        positions = range(len(labels))
        if horizontal:
            bars = ax.barh(positions, shown, color=COLORS[0], height=0.7)
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()
            ax.xaxis.set_major_formatter(fmt)
            ax.grid(axis="y", visible=False)
            for bar, value in zip(bars, values):
                ax.annotate(
                    "нет данных" if value is None else _ru(round(float(value), 1)),
                    (0 if value is None else bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    textcoords="offset points",
                    xytext=(3, 0),
                    va="center",
                    fontsize=7,
                )
            if target is not None:
                ax.axvline(
                    float(target), linestyle="--", color="#b3261e", linewidth=1.2, label=f"порог {_ru(target)} %"
                )
        else:
            bars = ax.bar(positions, shown, color=COLORS[0])
            ax.set_xticks(positions, labels)
            ax.yaxis.set_major_formatter(fmt)
            for bar, value in zip(bars, values):
                ax.annotate(
                    "нет данных" if value is None else _ru(round(float(value), 1)),
                    (bar.get_x() + bar.get_width() / 2, 0 if value is None else bar.get_height()),
                    textcoords="offset points",
                    xytext=(0, 3),
                    ha="center",
                    fontsize=7,
                )
            if target is not None:
                ax.axhline(float(target), linestyle="--", color="#b3261e", linewidth=1.2, label=f"цель {_ru(target)}")
        if target is not None:
            ax.legend(frameon=False, fontsize=8, loc="lower right" if horizontal else "best")
        if title:
            ax.set_title(title, loc="left", fontsize=10)
        return _svg(fig)
