"""The network map document (connectors only), shown in an iframe on the network page."""

from __future__ import annotations

from flask import current_app, request, url_for

from app.database import db_session
from app.headers import csp_nonce
from app.mapviews import bp
from app.mapviews.coverage import map_response, require_connector_page
from community.places import wards_view
from maps.base import render_document
from maps.network import network_map


@bp.get("/network")
def network():
    refused = require_connector_page()
    if refused is not None:
        return refused
    run = request.args.get("run", type=int)
    view = wards_view(db_session())
    m = network_map(
        centre=view.centre,
        zoom=view.zoom,
        groups_url=url_for("api.network_map_groups", run=run),
        links_url=url_for("api.network_map_links", run=run),
        wards_url=url_for("api.groups_map_wards"),
        tiles_url=current_app.config["MAP_TILES_URL"],
        tiles_attribution=current_app.config["MAP_TILES_ATTRIBUTION"],
        static_prefix=url_for("static", filename="").rstrip("/"),
    )
    return map_response(render_document(m, nonce=csp_nonce()))
