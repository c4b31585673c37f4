"""Views for groups."""

from app.groups import bp  # noqa: F401
