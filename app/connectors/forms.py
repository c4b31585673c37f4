"""Connector forms. The buttons carry only their CSRF token; filters are plain GET query strings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField

from app.forms import BaseForm, within
from community.insights import INTRODUCTION_NOTE


class StartRunForm(BaseForm):
    """"Run analysis now"."""


class SendIntroductionForm(BaseForm):
    """The confirmation of an introduction: the reason comes from the run's suggestion, the note from the
    connector."""

    note = TextAreaField(_l("A personal note to both groups (optional)"),
                         validators=[within(INTRODUCTION_NOTE)], widget=GovTextArea())
