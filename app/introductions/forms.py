"""A coordinator's answer to an introduction."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

from app.forms import BaseForm


class AnswerIntroductionForm(BaseForm):
    decision = RadioField(
        "Do you want to meet this group?",
        choices=[
            SelectChoice("accept", "Yes, accept the introduction"),
            SelectChoice("decline", "No, decline it"),
        ],
        validators=[InputRequired("Select whether you accept the introduction")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Send answer", widget=GovSubmitInput())
