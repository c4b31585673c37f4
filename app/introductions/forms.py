"""A coordinator's answer to an introduction."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

from app.forms import BaseForm


class AnswerIntroductionForm(BaseForm):
    decision = RadioField(
        _l("Do you want to meet this group?"),
        choices=[
            SelectChoice("accept", _l("Yes, accept the introduction")),
            SelectChoice("decline", _l("No, decline it")),
        ],
        validators=[InputRequired(_l("Select whether you accept the introduction"))],
        widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Send answer"), widget=GovSubmitInput())
