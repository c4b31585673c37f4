from __future__ import annotations

from flask import render_template

from app.main import bp


@bp.get("/")
def home():
    return render_template("main/home.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.get("/boundary-data")
def data_attribution():
    return render_template("main/boundary_data.html")


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
