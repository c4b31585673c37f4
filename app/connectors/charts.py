"""A stacked bar chart of weekly demand, laid out here and drawn as SVG by the template.

Server-side SVG needs no chart library and no script; the template gives it ``role="img"``, a title and a
description, and puts the same figures in a table beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from community.insights import WeekTotal

WIDTH, HEIGHT = 960, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 56
SERIES = (("met", _l("Met by the community")), ("not_met", _l("Not met")), ("still_open", _l("Still open")))


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    label: str
    segments: tuple[tuple[str, float, float, int], ...]  # (series, y, height, value)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, int], ...]  # (y, value)
    plot_left: int
    plot_right: int
    plot_bottom: int
    plot_top: int
    label_every: int


def nice_top(value: int) -> int:
    """The smallest 1, 2 or 5 x 10^n at or above ``value`` (at least 5), so the ticks are round."""
    value = max(value, 5)
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def weekly_chart(weeks: list[WeekTotal]) -> Chart:
    top_value = nice_top(max((w.met + w.not_met + w.still_open for w in weeks), default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(weeks), 1)
    bars = []
    for index, week in enumerate(weeks):
        base = HEIGHT - BOTTOM
        segments = []
        for series, _label in SERIES:
            value = getattr(week, series)
            height = plot_height * value / top_value
            base -= height
            segments.append((series, round(base, 1), round(height, 1), value))
        bars.append(
            Bar(x=round(LEFT + index * slot + slot * 0.15, 1), width=round(slot * 0.7, 1),
                label=week.week.strftime("%d %b"), segments=tuple(segments))
        )
    ticks = tuple(
        (round(HEIGHT - BOTTOM - plot_height * i / 5, 1), top_value * i // 5) for i in range(6)
    )
    return Chart(
        width=WIDTH, height=HEIGHT, bars=tuple(bars), ticks=ticks, plot_left=LEFT,
        plot_right=WIDTH - RIGHT, plot_bottom=HEIGHT - BOTTOM, plot_top=TOP,
        label_every=max(1, math.ceil(len(weeks) / 13)),
    )
