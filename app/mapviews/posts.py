"""The posts map document."""

from app.mapviews import bp  # noqa: F401
