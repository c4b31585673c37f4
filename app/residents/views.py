"""Views for residents."""

from app.residents import bp  # noqa: F401
