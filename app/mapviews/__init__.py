"""Map documents, each served on its own to sit in an iframe beside its table twin.

One module per map (posts, groups, coverage, network), each adding routes to ``bp``.
"""

from flask import Blueprint

bp = Blueprint("maps", __name__, url_prefix="/maps")

from app.mapviews import coverage, groups, network, posts  # noqa: E402,F401
