"""The map of needs and offers near a resident.

The document is the same few kilobytes whether there are ten posts or a hundred thousand: the posts
arrive as GeoJSON from ``GET /api/v1/map/posts`` for the part of the map in view and zoom: zoomed out as
counts per cell of a grid, worked out by the server; zoomed in one by one, clustered, and their popups
are built by weave-map.js from JSON properties with ``textContent``.
"""

from __future__ import annotations

from collections.abc import Sequence

from maps.base import WeaveMap, add_geojson_layer, base_map

__all__ = ["posts_map", "zoom_for_distance", "MAP_TITLE", "POPUP", "LEGEND"]

MAP_TITLE = "Map of needs and offers near you"

# How far the map shows around its centre, in km, and the zoom that roughly fits it in a 600px frame.
_ZOOMS: tuple[tuple[float, int], ...] = ((1, 15), (2, 14), (5, 13), (10, 12))

POPUP = {
    "heading": "title",
    "rows": [
        {"label": "Type", "property": "kind_label"},
        {"label": "Category", "property": "category"},
        {"label": "Urgency", "property": "urgency"},
        {"label": "Distance", "property": "distance"},
        {"label": "Area", "property": "area"},
    ],
    "link": {"property": "url", "text_property": "link_text"},
}

LEGEND = {
    "title": "Key",
    "items": [
        {"label": "Need", "marker_class": "need"},
        {"label": "Offer", "marker_class": "offer"},
        {"label": "Health-related posts, counted by ward", "colour": "#0b4144"},
        {"label": "Posts counted together: select to zoom in", "colour": "#1d70b8"},
    ],
}

STATUS = {
    "none": "No posts in this part of the map. Zoom out or move the map to see more.",
    "one": "1 marker on the map.",
    "other": "{count} markers on the map.",
    "truncated": "Showing the first {count} posts. Zoom in to see all of them.",
    "clustered": "{count} posts in this part of the map, counted in groups. Zoom in, or select a group, to "
    "see them one by one.",
}


def zoom_for_distance(km: float | None) -> int:
    """The zoom level that shows about ``km`` around the centre.

    >>> zoom_for_distance(1), zoom_for_distance(5), zoom_for_distance(None), zoom_for_distance(50)
    (15, 13, 14, 12)
    """
    if km is None:
        return 14
    for limit, zoom in _ZOOMS:
        if km <= limit:
            return zoom
    return _ZOOMS[-1][1]


def posts_map(
    *,
    centre: Sequence[float],
    distance_km: float | None,
    data_url: str,
    tiles_url: str,
    tiles_attribution: str,
    static_prefix: str,
) -> WeaveMap:
    """The near-me map centred on ``centre`` — which must already be a public point (a ward centre or a
    blurred home), since it is written into the document — loading posts from ``data_url``."""
    m = base_map(
        centre=centre,
        zoom=zoom_for_distance(distance_km),
        tiles_url=tiles_url,
        tiles_attribution=tiles_attribution,
        static_prefix=static_prefix,
        title=MAP_TITLE,
    )
    add_geojson_layer(
        m,
        url=data_url,
        kind="points",
        name="Needs and offers",
        options={
            "cluster": True,
            "refetch_on_move": True,
            "label_property": "label",
            "class_property": "kind",
            "count_label_property": "label",
            "popup": POPUP,
            "legend": LEGEND,
            "status": STATUS,
        },
    )
    return m
