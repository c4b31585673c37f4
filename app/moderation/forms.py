"""Moderation forms."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms import BaseForm


class ReportForm(BaseForm):
    reason = TextAreaField(
        "What concerns you?",
        validators=[DataRequired("Enter what concerns you"),
                    Length(max=2000, message="Your concern must be 2,000 characters or fewer")],
        widget=GovTextArea(),
    )
    submit = SubmitField("Send report", widget=GovSubmitInput())


class ModerationForm(BaseForm):
    note = TextAreaField(
        "Note (optional)",
        validators=[Length(max=2000, message="Your note must be 2,000 characters or fewer")],
        widget=GovTextArea(),
    )
    submit = SubmitField("Confirm", widget=GovSubmitInput())
