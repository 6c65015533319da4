"""Geometry of the completion chart; the SVG itself is a template (no inline styles).

Its input, :class:`ChartSeries`, is defined here rather than with the report that
builds it: a target's months (``targets/display.py``, on the task and organisation
pages) are drawn with it too, and those pages need not load the report's machinery."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ChartSeries:
    """Completion of one organisation at the end of each month."""

    name: str
    index: int
    points: list[tuple[int, int]]  # (month, percent done)


WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 150, 14, 34


@dataclass
class PlottedSeries:
    name: str
    index: int
    points: str  # "x,y x,y …" for <polyline>
    dots: list[tuple[float, float, int, int]]  # x, y, month, percent
    legend_y: float


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    grid: list[tuple[float, int]]  # y, percent
    months: list[tuple[float, int]]  # x, month
    series: list[PlottedSeries]


def plot(series: list[ChartSeries], last_month: int) -> Chart | None:
    """Place every organisation's monthly completion in the chart's area."""
    if not series or last_month < 1:
        return None
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(last_month - 1, 1)

    def x(month: int) -> float:
        return round(LEFT + (month - 1) * step if last_month > 1 else LEFT + plot_w / 2, 1)

    def y(percent: int) -> float:
        return round(TOP + plot_h * (1 - percent / 100), 1)

    plotted = []
    for n, s in enumerate(series):
        dots = [(x(m), y(p), m, p) for m, p in s.points]
        plotted.append(
            PlottedSeries(
                name=s.name,
                index=s.index,
                points=" ".join(f"{dx},{dy}" for dx, dy, _, _ in dots),
                dots=dots,
                legend_y=TOP + 10 + n * 20,
            )
        )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        grid=[(y(p), p) for p in (0, 25, 50, 75, 100)],
        months=[(x(m), m) for m in range(1, last_month + 1)],
        series=plotted,
    )
