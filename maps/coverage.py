"""The coverage choropleth: every ward coloured by its status for one kind of help.

The wards and their figures load as GeoJSON from ``GET /api/v1/coverage/wards``; the page beside the map
has the same figures as a table. Popups (built by weave-map.js with ``textContent``) link to the ward's
detail page.
"""

from __future__ import annotations

from collections.abc import Sequence

from maps.base import WeaveMap, add_geojson_layer, base_map

__all__ = ["COVERAGE_COLOURS", "MAP_TITLE", "coverage_map"]

MAP_TITLE = "Map of coverage by ward"

# GOV.UK Frontend colours; the legend names each one, so colour is never the only cue.
COVERAGE_COLOURS = {
    "gap": "#d4351c",
    "thin": "#ffdd00",
    "covered": "#00703c",
    "no demand": "#b1b4b6",
}
LABELS = {"gap": "Gap", "thin": "Thin", "covered": "Covered", "no demand": "No demand"}

POPUP = {
    "heading": "name",
    "rows": [
        {"label": "Status", "property": "status_label"},
        {"label": "Needs posted", "property": "needs_posted"},
        {"label": "Not met", "property": "needs_unmet"},
        {"label": "Groups serving", "property": "groups_serving"},
        {"label": "Active offers", "property": "active_offers"},
        {"label": "Searches that found nothing", "property": "searches"},
    ],
    "link": {"property": "url", "text_property": "link_text"},
}

STATUS = {
    "none": "No wards to show.",
    "one": "1 ward shown.",
    "other": "{count} wards shown.",
}


def coverage_map(
    *,
    centre: Sequence[float],
    data_url: str | None,
    tiles_url: str,
    tiles_attribution: str,
    static_prefix: str,
    zoom: int = 12,
) -> WeaveMap:
    """A choropleth of wards loading from ``data_url`` (a same-site path to the coverage GeoJSON); with no
    ``data_url`` (no categories yet) just the base map.

    >>> from community.places import FALLBACK_VIEW
    >>> m = coverage_map(centre=FALLBACK_VIEW.centre, data_url="/api/v1/coverage/wards?category=food",
    ...                  tiles_url="https://t.example/{z}/{x}/{y}.png", tiles_attribution="Tiles",
    ...                  static_prefix="/static")
    >>> m.data.layers[0]["choropleth"]["colours"]["gap"]
    '#d4351c'
    """
    m = base_map(
        centre=centre,
        zoom=zoom,
        tiles_url=tiles_url,
        tiles_attribution=tiles_attribution,
        static_prefix=static_prefix,
        title=MAP_TITLE,
    )
    if data_url is None:
        return m
    add_geojson_layer(
        m,
        url=data_url,
        kind="polygons",
        name="Wards",
        options={
            "choropleth": {"property": "status", "colours": COVERAGE_COLOURS},
            "style": {"color": "#0b0c0c", "weight": 1, "fillOpacity": 0.6},
            "popup": POPUP,
            "legend": {
                "title": "Coverage",
                "items": [{"label": LABELS[s], "colour": c} for s, c in COVERAGE_COLOURS.items()],
            },
            "status": STATUS,
            "fit": True,
        },
    )
    return m
