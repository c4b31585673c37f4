"""API: offers."""

from app.api import bp  # noqa: F401

OPENAPI_PATHS: dict = {}
