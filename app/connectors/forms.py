"""Connector forms. The buttons carry only their CSRF token; filters are plain GET query strings."""

from __future__ import annotations

from app.forms import BaseForm


class StartRunForm(BaseForm):
    """"Run analysis now"."""


class SendIntroductionForm(BaseForm):
    """The confirmation of an introduction; what is sent comes from the run's suggestion."""
