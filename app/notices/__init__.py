"""In-app notifications: the list, marking as read, and the unread count in the header."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notices import views  # noqa: E402,F401
