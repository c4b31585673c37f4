"""The base every Weave map is built on: self-hosted assets, a configurable tile layer, data from the API.

A map document carries no data and no user text. It carries a small JSON configuration saying which API
URLs to load and how to draw them; the app's own script ``static/js/weave-map.js`` fetches the GeoJSON,
builds markers (clustered), polygons and lines, and makes every popup with ``createElement`` and
``textContent``. Folium popups and tooltips are raw HTML (even ``parse_html=True`` lets ``${...}`` run in
its template string), so no caller should ever put user text into Folium itself.

Usage, from a view that knows its URLs (maps never import Flask), starting where the council's wards
are (``community.places.wards_view``)::

    view = wards_view(session)
    m = base_map(centre=view.centre, zoom=view.zoom, tiles_url=config["MAP_TILES_URL"],
                 tiles_attribution=config["MAP_TILES_ATTRIBUTION"], static_prefix="/static",
                 title="Needs and offers near you")
    add_geojson_layer(m, url="/api/v1/map/posts?kind=all", kind="points", name="Posts",
                      options={"cluster": True, "refetch_on_move": True,
                               "popup": {"heading": "title", "rows": [{"label": "Category",
                                                                       "property": "category"}],
                                         "link": {"property": "url", "text_property": "link_text"}}})
    html = render_document(m)

Layer kinds and their options (all optional unless said; every value must be JSON-serialisable):

``points``
    ``cluster`` (bool) groups markers with leaflet.markercluster; ``label_property`` names the feature
    property used as each marker's accessible name; ``class_property`` adds the CSS class
    ``weave-marker--<value>`` (e.g. ``kind`` → need/offer colours); ``highlight_property`` marks
    features whose property is true (brokers). Features whose ``kind`` property is ``"aggregate"`` are
    drawn unclustered as a count badge using ``count_label_property`` (default ``"label"``).
``polygons``
    ``choropleth``: ``{"property": ..., "colours": {value: "#hex"}}`` for categories, or
    ``{"property": ..., "steps": [[threshold, "#hex"], ...]}`` (ascending) for numbers; ``style`` for
    Leaflet path options.
``lines``
    ``dashed_property`` (true → dashed, e.g. suggested introductions); ``colour_property`` with
    ``colours``; ``style``.

Every kind accepts ``popup`` (``heading``: property; ``rows``: ``[{"label", "property"}]``;
``link``: ``{"property", "text" | "text_property"}`` — only same-site paths become links),
``legend`` (``{"title", "items": [{"label", "colour", "dashed", "marker_class"}]}``),
``refetch_on_move`` (add ``bbox=minLng,minLat,maxLng,maxLat`` and reload after every pan or zoom),
``fit`` (fit the view to the data once loaded) and ``status`` (``{"one", "other", "none", "truncated"}``,
with ``{count}`` standing for the number of features; ``""`` says nothing) for the live status line.

In the browser, the map element's ``data-weave-state`` is ``loading`` while a request is out or the map is
moving (until the reload a move may cause has begun), then ``loaded`` or ``failed``;
``window.WeaveMap.instances`` lists ``{map, layers}`` for page scripts and tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import folium
import xyzservices
from branca.element import Figure
from folium.elements import JSCSSMixin
from folium.template import Template
from markupsafe import escape

__all__ = [
    "BOUNDARY_ATTRIBUTION",
    "LAYER_KINDS",
    "MapDocument",
    "WeaveMap",
    "add_geojson_layer",
    "asset_url",
    "base_map",
    "config_json",
    "render_document",
    "self_host_plugin",
]

BOUNDARY_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2014; ONS data © Crown copyright"
)
LAYER_KINDS = ("points", "polygons", "lines")
CONFIG_ELEMENT_ID = "weave-map-config"

# Paths under the app's static folder, built from npm by scripts/build-assets.mjs.
LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
CLUSTER_JS = "vendor/leaflet.markercluster/leaflet.markercluster.js"
CLUSTER_CSS = ("vendor/leaflet.markercluster/MarkerCluster.css",
               "vendor/leaflet.markercluster/MarkerCluster.Default.css")
WEAVE_MAP_JS = "js/weave-map.js"
WEAVE_MAP_CSS = "css/weave-map.css"
# Folium plugins Weave uses, with the self-hosted files that replace their CDN links.
PLUGIN_ASSETS = {
    "Draw": ([("leaflet_draw_js", "vendor/leaflet-draw/leaflet.draw.js")],
             [("leaflet_draw_css", "vendor/leaflet-draw/leaflet.draw.css")]),
    "MarkerCluster": ([("markerclusterjs", CLUSTER_JS)],
                      [("markerclustercss", CLUSTER_CSS[0]), ("markerclusterdefaultcss", CLUSTER_CSS[1])]),
}


def asset_url(static_prefix: str, path: str) -> str:
    """``asset_url("/static", "js/weave-map.js")`` → ``"/static/js/weave-map.js"``."""
    return f"{static_prefix.rstrip('/')}/{path}"


def config_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` become ``\\u`` escapes, so no
    ``</script>`` or ``<!--`` can end the element early, whatever strings the data holds."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class MapDocument(Figure):
    """A whole, valid, accessible HTML document for one map, shown in an ``<iframe>``.

    Folium's own Figure has no ``lang``, puts its script after ``</body>`` and has no heading; this one
    gives the document a language, an escaped title and a visually hidden ``<h1>`` (a screen reader
    entering the frame hears what the map is).
    """

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "<title>{{ this.escaped_title }}</title>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        '<h1 class="weave-map-heading">{{ this.escaped_title }}</h1>\n'
        "{{ this.html.render(**kwargs) }}\n"
        "<script{% if this.nonce %} nonce=\"{{ this.nonce }}\"{% endif %}>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, *, title: str):
        super().__init__(title=title)
        self._name = "MapDocument"
        # The charset is declared by our template; Folium's http-equiv meta would duplicate it.
        self.header._children.pop("meta_http", None)
        self.escaped_title = str(escape(title))
        # The page's Content-Security-Policy nonce, set by render_document: the map's one inline script
        # runs under a policy without 'unsafe-inline'.
        self.nonce: str | None = None


class WeaveMap(folium.Map):
    """``folium.Map`` with its assets served by the app and a viewport that lets people zoom the page
    (Folium's ``user-scalable=no`` fails WCAG 1.4.4)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <meta name="viewport" content="width=device-width, initial-scale=1.0">
            <style>
                #{{ this.get_name() }} {
                    position: {{ this.position }};
                    width: {{ this.width[0] }}{{ this.width[1] }};
                    height: {{ this.height[0] }}{{ this.height[1] }};
                    left: {{ this.left[0] }}{{ this.left[1] }};
                    top: {{ this.top[0] }}{{ this.top[1] }};
                }
            </style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map weave-map" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            {%- if this.control_scale %}
            L.control.scale().addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, *, static_prefix: str, title: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.static_prefix = static_prefix
        # Instance lists: folium's add_js_link mutates the list it finds, which would be the class's.
        self.default_js = [("leaflet", asset_url(static_prefix, LEAFLET_JS))]
        self.default_css = [("leaflet_css", asset_url(static_prefix, LEAFLET_CSS))]
        MapDocument(title=title).add_child(self)
        self.data = MapData(static_prefix=static_prefix)

    # branca types Element.render as returning HTML; folium's macro elements (a map included) render into
    # their figure and return None, which is what this does too.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        # The data hook goes last, so weave-map.js meets a map that already has its tiles and controls.
        self._children.pop(self.data.get_name(), None)
        self.add_child(self.data)
        super().render(**kwargs)


