"""API: the network analysis — brokers, gaps, introductions, runs, and the network map's GeoJSON.
Connectors only. Lists come from the latest finished run unless ``?run=<id>`` names another."""

from __future__ import annotations

from flask import jsonify, request, url_for

from app.api import bp
from app.api.common import ApiError, api_view, committed, require_connector
from app.connectors.common import audit_view, run_summary
from app.database import db_session
from app.errors import problem
from app.jobs import enqueue_analysis
from community.insights import (
    brokers,
    create_run,
    gaps,
    latest_finished_run,
    list_runs,
    list_sent_introductions,
    network_map,
    reap_stalled_runs,
    run_results,
    suggestions,
)
from community.models import AnalysisRun


def _chosen_run() -> tuple[AnalysisRun | None, dict]:
    session = db_session()
    run_id = request.args.get("run")
    if run_id is None:
        run = latest_finished_run(session)
    else:
        # A number no id can be (past a database integer) gives None here, as text does.
        number = request.args.get("run", type=int) if run_id.isdigit() else None
        run = session.get(AnalysisRun, number) if number is not None else None
        if run is None or run.status != "finished":
            raise ApiError(problem(404, "Not Found", "No finished analysis run with that id"))
    return run, run_results(run) or {}


def _envelope(run: AnalysisRun | None, **lists) -> dict:
    return {"run": run_summary(run) if run else None, **lists}


@bp.get("/network/brokers")
@api_view
def network_brokers():
    require_connector()
    run, results = _chosen_run()
    return jsonify(_envelope(run, brokers=brokers(results)))


@bp.get("/network/gaps")
@api_view
def network_gaps():
    require_connector()
    run, results = _chosen_run()
    found = gaps(results)

    def audit(session):
        # Gaps about residents name them and what they asked for: each is a view of their details.
        for gap in found:
            if gap.user_id is not None:
                audit_view(session, target_type="user", target_id=gap.user_id,
                           detail=f"connector fetched gap {gap.number} through the API")

    committed(audit)
    return jsonify(_envelope(run, gaps=[
        {"number": g.number, "kind": g.kind, "kind_label": g.kind_label, "title": g.title, "reason": g.reason,
         "groups": list(g.groups), "person": g.person, "cell": list(g.cell) if g.cell else None}
        for g in found
    ]))


@bp.get("/network/introductions")
@api_view
def network_introductions():
    require_connector()
    run, results = _chosen_run()
    sent = [
        {"id": i.id, "group_a": i.group_a_id, "group_b": i.group_b_id, "status": i.status, "reason": i.reason,
         "created_at": i.created_at.isoformat(), "analysis_run": i.analysis_run_id}
        for i in list_sent_introductions(db_session())
    ]
    suggested = [
        {"number": s.number, "a": s.a, "b": s.b, "a_label": s.a_label, "b_label": s.b_label, "score": s.score,
         "reason": s.reason, "introducer": s.introducer, "introducer_label": s.introducer_label or None}
        for s in suggestions(results)
    ]
    return jsonify(_envelope(run, suggested=suggested, sent=sent))


@bp.get("/network/runs")
@api_view
def network_runs():
    require_connector()
    return jsonify({"runs": [run_summary(run) for run in list_runs(db_session())]})


@bp.post("/network/runs")
@api_view
def network_start_run():
    user = require_connector()
    run = committed(lambda s: create_run(s, created_by=user))
    fresh = run.status == "queued" and run.started_at is None
    if fresh:
        enqueue_analysis(run.id)
    response = jsonify(run_summary(run))
    response.status_code = 202
    response.headers["Location"] = url_for("api.network_run", run_id=run.id)
    return response


@bp.get("/network/runs/<int:run_id>")
@api_view
def network_run(run_id: int):
    require_connector()
    committed(reap_stalled_runs)  # a run whose process died reads as failed, with the reason
    run = db_session().get(AnalysisRun, run_id)
    if run is None:
        raise ApiError(problem(404, "Not Found", "No analysis run with that id"))
    return jsonify(run_summary(run))


def _geojson(features: list) -> object:
    response = jsonify({"type": "FeatureCollection", "truncated": False, "features": features})
    response.mimetype = "application/geo+json"
    return response


