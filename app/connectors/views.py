"""Views for connectors."""

from app.connectors import bp  # noqa: F401
