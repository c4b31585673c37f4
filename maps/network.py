"""The network map: ward outlines, groups at their base points, partnerships as lines, suggested
introductions dashed, brokers highlighted.

Groups and links load as GeoJSON from ``/api/v1/network/map/groups`` and ``/api/v1/network/map/links``;
group names (user text) only ever reach the page through weave-map.js and ``textContent``.
"""

from __future__ import annotations

from collections.abc import Sequence

from maps.base import WeaveMap, add_geojson_layer, base_map

__all__ = ["LINK_COLOURS", "MAP_TITLE", "network_map"]

MAP_TITLE = "Map of groups, their partnerships and suggested introductions"
LINK_COLOURS = {"partnership": "#0b4144", "suggested": "#d4351c"}


def network_map(
    *,
    centre: Sequence[float],
    groups_url: str,
    links_url: str,
    tiles_url: str,
    tiles_attribution: str,
    static_prefix: str,
    zoom: int = 12,
    wards_url: str | None = None,
) -> WeaveMap:
    """Ward outlines (when ``wards_url`` is given) at the bottom, then lines, then the groups on top,
    all from same-site GeoJSON URLs.

    >>> from community.places import FALLBACK_VIEW
    >>> m = network_map(centre=FALLBACK_VIEW.centre, groups_url="/api/v1/network/map/groups",
    ...                 links_url="/api/v1/network/map/links", tiles_url="https://t.example/{z}/{x}/{y}.png",
    ...                 tiles_attribution="Tiles", static_prefix="/static")
    >>> [layer["kind"] for layer in m.data.layers]
    ['lines', 'points']
    >>> m = network_map(centre=FALLBACK_VIEW.centre, groups_url="/api/v1/network/map/groups",
    ...                 links_url="/api/v1/network/map/links", tiles_url="https://t.example/{z}/{x}/{y}.png",
    ...                 tiles_attribution="Tiles", static_prefix="/static",
    ...                 wards_url="/api/v1/groups/map/wards")
    >>> [layer["kind"] for layer in m.data.layers]
    ['polygons', 'lines', 'points']
    """
    m = base_map(
        centre=centre,
        zoom=zoom,
        tiles_url=tiles_url,
        tiles_attribution=tiles_attribution,
        static_prefix=static_prefix,
        title=MAP_TITLE,
    )
    if wards_url is not None:
        add_geojson_layer(m, url=wards_url, kind="polygons", name="Wards", options={
            "style": {"color": "#505a5f", "weight": 1.5, "fillOpacity": 0.03},
            "popup": {"heading": "name"},
            "legend": {"title": "Wards", "items": [{"label": "Ward outline", "colour": "#505a5f"}]},
            "status": {"none": "No wards have been imported yet.", "one": "1 ward outlined.",
                       "other": "{count} wards outlined."},
        })
    add_geojson_layer(
        m,
        url=links_url,
        kind="lines",
        name="Links",
        options={
            "dashed_property": "suggested",
            "colour_property": "kind",
            "colours": LINK_COLOURS,
            "style": {"weight": 3, "opacity": 0.8},
            "popup": {"heading": "label", "rows": []},
            "legend": {
                "title": "Links",
                "items": [
                    {"label": "Partnership", "colour": LINK_COLOURS["partnership"], "dashed": False},
                    {"label": "Suggested introduction", "colour": LINK_COLOURS["suggested"], "dashed": True},
                ],
            },
            "status": {"none": "No partnerships or suggestions yet.", "one": "1 link shown.",
                       "other": "{count} links shown."},
        },
    )
    add_geojson_layer(
        m,
        url=groups_url,
        kind="points",
        name="Groups",
        options={
            "cluster": False,
            "label_property": "label",
            "highlight_property": "broker",
            "fit": True,
            "popup": {
                "heading": "name",
                "rows": [
                    {"label": "Partners", "property": "partners"},
                    {"label": "Suggested introductions", "property": "suggested"},
                ],
            },
            "legend": {
                "title": "Groups",
                "items": [
                    {"label": "Group", "marker_class": "group"},
                    {"label": "Broker", "marker_class": "highlight"},
                ],
            },
            "status": {"none": "No group has given a base.", "one": "1 group shown.",
                       "other": "{count} groups shown."},
        },
    )
    return m
