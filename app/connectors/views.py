"""The connector pages, one module per noun."""

from app.connectors import coverage, dashboard, demand, introductions, network, runs  # noqa: F401
