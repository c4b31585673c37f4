"""Views for notifications."""

from app.notices import bp  # noqa: F401
