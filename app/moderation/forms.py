"""Moderation forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired

from app.forms import BaseForm, within
from community.posts import MODERATION_NOTE, REPORT_REASON


class ReportForm(BaseForm):
    reason = TextAreaField(
        _l("What concerns you?"),
        validators=[DataRequired(_l("Enter what concerns you")),
                    within(REPORT_REASON)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Send report"), widget=GovSubmitInput())


class ModerationForm(BaseForm):
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[within(MODERATION_NOTE)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())