class MapData(JSCSSMixin):
    """The JSON configuration of a map's data layers and the hook that hands it to weave-map.js."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <script type="application/json" id="{{ this.element_id }}">{{ this.config_json() }}</script>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            WeaveMap.attach({{ this._parent.get_name() }}, {{ this.element_id|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, *, static_prefix: str):
        super().__init__()
        self._name = "WeaveMapData"
        self.static_prefix = static_prefix
        self.element_id = CONFIG_ELEMENT_ID
        self.layers: list[dict] = []

    def config_json(self) -> str:
        return config_json({"version": 1, "layers": self.layers})

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as WeaveMap.render
        # Assets are chosen at render time: the cluster plugin is only loaded by maps that cluster.
        prefix = self.static_prefix
        js: list[tuple[str, str]] = []
        css: list[tuple[str, str]] = []
        if any(layer.get("cluster") for layer in self.layers):
            js.append(("weave_markercluster_js", asset_url(prefix, CLUSTER_JS)))
            css.extend((f"weave_markercluster_css_{i}", asset_url(prefix, path))
                       for i, path in enumerate(CLUSTER_CSS))
        js.append(("weave_map_js", asset_url(prefix, WEAVE_MAP_JS)))
        css.append(("weave_map_css", asset_url(prefix, WEAVE_MAP_CSS)))
        self.default_js, self.default_css = js, css
        super().render(**kwargs)


def base_map(
    *,
    centre: Sequence[float],
    zoom: int,
    tiles_url: str,
    tiles_attribution: str,
    static_prefix: str,
    title: str,
    boundary_attribution: bool = True,
    min_zoom: int = 10,
    max_zoom: int = 18,
) -> WeaveMap:
    """A map whose Leaflet files come from ``static_prefix`` and whose only outside host is the tile
    server at ``tiles_url`` (a Leaflet URL template; ``tiles_attribution`` is the provider's, as HTML).

    ``title`` names the document and its hidden heading: fixed wording, never user text.

    >>> from community.places import FALLBACK_VIEW
    >>> m = base_map(centre=FALLBACK_VIEW.centre, zoom=13, tiles_url="https://t.example/{z}/{x}/{y}.png",
    ...              tiles_attribution="Tiles", static_prefix="/static", title="A map")
    >>> html = render_document(m)
    >>> "/static/vendor/leaflet/leaflet.js" in html and "cdn" not in html
    True
    """
    lat, lng = centre
    attribution = tiles_attribution
    if boundary_attribution:
        attribution = f"{tiles_attribution} | {escape(BOUNDARY_ATTRIBUTION)}" if attribution else str(
            escape(BOUNDARY_ATTRIBUTION)
        )
    m = WeaveMap(
        static_prefix=static_prefix,
        title=title,
        location=(float(lat), float(lng)),
        zoom_start=int(zoom),
        tiles=None,
        control_scale=True,
    )
    # A map that starts further out than ``min_zoom`` (no wards loaded yet) still gets its tiles.
    folium.TileLayer(
        tiles=_tiles(tiles_url), attr=attribution, min_zoom=min(min_zoom, int(zoom)), max_zoom=max_zoom,
        name="Map tiles",
    ).add_to(m)
    return m


@lru_cache(maxsize=16)
def _tiles(tiles_url: str) -> str | xyzservices.TileProvider:
    """``tiles_url`` as folium takes it without a search. Given a string, folium first looks it up among
    xyzservices' named providers (2.6 ms, a third of a map document's time), which a URL template never
    is; given a provider, it only fills in the template. So the lookup is made once, here, and a URL is
    handed over as a provider of its own that gives the same URL back."""
    try:
        return xyzservices.providers.query_name(tiles_url)
    except ValueError:
        pass
    own = xyzservices.TileProvider(name="Map tiles", url=tiles_url, attribution="")
    try:
        same = own.build_url(fill_subdomain=False, scale_factor="{r}") == tiles_url
    except (KeyError, IndexError, ValueError):
        same = False  # placeholders of its own ({apikey}): leave the URL to folium as it is
    return own if same else tiles_url


def add_geojson_layer(m: WeaveMap, *, url: str, kind: str, name: str, options: dict | None = None) -> dict:
    """Ask weave-map.js to load GeoJSON from ``url`` (a same-site path) and draw it as ``kind``.

    ``name`` is the layer's name in the legend and status line. See the module docstring for
    ``options``. Returns the layer's configuration (already attached to the map).
    """
    if kind not in LAYER_KINDS:
        raise ValueError(f"kind must be one of {', '.join(LAYER_KINDS)}, not {kind!r}")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("url must be a path on this site, like /api/v1/map/posts")
    layer = {**(options or {}), "kind": kind, "url": url, "name": name}
    # A round trip proves the options are plain JSON before the page is built, not in the browser.
    json.dumps(layer)
    m.data.layers.append(layer)
    return layer


def render_document(m: WeaveMap, *, nonce: str | None = None) -> str:
    """The complete HTML document for ``m``; ``nonce`` goes on its inline script (for the page's CSP).

    >>> m = base_map(centre=(51.5, -0.3), zoom=12, static_prefix="/static", title="Test",
    ...              tiles_url="/t/{z}/{x}/{y}.png", tiles_attribution="x")
    >>> '<script nonce="n0nce-abc">' in render_document(m, nonce="n0nce-abc")
    True
    """
    root = m.get_root()
    if nonce is not None and not re.fullmatch(r"[A-Za-z0-9_\-+/=]{8,128}", nonce):
        raise ValueError("a nonce is letters, digits and - _ + / = only")
    root.nonce = nonce  # type: ignore[attr-defined]
    return root.render()


def self_host_plugin(plugin: JSCSSMixin, static_prefix: str) -> JSCSSMixin:
    """Point a Folium plugin (Draw, MarkerCluster) at the app's copies of its files, not a CDN.

    >>> from folium.plugins import Draw
    >>> draw = self_host_plugin(Draw(), "/static")
    >>> draw.default_js
    [('leaflet_draw_js', '/static/vendor/leaflet-draw/leaflet.draw.js')]
    """
    name = type(plugin).__name__
    if name not in PLUGIN_ASSETS:
        raise ValueError(f"No self-hosted files are known for the {name} plugin")
    js, css = PLUGIN_ASSETS[name]
    plugin.default_js = [(key, asset_url(static_prefix, path)) for key, path in js]
    plugin.default_css = [(key, asset_url(static_prefix, path)) for key, path in css]
    return plugin
