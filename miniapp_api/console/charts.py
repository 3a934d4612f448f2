"""Horizontal bar charts as plain numbers for an inline SVG: no script, no library."""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 160
PLOT_WIDTH = 360


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH


def bar_chart(
    title: str, values: list[tuple[str, float | int | None]], *, rate: bool = False
) -> BarChart:
    top = 1.0 if rate else max([v or 0 for _, v in values] + [1])
    bars = []
    for index, (label, value) in enumerate(values):
        amount = value or 0
        text = ("—" if value is None else f"{value * 100:.1f}%") if rate else str(amount)
        width = round(PLOT_WIDTH * amount / top) if top else 0
        bars.append(Bar(label[:12], text, index * (BAR_HEIGHT + GAP), width))
    return BarChart(title, bars, max(1, len(values)) * (BAR_HEIGHT + GAP))
