"""Council connectors: dashboard, coverage, network, introductions and demand."""

from flask import Blueprint

bp = Blueprint("connectors", __name__, url_prefix="/connectors")

from app.connectors import views  # noqa: E402,F401
