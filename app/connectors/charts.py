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


# --- the brokers' ranked chart -----------------------------------------------------------------------

BROKER_ROW, BROKER_LABEL, BROKER_TOP, BROKER_BOTTOM = 28, 280, 8, 40


@dataclass(frozen=True)
class BrokerBar:
    rank: int
    label: str
    kind: str
    y: float
    width: float
    value: float
    cut_point: bool


@dataclass(frozen=True)
class BrokerChart:
    width: int
    height: int
    label_width: int
    plot_right: int
    bars: tuple[BrokerBar, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, value)
    row: int


def broker_chart(brokers: list[dict]) -> BrokerChart:
    """Horizontal bars, one per broker, longest first: betweenness as a share of the top broker's axis."""
    top = max((b["betweenness"] for b in brokers), default=0.0) or 1.0
    plot_width = WIDTH - BROKER_LABEL - RIGHT
    bars = tuple(
        BrokerBar(rank=b["rank"], label=b["label"], kind=b["kind"],
                  y=BROKER_TOP + i * BROKER_ROW, width=round(plot_width * b["betweenness"] / top, 1),
                  value=b["betweenness"], cut_point=bool(b.get("articulation_point")))
        for i, b in enumerate(brokers)
    )
    height = BROKER_TOP + len(bars) * BROKER_ROW + BROKER_BOTTOM
    ticks = tuple(
        (round(BROKER_LABEL + plot_width * i / 4, 1), f"{top * i / 4:.3f}") for i in range(5)
    )
    return BrokerChart(WIDTH, height, BROKER_LABEL, WIDTH - RIGHT, bars, ticks, BROKER_ROW)


# --- the group network drawing -----------------------------------------------------------------------

DRAW_SIZE, DRAW_MARGIN = 640, 30
# Colour-blind-safe palette (Okabe and Ito) for the largest communities; the rest are grey.
COMMUNITY_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
OTHER_COLOUR = "#b1b4b6"


@dataclass(frozen=True)
class DrawnNode:
    number: int
    node: str
    label: str
    x: float
    y: float
    r: float
    colour: str
    community: int
    broker: bool
    cut_point: bool
    betweenness: float
    links: int


@dataclass(frozen=True)
class Drawing:
    size: int
    nodes: tuple[DrawnNode, ...]
    lines: tuple[tuple[float, float, float, float, float], ...]  # x1, y1, x2, y2, width
    key: tuple[tuple[str, str], ...]  # (colour, community label)
    groups_total: int


def network_drawing(results: dict) -> Drawing | None:
    """Screen coordinates, colours and marks for the run's group drawing (``None`` before one exists)."""
    drawing = results.get("analysis", {}).get("drawing")
    if not drawing or not drawing.get("groups"):
        return None
    labels = results.get("labels", {})
    groups = drawing["groups"]
    sizes: dict[int, int] = {}
    for g in groups:
        sizes[g["community"]] = sizes.get(g["community"], 0) + 1
    ranked = sorted(sizes, key=lambda c: (-sizes[c], c))[: len(COMMUNITY_COLOURS)]
    colour = {c: COMMUNITY_COLOURS[i] for i, c in enumerate(ranked)}
    names = {c["id"]: c.get("label", "") for c in results.get("analysis", {}).get("communities", {}).get(
        "communities", [])}
    top = max((g["betweenness"] for g in groups), default=0.0) or 1.0
    span = DRAW_SIZE - 2 * DRAW_MARGIN
    links_of: dict[int, int] = {}
    for a, b, _w in drawing["links"]:
        links_of[a] = links_of.get(a, 0) + 1
        links_of[b] = links_of.get(b, 0) + 1
    nodes = tuple(
        DrawnNode(
            number=i, node=g["node"], label=labels.get(g["node"], g["node"]),
            x=round(DRAW_MARGIN + span * g["x"], 1), y=round(DRAW_MARGIN + span * g["y"], 1),
            r=round(4 + 8 * math.sqrt(g["betweenness"] / top), 1),
            colour=colour.get(g["community"], OTHER_COLOUR), community=g["community"],
            broker=g["broker"], cut_point=g["cut_point"], betweenness=g["betweenness"],
            links=links_of.get(i, 0),
        )
        for i, g in enumerate(groups)
    )
    heaviest = max((w for _a, _b, w in drawing["links"]), default=1.0) or 1.0
    lines = tuple(
        (nodes[a].x, nodes[a].y, nodes[b].x, nodes[b].y, round(0.5 + 2.5 * w / heaviest, 2))
        for a, b, w in drawing["links"]
    )
    key = tuple((colour[c], names.get(c) or str(c)) for c in ranked)
    return Drawing(DRAW_SIZE, nodes, lines, key, drawing.get("groups_total", len(groups)))
