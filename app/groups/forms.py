"""Group forms. They check the shape of what was typed; ``community`` services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional

from app.forms import BaseForm, GovDateBoxes, within
from community.groups import (
    AVAILABILITY,
    DBS_LEVEL_LABELS,
    KIND_LABELS,
    PARTNERSHIP_KIND_LABELS,
    PARTNERSHIP_MESSAGE,
    REFERRAL_NOTE,
    ROLE_LABELS,
)


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants ``SelectChoice`` objects, not (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class GovDateField(DateField):
    """Day, month and year boxes, with a GOV.UK message when they do not make a date."""

    def __init__(self, label=None, validators=None, *, invalid: str, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", widget=GovDateBoxes(), **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        if valuelist and not any(part.strip() for part in valuelist):
            self.data = None
            return
        try:
            super().process_formdata([" ".join(part.strip() for part in valuelist)])
        except ValueError:
            self.data = None
            raise ValueError(self.invalid) from None


class GroupForm(BaseForm):
    # No "required" checks here: the service reports every problem at once, with the same messages.
    name = StringField(_l("Name of the group"), widget=GovTextInput())
    description = TextAreaField(
        _l("What the group does"),
        description=_l("Say who you help and how. This is shown to everyone."),
        widget=GovTextArea(),
    )
    kind = RadioField(
        _l("Kind of group"),
        choices=choices(KIND_LABELS.items()),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    category_ids = SelectMultipleField(
        _l("Kinds of help the group gives"), coerce=int, description=_l("Select all that apply."),
        widget=GovCheckboxesInput(),
    )
    area_ids = SelectMultipleField(
        _l("Wards the group works in"), coerce=int, description=_l("Select all that apply."),
        widget=GovCheckboxesInput(),
    )
    drawn_area = TextAreaField(
        _l("Drawn area (optional)"),
        description=_l("Filled in when you draw on the map. You can also paste a GeoJSON polygon here, "
        "or clear it to remove the drawn area."),
        validators=[Optional()],
        widget=GovTextArea(),
    )
    base_area_id = SelectField(_l("Ward where the group is based (optional)"), coerce=_optional_int,
                               validators=[Optional()], widget=GovSelect())
    base_postcode = StringField(
        _l("Postcode of the group’s base (optional)"),
        description=_l("For example, your community centre. This is shown on the map: "
        "do not give a home address."),
        validators=[Optional()],
        widget=GovTextInput(),
    )
    contact_email = StringField(_l("Email address"), validators=[Optional()], widget=GovTextInput())
    contact_phone = StringField(_l("Telephone"), validators=[Optional()], widget=GovTextInput())
    website = StringField(_l("Website"), validators=[Optional()], widget=GovTextInput())
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    """A button and its CSRF token: for actions confirmed on their own page."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class RoleForm(BaseForm):
    role = RadioField(
        _l("Role"), choices=choices(ROLE_LABELS.items()),
        validators=[InputRequired(_l("Select coordinator or volunteer"))], widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Save role"), widget=GovSubmitInput())


class VolunteerDetailsForm(BaseForm):
    category_ids = SelectMultipleField(_l("What you can help with"), coerce=int,
                                       description=_l("Select all that apply."), widget=GovCheckboxesInput())
    availability = StringField(
        _l("When you can help"),
        description=_l("For example, weekday evenings and Saturday mornings."),
        validators=[Optional(), within(AVAILABILITY)],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Save your details"), widget=GovSubmitInput())


class DbsForm(BaseForm):
    level = RadioField(
        _l("Level of check"),
        choices=choices(DBS_LEVEL_LABELS.items()),
        validators=[InputRequired(_l("Select the level of the DBS check"))],
        widget=GovRadioInput(),
    )
    checked_on = GovDateField(
        _l("Date on the certificate"),
        description=_l("For example, 27 3 2025"),
        validators=[InputRequired(_l("Enter the date on the DBS certificate"))],
        invalid=_l("The date on the certificate must be a real date"),
    )
    expires_on = GovDateField(
        _l("Treat the check as expired on"),
        description=_l("Your group’s policy decides this: often 3 years after the date on the certificate."),
        validators=[InputRequired(_l("Enter the date the group will treat the check as expired"))],
        invalid=_l("The expiry date must be a real date"),
    )
    submit = SubmitField(_l("Record the check"), widget=GovSubmitInput())


class AssignForm(BaseForm):
    assignee = RadioField(_l("Who will help?"), coerce=_optional_int,
                          validators=[InputRequired(_l("Select who will help"))], widget=GovRadioInput())
    submit = SubmitField(_l("Assign"), widget=GovSubmitInput())


class ProgressForm(BaseForm):
    outcome = RadioField(
        _l("What happened?"),
        choices=choices([("met", _l("The need was met")), ("not_met", _l("The need could not be met"))]),
        validators=[InputRequired(_l("Select whether the need was met"))],
        widget=GovRadioInput(),
    )
    reason = StringField(
        _l("If it could not be met, why not?"), validators=[Optional()], widget=GovTextInput()
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class ReferForm(BaseForm):
    partner_group_id = RadioField(_l("Partner group"), coerce=_optional_int,
                                  validators=[InputRequired(_l("Select one of your partner groups"))],
                                  widget=GovRadioInput())
    note = TextAreaField(
        _l("Note for the partner group"),
        description=_l("Say why you are referring it. Do not include the person’s contact details."),
        validators=[InputRequired(_l("Enter a note for the partner group")),
                    within(REFERRAL_NOTE)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Refer the need"), widget=GovSubmitInput())


class ProposeForm(BaseForm):
    # The choices are one page of search results; the service checks the group that comes back.
    to_group_id = RadioField(_l("Which group do you want to work with?"), coerce=_optional_int,
                             validate_choice=False,
                             validators=[InputRequired(_l("Select the group you want to work with"))],
                             widget=GovRadioInput())
    kind = RadioField(_l("How will you work together?"), choices=choices(PARTNERSHIP_KIND_LABELS.items()),
                      validators=[InputRequired(_l("Select how the groups will work together"))],
                      widget=GovRadioInput())
    note = TextAreaField(
        _l("Message (optional)"),
        validators=[Optional(), within(PARTNERSHIP_MESSAGE)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Propose partnership"), widget=GovSubmitInput())
