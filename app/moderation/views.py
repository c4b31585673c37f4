"""Views for moderation."""

from app.moderation import bp  # noqa: F401
