"""Charts as numbers for an inline SVG the server writes: no script, no style attribute, no library.

A bar chart (one bar per department, horizontal, so long Chinese names stay readable) and a line
chart (a figure over weeks), each with axes, tick labels at round values, the unit, a title and a
text alternative; the template (templates/charts.html) turns them into SVG presentation
attributes, which the console's Content-Security-Policy allows (they are not CSS).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 180  # department names, right-aligned against the value axis
VALUE_ROOM = 64  # right of the longest bar, for its number
BAND = 28
BAR = 18
TOP = 12
BOTTOM = 48  # tick labels and the axis title
LINE_LEFT = 64
LINE_RIGHT = 24
LINE_PLOT_HEIGHT = 200
NAME_CHARS = 12


@dataclass(frozen=True)
class Tick:
    at: float  # position along its axis, in SVG units
    text: str


@dataclass(frozen=True)
class Bar:
    label: str  # shortened to fit
    full_label: str
    text: str  # the value as printed
    y: float
    width: float


@dataclass(frozen=True)
class BarChart:
    key: str  # unique in the page: the ids of the title and description
    title: str
    description: str
    unit: str
    axis_title: str
    bars: list[Bar]
    ticks: list[Tick]
    height: int
    width: int = WIDTH
    plot_left: int = LABEL_WIDTH
    plot_width: int = WIDTH - LABEL_WIDTH - VALUE_ROOM
    top: int = TOP
    kind: str = "bar"

    @property
    def axis_y(self) -> float:
        return self.top + len(self.bars) * BAND


@dataclass(frozen=True)
class Point:
    label: str
    text: str
    x: float
    y: float | None  # None: no value that week (a rate with nothing to rate)


@dataclass(frozen=True)
class LineChart:
    key: str
    title: str
    description: str
    unit: str
    axis_title: str
    points: list[Point]
    ticks: list[Tick]  # along the value (vertical) axis
    segments: list[str]  # polyline point lists; a missing value breaks the line
    width: int = WIDTH
    plot_left: int = LINE_LEFT
    plot_right: int = WIDTH - LINE_RIGHT
    top: int = TOP
    plot_height: int = LINE_PLOT_HEIGHT
    kind: str = "line"

    @property
    def axis_y(self) -> int:
        return self.top + self.plot_height

    @property
    def height(self) -> int:
        return self.axis_y + BOTTOM


def value_text(value: float | int | None, rate: bool, unit: str) -> str:
    if value is None:
        return "—"
    if rate:
        return f"{value * 100:.1f}%"
    return f"{value:g}{unit}"


def scale_top(values: Sequence[float | int | None], rate: bool) -> tuple[float, float]:
    """The axis maximum and the step between ticks: round numbers at or above the largest value
    (1, 2 or 5 times a power of ten; whole numbers for counts; 0-100% for rates)."""
    if rate:
        return 1.0, 0.2
    top = max([v for v in values if v is not None] + [0])
    if top <= 0:
        return 1.0, 1.0
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1.0, float(math.ceil(step)))
    return step * math.ceil(top / step), step


def _tick_text(value: float, rate: bool) -> str:
    return f"{value * 100:.0f}%" if rate else f"{value:g}"


def bar_chart(
    key: str,
    title: str,
    values: list[tuple[str, float | int | None]],
    *,
    unit: str,
    axis_title: str,
    rate: bool = False,
) -> BarChart:
    top, step = scale_top([v for _, v in values], rate)
    plot_width = WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = [
        Bar(
            label=_short(label),
            full_label=label,
            text=value_text(value, rate, "" if rate else unit),
            y=TOP + index * BAND + (BAND - BAR) / 2,
            width=round(plot_width * (value or 0) / top, 1),
        )
        for index, (label, value) in enumerate(values)
    ]
    ticks = [
        Tick(round(LABEL_WIDTH + plot_width * i * step / top, 1), _tick_text(i * step, rate))
        for i in range(round(top / step) + 1)
    ]
    return BarChart(
        key=key,
        title=title,
        description=_describe(values, rate, unit),
        unit=unit,
        axis_title=axis_title,
        bars=bars,
        ticks=ticks,
        height=TOP + max(1, len(values)) * BAND + BOTTOM,
    )


def line_chart(
    key: str,
    title: str,
    values: list[tuple[str, float | int | None]],
    *,
    unit: str,
    axis_title: str,
    rate: bool = False,
) -> LineChart:
    top, step = scale_top([v for _, v in values], rate)
    left, right = LINE_LEFT, WIDTH - LINE_RIGHT
    gap = (right - left) / max(1, len(values) - 1)
    points = []
    for index, (label, value) in enumerate(values):
        x = (left + right) / 2 if len(values) == 1 else left + index * gap
        y = None if value is None else TOP + LINE_PLOT_HEIGHT * (1 - value / top)
        points.append(
            Point(label, value_text(value, rate, "" if rate else unit), round(x, 1), _r(y))
        )
    segments: list[list[str]] = [[]]
    for point in points:
        if point.y is None:
            segments.append([])  # no value that week: the line stops and starts again
        else:
            segments[-1].append(f"{point.x},{point.y}")
    ticks = [
        Tick(round(TOP + LINE_PLOT_HEIGHT * (1 - i * step / top), 1), _tick_text(i * step, rate))
        for i in range(round(top / step) + 1)
    ]
    return LineChart(
        key=key,
        title=title,
        description=_describe(values, rate, unit, over_weeks=True),
        unit=unit,
        axis_title=axis_title,
        points=points,
        ticks=ticks,
        segments=[" ".join(segment) for segment in segments if segment],
    )


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _short(label: str) -> str:
    return label if len(label) <= NAME_CHARS else label[: NAME_CHARS - 1] + "…"


def _describe(
    values: list[tuple[str, float | int | None]], rate: bool, unit: str, over_weeks: bool = False
) -> str:
    """The text alternative: what the chart shows in one or two sentences, the figures in full."""
    if not values:
        return "暂无数据。"
    shown = [(label, v) for label, v in values if v is not None]
    parts = "；".join(f"{label} {value_text(v, rate, unit)}" for label, v in values)
    if not shown:
        return f"各项均无数据：{parts}。"
    high = max(shown, key=lambda item: item[1])
    what = "周" if over_weeks else "个部门"
    summary = f"共 {len(values)} {what}，最高为 {high[0]}（{value_text(high[1], rate, unit)}）"
    if not rate:
        summary += f"，合计 {value_text(sum(v for _, v in shown), rate, unit)}"
    return f"{summary}。{parts}。"
