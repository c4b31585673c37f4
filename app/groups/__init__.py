"""Community groups: running a group, membership, volunteers, the board and partnerships."""

from flask import Blueprint

bp = Blueprint("groups", __name__)

from app.groups import views  # noqa: E402,F401
