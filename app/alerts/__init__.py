"""Email alerts and digests: managing one's alerts, one-click unsubscribe, and the emails' words."""

from flask import Blueprint

bp = Blueprint("alerts", __name__)

from app.alerts import feeds, views  # noqa: E402,F401
