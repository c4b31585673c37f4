"""Views for introductions."""

from app.introductions import bp  # noqa: F401
