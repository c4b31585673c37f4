"""Group maps: where groups work (service areas by ward, drawn areas), their bases, and partnerships;
and the map a coordinator draws their group's area on.

Both are built on ``maps.base``: the documents hold no group data and no user text. Group names arrive as
GeoJSON from ``/api/v1/groups/map/...`` and weave-map.js puts them into popups with ``textContent``. The
drawing map uses Folium's Draw plugin with the app's own copy of Leaflet.draw; ``static/js/groups-map.js``
posts the drawn shape to the page around the frame.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
from folium.elements import JSCSSMixin
from folium.plugins import Draw
from folium.template import Template

from maps.base import WeaveMap, add_geojson_layer, asset_url, base_map, self_host_plugin

__all__ = [
    "GROUPS_MAP_TITLE",
    "DRAW_MAP_TITLE",
    "AREA_STEPS",
    "PARTNERSHIP_COLOURS",
    "groups_map",
    "draw_area_map",
]

GROUPS_MAP_TITLE = "Map of community groups"
DRAW_MAP_TITLE = "Map for drawing the area a group works in"
GROUPS_MAP_JS = "js/groups-map.js"

# Wards shaded by how many of the groups shown work there (GOV.UK colours, light to dark).
AREA_STEPS = [[1, "#b7d9d9"], [2, "#6fb3b3"], [4, "#28a197"], [8, "#0b4144"]]
DRAWN_COLOUR = "#912b88"
PARTNERSHIP_COLOURS = {"referral": "#1d70b8", "shared_volunteers": "#f47738", "co_delivery": "#00703c"}

AREAS_POPUP = {
    "heading": "name",
    "rows": [{"label": "Groups working here", "property": "groups_label"}],
}
DRAWN_POPUP = {
    "heading": "name",
    "rows": [{"label": "Area", "property": "area_label"}],
    "link": {"property": "url", "text": "Open the group’s page"},
}
BASES_POPUP = {
    "heading": "name",
    "rows": [
        {"label": "Kind", "property": "kind_label"},
        {"label": "Helps with", "property": "categories_label"},
        {"label": "Works in", "property": "areas_label"},
        {"label": "Status", "property": "status_label"},
    ],
    "link": {"property": "url", "text": "Open the group’s page"},
}
PARTNERSHIPS_POPUP = {
    "heading": "name",
    "rows": [{"label": "Working together by", "property": "kind_label"}],
}
LEGEND = {
    "title": "Key",
    "items": [
        {"label": "Ward where 1 group works", "colour": AREA_STEPS[0][1]},
        {"label": "Ward where 8 or more groups work", "colour": AREA_STEPS[-1][1]},
        {"label": "Area drawn by a group", "colour": DRAWN_COLOUR},
        {"label": "Group’s base", "marker_class": "group"},
        {"label": "Partners: referrals", "colour": PARTNERSHIP_COLOURS["referral"], "dashed": False},
        {"label": "Partners: shared volunteers", "colour": PARTNERSHIP_COLOURS["shared_volunteers"],
         "dashed": False},
        {"label": "Partners: running something together", "colour": PARTNERSHIP_COLOURS["co_delivery"],
         "dashed": False},
    ],
}


def groups_map(
    *,
    centre: Sequence[float],
    zoom: int,
    areas_url: str,
    drawn_url: str,
    bases_url: str,
    partnerships_url: str,
    tiles_url: str,
    tiles_attribution: str,
    static_prefix: str,
) -> WeaveMap:
    """Service areas (wards shaded by how many groups work there, and drawn areas), base points and
    partnership lines, each loaded from its own same-site GeoJSON URL (carrying the page's filters)."""
    m = base_map(centre=centre, zoom=zoom, tiles_url=tiles_url, tiles_attribution=tiles_attribution,
                 static_prefix=static_prefix, title=GROUPS_MAP_TITLE)
    add_geojson_layer(m, url=areas_url, kind="polygons", name="Wards", options={
        "choropleth": {"property": "groups_count", "steps": AREA_STEPS},
        "style": {"color": "#505a5f", "weight": 1, "fillOpacity": 0.5},
        "popup": AREAS_POPUP,
        "legend": LEGEND,
        "fit": True,
        "status": {"none": "No group shown works in a ward.", "one": "1 ward shaded.",
                   "other": "{count} wards shaded."},
    })
    add_geojson_layer(m, url=drawn_url, kind="polygons", name="Drawn areas", options={
        "style": {"color": DRAWN_COLOUR, "weight": 2, "fillOpacity": 0.15, "dashArray": "4 4"},
        "popup": DRAWN_POPUP,
        "status": {"none": "", "one": "1 drawn area.", "other": "{count} drawn areas."},
    })
    add_geojson_layer(m, url=partnerships_url, kind="lines", name="Partnerships", options={
        "colour_property": "kind",
        "colours": PARTNERSHIP_COLOURS,
        "style": {"weight": 3, "opacity": 0.8},
        "popup": PARTNERSHIPS_POPUP,
        "status": {"none": "", "one": "1 partnership.", "other": "{count} partnerships."},
    })
    add_geojson_layer(m, url=bases_url, kind="points", name="Groups", options={
        "cluster": True,
        "label_property": "name",
        "class_property": "marker_class",
        "popup": BASES_POPUP,
        "status": {"none": "No group shown has a base on the map.", "one": "1 group’s base.",
                   "other": "{count} groups’ bases.", "truncated": "Showing the first {count} groups."},
    })
    return m


class _DrawBridge(JSCSSMixin, folium.MacroElement):
    """Hands the Draw plugin's layer group to groups-map.js, which talks to the page around the frame."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            WeaveGroupsMap.attachDraw({{ this._parent.get_name() }}, {{ this.drawn_items.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, drawn_items: folium.FeatureGroup, static_prefix: str):
        super().__init__()
        self._name = "WeaveDrawBridge"
        self.drawn_items = drawn_items
        self.default_js = [("weave_groups_map_js", asset_url(static_prefix, GROUPS_MAP_JS))]
        self.default_css = []


def draw_area_map(
    *,
    centre: Sequence[float],
    zoom: int,
    wards_url: str,
    tiles_url: str,
    tiles_attribution: str,
    static_prefix: str,
) -> WeaveMap:
    """The council's wards as outlines, and Leaflet.draw's polygon and rectangle tools.

    Circles, lines and markers are switched off (a service area is a polygon), and a polygon may not
    cross itself while it is drawn or edited; ``community.groups.drawn_areas`` checks again on the server.

    >>> from community.places import FALLBACK_VIEW
    >>> m = draw_area_map(centre=FALLBACK_VIEW.centre, zoom=12, wards_url="/api/v1/groups/map/wards",
    ...                   tiles_url="https://t.example/{z}/{x}/{y}.png", tiles_attribution="Tiles",
    ...                   static_prefix="/static")
    >>> from maps.base import render_document
    >>> html = render_document(m)
    >>> "/static/vendor/leaflet-draw/leaflet.draw.js" in html and "cdnjs" not in html
    True
    """
    m = base_map(centre=centre, zoom=zoom, tiles_url=tiles_url, tiles_attribution=tiles_attribution,
                 static_prefix=static_prefix, title=DRAW_MAP_TITLE)
    add_geojson_layer(m, url=wards_url, kind="polygons", name="Wards", options={
        "style": {"color": "#505a5f", "weight": 1, "fillOpacity": 0.05},
        "popup": {"heading": "name"},
        "fit": True,
        "status": {"none": "No wards have been imported yet.", "one": "1 ward outlined.",
                   "other": "{count} wards outlined. Draw inside or across them."},
    })
    drawn_items = folium.FeatureGroup(name="Drawn area", control=False)
    drawn_items.add_to(m)
    draw = Draw(
        feature_group=drawn_items,
        show_geometry_on_click=False,
        draw_options={
            "polyline": False, "circle": False, "marker": False, "circlemarker": False,
            "polygon": {"allowIntersection": False, "showArea": False,
                        "shapeOptions": {"color": DRAWN_COLOUR}},
            "rectangle": {"shapeOptions": {"color": DRAWN_COLOUR}},
        },
        edit_options={"poly": {"allowIntersection": False}},
    )
    self_host_plugin(draw, static_prefix).add_to(m)
    _DrawBridge(drawn_items, static_prefix).add_to(m)
    return m
