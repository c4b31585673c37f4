"""Forms for the council's teams: setting them up, referring a resident, escalating, the team queue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import BaseForm, within
from app.residents.forms import OnBehalfNeedForm, optional_int
from community.accounts.users import EMAIL_MAX_LENGTH
from community.council.escalations import (
    ESCALATION_SUMMARY,
    KIND_LABELS,
    OUTCOME_LABELS,
    OUTCOME_NOTE,
    TRANSFER_NOTE,
)
from community.council.referrals import CONSENT_SCOPE_TEXT, CONSENT_TEXT, RETURN_REASON
from community.council.teams import (
    COST_SOURCE,
    DELIVERY_SECRET,
    DELIVERY_URL,
    SERVICE_CODE,
    TEAM_DESCRIPTION,
    TEAM_NAME,
)
from community.models import ConsentScope, EscalationKind, EscalationOutcome


def required_id_select(label, message) -> SelectField:
    """A required choice of one row by id (a team, an officer, a kind of help). The view fills its choices;
    ``message`` is the error when nothing is chosen."""
    return SelectField(label, coerce=optional_int, validate_choice=False, validators=[DataRequired(message)],
                       widget=GovSelect())


class TeamForm(BaseForm):
    name = StringField(
        _l("Team name"),
        validators=[DataRequired(_l("Enter the team's name")), within(TEAM_NAME)],
        widget=GovTextInput(),
    )
    description = TextAreaField(
        _l("What the team does (optional)"), validators=[within(TEAM_DESCRIPTION)], widget=GovTextArea()
    )
    acknowledge_hours = IntegerField(
        _l("Time to acknowledge an escalation, in hours"),
        validators=[
            InputRequired(_l("Enter a number of hours from 1 to 672")),
            NumberRange(1, 672, _l("Enter a number of hours from 1 to 672")),
        ],
        widget=GovTextInput(),
    )
    safeguarding = BooleanField(_l("This team receives safeguarding concerns"), widget=GovCheckboxInput())
    is_default = BooleanField(
        _l("This team receives escalations no routing rule sends elsewhere"), widget=GovCheckboxInput()
    )
    delivery_kind = RadioField(
        _l("Does the team also receive escalations in its own system?"),
        choices=[
            SelectChoice("none", _l("No, only in Weave")),
            SelectChoice("open311", _l("Yes, an Open311 (GeoReport v2) endpoint")),
            SelectChoice("webhook", _l("Yes, a signed webhook")),
        ],
        default="none",
        validators=[InputRequired(_l("Select where the team also receives escalations"))],
        widget=GovRadioInput(),
    )
    delivery_url = StringField(
        _l("Address to send escalations to (optional)"),
        validators=[within(DELIVERY_URL)],
        widget=GovTextInput(),
    )
    delivery_secret = StringField(
        _l("Shared secret or Open311 API key (optional)"),
        validators=[within(DELIVERY_SECRET)],
        widget=GovTextInput(),
    )
    open311_service_code = StringField(
        _l("Open311 service code (optional)"), validators=[within(SERVICE_CODE)], widget=GovTextInput()
    )
    submit = SubmitField(_l("Save the team"), widget=GovSubmitInput())

    def details(self):
        from community.council import TeamDetails

        return TeamDetails(
            name=self.name.data or "",
            description=self.description.data or "",
            acknowledge_hours=self.acknowledge_hours.data,
            safeguarding=bool(self.safeguarding.data),
            is_default=bool(self.is_default.data),
            delivery_kind=self.delivery_kind.data or "none",
            delivery_url=self.delivery_url.data or "",
            delivery_secret=self.delivery_secret.data or "",
            open311_service_code=self.open311_service_code.data or "",
        )


class OfficerForm(BaseForm):
    email = StringField(
        _l("Email address of the officer's Weave account"),
        validators=[DataRequired(_l("Enter an email address")), Length(max=EMAIL_MAX_LENGTH)],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Add to the team"), widget=GovSubmitInput())


class RuleForm(BaseForm):
    category_id = required_id_select(_l("Kind of help"), _l("Select a kind of help"))
    area_id = SelectField(_l("Ward"), coerce=optional_int, validate_choice=False, widget=GovSelect())
    team_id = required_id_select(_l("Team"), _l("Select a team"))
    submit = SubmitField(_l("Save the rule"), widget=GovSubmitInput())


class UnitCostForm(BaseForm):
    category_id = required_id_select(_l("Kind of help"), _l("Select a kind of help"))
    amount = DecimalField(
        _l("Cost of one statutory contact, in pounds (leave empty to remove)"),
        places=2,
        validators=[Optional(), NumberRange(0, 1_000_000, _l("Enter a cost from £0 to £1,000,000"))],
        widget=GovTextInput(),
    )
    source = StringField(
        _l("Where the figure comes from"), validators=[within(COST_SOURCE)], widget=GovTextInput()
    )
    illustrative = BooleanField(
        _l("This figure is illustrative, not the council's own"), widget=GovCheckboxInput()
    )
    submit = SubmitField(_l("Save the cost"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class ReferralForm(OnBehalfNeedForm):
    consent = BooleanField(
        CONSENT_TEXT,
        validators=[DataRequired(_l("Confirm the resident agreed to the wording above"))],
        widget=GovCheckboxInput(),
    )
    consent_scope = RadioField(
        _l("What the resident agreed the council may hear back"),
        choices=[SelectChoice(scope.value, CONSENT_SCOPE_TEXT[scope]) for scope in ConsentScope],
        validate_choice=False,
        validators=[InputRequired(_l("Select what the resident agreed the council may hear"))],
        widget=GovRadioInput(),
    )
    show_team = BooleanField(_l("Say on the request that your team referred it"), widget=GovCheckboxInput())
    submit = SubmitField(_l("Refer them to the community"), widget=GovSubmitInput())


class ReturnForm(BaseForm):
    reason = TextAreaField(
        _l("Why is it back with the council?"),
        validators=[DataRequired(_l("Enter why it is back with the council")), within(RETURN_REASON)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Return it to the council"), widget=GovSubmitInput())


class EscalateForm(BaseForm):
    kind = RadioField(
        _l("What kind of escalation is this?"),
        choices=[SelectChoice(kind.value, KIND_LABELS[kind]) for kind in EscalationKind],
        validate_choice=False,
        validators=[InputRequired(_l("Select what kind of escalation this is"))],
        widget=GovRadioInput(),
    )
    summary = TextAreaField(
        _l("What the council needs to know"),
        validators=[DataRequired(_l("Enter what the council needs to know")), within(ESCALATION_SUMMARY)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Send to the council"), widget=GovSubmitInput())


class AssignForm(BaseForm):
    officer_id = required_id_select(_l("Officer"), _l("Select an officer in this team"))
    submit = SubmitField(_l("Assign"), widget=GovSubmitInput())


class TransferForm(BaseForm):
    team_id = required_id_select(_l("Team to transfer to"), _l("Select another team"))
    note = TextAreaField(
        _l("Why is it going to another team?"),
        validators=[DataRequired(_l("Enter why it is going to another team")), within(TRANSFER_NOTE)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Transfer"), widget=GovSubmitInput())


class ResolveForm(BaseForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[SelectChoice(outcome.value, OUTCOME_LABELS[outcome]) for outcome in EscalationOutcome],
        validate_choice=False,
        validators=[InputRequired(_l("Select the outcome"))],
        widget=GovRadioInput(),
    )
    note = TextAreaField(
        _l("Notes for the team (optional; the person who escalated does not see them)"),
        validators=[within(OUTCOME_NOTE)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Resolve"), widget=GovSubmitInput())
