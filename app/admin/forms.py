"""Admin forms: roles, suspension, the council, its areas and categories, the audit log's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional

from app.auth.forms import Problem
from app.forms import BaseForm
from app.groups.forms import GovDateField
from community.accounts import ROLE_LABELS
from community.models.users import ROLES
from community.places import council_name_problem


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


FILE_LIMIT = 20 * 1024 * 1024


class CouncilForm(BaseForm):
    name = StringField(
        _l("Council name"),
        description=_l("As residents know it, like “Portmere Borough Council”."),
        validators=[DataRequired(_l("Enter the council's name")), Problem(council_name_problem)],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class AreaFileForm(BaseForm):
    file = FileField(
        _l("Boundary file (GeoJSON)"),
        description=_l("Polygons in longitude and latitude (WGS84), with code and name properties such as "
                       "WD23CD and WD23NM. Areas already loaded are matched by code and updated."),
        validators=[FileRequired(_l("Choose a GeoJSON file")),
                    FileSize(FILE_LIMIT, message=_l("The file must be smaller than 20 MB"))],
        widget=GovFileInput(),
    )
    kind = RadioField(
        _l("What the file holds"),
        choices=[SelectChoice("ward", _l("Wards")), SelectChoice("lsoa", _l("LSOAs")),
                 SelectChoice("custom", _l("Other areas"))],
        default="ward",
        validators=[InputRequired(_l("Select what the file holds"))],
        widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Load the boundaries"), widget=GovSubmitInput())


class CategoryFileForm(BaseForm):
    file = FileField(
        _l("Categories file (YAML or CSV)"),
        description=_l("With slug, name, description, sensitive and regulated for each category."),
        validators=[FileRequired(_l("Choose a YAML or CSV file")),
                    FileSize(FILE_LIMIT, message=_l("The file must be smaller than 20 MB"))],
        widget=GovFileInput(),
    )
    submit = SubmitField(_l("Load the categories"), widget=GovSubmitInput())


class CategoryForm(BaseForm):
    name = StringField(
        _l("Name"),
        description=_l("What residents read, like “Lifts and transport”."),
        validators=[DataRequired(_l("Enter a name for the category"))],
        widget=GovTextInput(),
    )
    description = TextAreaField(
        _l("Description (optional)"),
        description=_l("One sentence of examples, shown beside the name."),
        widget=GovTextArea(),
    )
    flags = SelectMultipleField(
        _l("Safeguarding"),
        choices=[
            SelectChoice("sensitive", _l("Sensitive (health-related): shown on public maps only as totals, "
                                         "posted only with explicit consent")),
            SelectChoice("regulated", _l("Regulated activity: only volunteers with an up-to-date enhanced "
                                         "DBS check may take it on")),
        ],
        widget=GovCheckboxesInput(),
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class MoveForm(BaseForm):
    direction = HiddenField(validators=[AnyOf(("up", "down"), message=_l("Choose up or down"))])


class SuspendForm(BaseForm):
    reason = TextAreaField(
        _l("Why is the account being suspended?"),
        description=_l("Recorded in the audit log. The person is not shown it."),
        validators=[DataRequired(_l("Enter why the account is being suspended"))],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Suspend the account"), widget=GovSubmitInput())


class FilterDateField(GovDateField):
    """A date a filter may leave out entirely (the query string then has no value for it at all)."""

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if not self.raw_data:
            self.raw_data = None


class AuditFilterForm(BaseForm):
    """Read from the query string: filtering is a GET, with nothing to protect from forgery."""

    class Meta:
        csrf = False

    actor = StringField(_l("Who did it"), description=_l("Name or email address"), widget=GovTextInput())
    action = SelectField(_l("What they did"), default="", widget=GovSelect())
    target_type = SelectField(_l("What it was done to"), default="", widget=GovSelect())
    target = StringField(_l("To whom"), description=_l("Name or email address, or a number"),
                         widget=GovTextInput())
    date_from = FilterDateField(_l("From"), validators=[Optional()], invalid=_l("Enter a real date"))
    date_to = FilterDateField(_l("To"), validators=[Optional()], invalid=_l("Enter a real date"))
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())
