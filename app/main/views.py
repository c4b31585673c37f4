"""The home page, the service's own information pages and the health check."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.database import db_session
from app.main import bp
from community.groups import list_coordinated_groups
from community.insights import get_council_overview
from community.personal_data import AUDIT_YEARS, CLOSED_POSTS_YEARS


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return render_template("main/home.html")
    session = db_session()
    return render_template(
        "main/home.html",
        groups=list_coordinated_groups(session, user=current_user),
        overview=get_council_overview(session) if current_user.is_connector else None,
    )


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")


@bp.get("/privacy")
def privacy():
    # The periods come from the code that enforces them (``flask retention apply``).
    return render_template("main/privacy.html", closed_posts_years=CLOSED_POSTS_YEARS,
                           audit_years=AUDIT_YEARS)


@bp.get("/boundary-data")
def data_attribution():
    return render_template("main/boundary_data.html")


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
