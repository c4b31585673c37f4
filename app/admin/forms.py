"""Admin forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import HiddenField, RadioField, SelectChoice, SubmitField
from wtforms.validators import AnyOf, DataRequired, InputRequired

from app.forms import BaseForm
from community.accounts import ROLE_LABELS
from community.models.users import ROLES


class ChooseRoleForm(BaseForm):
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
        validators=[InputRequired(_l("Select a role"))],
        widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class ConfirmRoleForm(BaseForm):
    role = HiddenField(
        validators=[DataRequired(_l("Select a role")), AnyOf(ROLES, message=_l("Select a role"))]
    )
    submit = SubmitField(_l("Yes, change the role"), widget=GovSubmitInput())
