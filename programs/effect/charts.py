"""The effect's chart: both groups' means by year, the programme's start marked (matplotlib through core.charts).

core.charts.line_chart writes its point labels at 7 pt; this chart keeps every text at 10 pt or more — the SVG's
user unit is the point, and the page shows the chart at about its natural width, so that is ≥ 10 px — and draws the
programme's first year as a line, which line_chart has no place for.
"""

from core.charts import _LOCK, COLORS, DASHES, MARKERS, _cached, _pyplot, _ru, _svg

MIN_FONT_PT = 10


def _label_above(by_year: list[dict], year: int, field: str) -> bool:
    """A point's label goes above it when it is the higher of the year's two points (or alone), below otherwise: the
    two labels of a year never sit on each other."""
    row = next(r for r in by_year if r["year"] == year)
    other = row["comparison" if field == "treated" else "treated"]
    return other is None or row[field] > other or (row[field] == other and field == "treated")


@_cached
def groups_chart(*, by_year: list[dict], first_year: int, unit: str, title: str, fmt: str = "svg") -> str:
    """Participants and comparison schools by year (None is a gap); a dotted line at the programme's start."""
    years = [row["year"] for row in by_year]
    with _LOCK:
        plt = _pyplot()
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        fig, ax = plt.subplots(figsize=(6.4, 3.0))
        for i, (field, label) in enumerate((("treated", "школы-участницы"), ("comparison", "школы сравнения"))):
            points = [(row["year"], row[field]) for row in by_year if row[field] is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, color=COLORS[i], linestyle=DASHES[i], marker=MARKERS[i], linewidth=2, label=label)
            for x, y in points:
                ax.annotate(
                    f"{y:.1f}".replace(".", ","),  # one decimal, as the table under the chart
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 7 if _label_above(by_year, x, field) else -15),
                    ha="center",
                    fontsize=MIN_FONT_PT,
                    color=COLORS[i],
                )
        if years and first_year <= max(years):
            ax.axvline(first_year - 0.5, color="#5f6b7a", linestyle=(0, (1, 2)), linewidth=1.2)
            ax.annotate(
                "начало программы",
                (first_year - 0.5, 1),
                xycoords=("data", "axes fraction"),
                xytext=(4, -2),
                textcoords="offset points",
                va="top",
                fontsize=MIN_FONT_PT,
                color="#5f6b7a",
            )
        ax.set_xticks(years)
        ax.margins(y=0.2)
        ax.tick_params(labelsize=MIN_FONT_PT)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v))))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _ru(v) + (" %" if unit == "%" else "")))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        ax.set_title(title, loc="left", fontsize=MIN_FONT_PT + 1)
        ax.legend(frameon=False, fontsize=MIN_FONT_PT, loc="best")
        return _svg(fig, fmt=fmt)
