"""The form for a new alert. Shapes only: ``community.alerts.create_subscription`` checks the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect, GovSubmitInput
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField

from app.forms import BaseForm
from app.groups.forms import choices


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def _optional_float(value):
    try:
        return float(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


POST_KINDS = (("needs", _l("New requests for help")), ("offers", _l("New offers of help")))
PLACES = (
    ("near_home", _l("Around my home")),
    ("wards", _l("In wards I choose")),
    ("group_area", _l("Where a group works")),
)
FREQUENCIES = (
    ("immediate", _l("As soon as they are posted")),
    ("daily", _l("Once a day")),
    ("weekly", _l("Once a week")),
)


class AlertForm(BaseForm):
    post_kind = RadioField(_l("What do you want to hear about?"), choices=choices(POST_KINDS),
                           validate_choice=False, widget=GovRadioInput())
    place = RadioField(_l("Where?"), choices=choices(PLACES), validate_choice=False, widget=GovRadioInput())
    radius_km = SelectField(_l("How far from your home?"), coerce=_optional_float, validate_choice=False,
                            description=_l("Only if you chose around your home."), widget=GovSelect())
    area_ids = SelectMultipleField(_l("Which wards?"), coerce=int, validate_choice=False,
                                   description=_l("Only if you chose wards. Select all that apply."),
                                   widget=GovCheckboxesInput())
    group_id = SelectField(_l("Which group?"), coerce=_optional_int, validate_choice=False,
                           description=_l("Only if you chose where a group works."), widget=GovSelect())
    category_ids = SelectMultipleField(_l("Which kinds of help? (optional)"), coerce=int,
                                       validate_choice=False,
                                       description=_l("Select none to hear about every kind."),
                                       widget=GovCheckboxesInput())
    frequency = RadioField(_l("How often?"), choices=choices(FREQUENCIES), validate_choice=False,
                           widget=GovRadioInput())
    submit = SubmitField(_l("Set up the alert"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())
