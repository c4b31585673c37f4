"""JSON API under /api/v1. Each feature adds a module here with its routes and its OpenAPI paths.

A feature module defines routes on ``bp`` and a module-level ``OPENAPI_PATHS`` (and optionally
``OPENAPI_SCHEMAS``) dict; list it in ``FEATURE_MODULES`` and the OpenAPI document picks it up.
Errors are RFC 9457 problem bodies (``app.errors.problem``).
"""

from __future__ import annotations

import importlib

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Feature modules, in the order their paths appear in the OpenAPI document.
FEATURE_MODULES: tuple[str, ...] = (
    "app.api.openapi",
    "app.api.needs",
    "app.api.offers",
    "app.api.map_posts",
    "app.api.groups",
    "app.api.coverage",
    "app.api.network",
    "app.api.directory",
)


def load_feature_modules() -> list:
    return [importlib.import_module(name) for name in FEATURE_MODULES]


load_feature_modules()
