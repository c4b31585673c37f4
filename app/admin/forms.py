"""Admin forms."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import HiddenField, RadioField, SelectChoice, SubmitField
from wtforms.validators import AnyOf, DataRequired, InputRequired

from app.forms import BaseForm
from community.accounts import ROLE_LABELS
from community.models.users import ROLES


class ChooseRoleForm(BaseForm):
    role = RadioField(
        "Role",
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
        validators=[InputRequired("Select a role")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ConfirmRoleForm(BaseForm):
    role = HiddenField(validators=[DataRequired("Select a role"), AnyOf(ROLES, message="Select a role")])
    submit = SubmitField("Yes, change the role", widget=GovSubmitInput())