@bp.get("/network/map/groups")
@api_view
def network_map_groups():
    """Open groups with a base, as points; brokers flagged."""
    require_connector()
    _run, results = _chosen_run()
    groups, _links = network_map(db_session(), results)
    return _geojson([
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [g.lng, g.lat]},
         "properties": {"name": g.name, "label": f"{g.name}{' (broker)' if g.broker else ''}",
                        "broker": g.broker, "kind": "broker" if g.broker else "group",
                        "partners": g.partners, "suggested": g.suggested}}
        for g in groups if g.lat is not None and g.lng is not None
    ])


@bp.get("/network/map/links")
@api_view
def network_map_links():
    """Active partnerships and the run's suggested introductions, as lines between group bases."""
    require_connector()
    _run, results = _chosen_run()
    groups, links = network_map(db_session(), results)
    where = {g.id: (g.lng, g.lat) for g in groups if g.lat is not None and g.lng is not None}
    return _geojson([
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [where[link.a], where[link.b]]},
         "properties": {"label": link.label, "kind": link.kind, "suggested": link.kind == "suggested"}}
        for link in links if link.a in where and link.b in where
    ])


_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_ERRORS = {
    "401": {"description": "Not signed in", "content": _PROBLEM},
    "403": {"description": "Not a council connector", "content": _PROBLEM},
}
_RUN = {"name": "run", "in": "query", "schema": {"type": "integer"},
        "description": "A finished run's id (default: the latest finished run)"}
_NOT_FOUND = {"404": {"description": "No finished run with that id", "content": _PROBLEM}}


def _get(summary: str, description: str, schema: dict, *, run_param: bool = True,
         media_type: str = "application/json") -> dict:
    return {
        "get": {
            "summary": summary,
            "tags": ["connectors"],
            "parameters": [_RUN] if run_param else [],
            "responses": {
                "200": {"description": description, "content": {media_type: {"schema": schema}}},
                **_ERRORS,
                **(_NOT_FOUND if run_param else {}),
            },
        }
    }


_RUN_SCHEMA = {"$ref": "#/components/schemas/AnalysisRun"}
OPENAPI_SCHEMAS = {
    "AnalysisRun": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["queued", "running", "finished", "failed"]},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "stage": {"type": "string"},
            "error": {"type": ["string", "null"], "description": "Why a failed run failed"},
            "finished": {"type": "boolean"},
            "fingerprint": {"type": ["string", "null"]},
            "parameters": {"type": "object"},
        },
    },
    "NetworkList": {
        "type": "object",
        "description": "The run the list comes from (null before the first finished run) and the list",
        "properties": {"run": {"oneOf": [_RUN_SCHEMA, {"type": "null"}]}},
        "additionalProperties": {"type": "array", "items": {"type": "object"}},
    },
}
_LIST = {"$ref": "#/components/schemas/NetworkList"}
_FEATURES = {"type": "object", "description": "A GeoJSON FeatureCollection"}

OPENAPI_PATHS = {
    "/network/brokers": _get("Brokers, each with its plain-language reason (connectors only)",
                             "Brokers by betweenness, with constraint and effective size", _LIST),
    "/network/gaps": _get("Gaps: structural holes, isolated groups, unconnected residents, coverage gaps",
                          "The gaps, numbered as the pages number them", _LIST),
    "/network/introductions": _get("Suggested introductions and the introductions already sent",
                                   "Suggestions (best first) and sent introductions", _LIST),
    "/network/runs": {
        **_get("The latest analysis runs", "Runs, newest first",
               {"type": "object", "properties": {"runs": {"type": "array", "items": _RUN_SCHEMA}}},
               run_param=False),
        "post": {
            "summary": "Queue an analysis run (or get the one already queued or running)",
            "tags": ["connectors"],
            "responses": {
                "202": {"description": "Queued; poll the Location", "content": {
                    "application/json": {"schema": _RUN_SCHEMA}}},
                **_ERRORS,
            },
        },
    },
    "/network/runs/{run_id}": {
        "get": {
            "summary": "One run's status and progress",
            "tags": ["connectors"],
            "parameters": [{"name": "run_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": {"description": "The run", "content": {"application/json": {"schema": _RUN_SCHEMA}}},
                **_ERRORS,
                "404": {"description": "No such run", "content": _PROBLEM},
            },
        }
    },
    "/network/map/groups": _get("Groups at their base as GeoJSON points, brokers flagged", "Points",
                                _FEATURES, media_type="application/geo+json"),
    "/network/map/links": _get("Partnerships and suggested introductions as GeoJSON lines", "Lines",
                               _FEATURES, media_type="application/geo+json"),
}
