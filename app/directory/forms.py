"""Forms for the directory: uploading one to import, claiming a listing, making an API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from app.forms import BaseForm, within
from community.directory.claims import MESSAGE
from community.directory.tokens import NAME as TOKEN_NAME

FILE_LIMIT = 20 * 1024 * 1024


class DirectoryUploadForm(BaseForm):
    file = FileField(
        _l("Directory file (ORUK JSON or CSV)"),
        description=_l("An Open Referral UK export (a /services page, or a list of services), or the CSV "
                       "template: community/data/directory-template.csv."),
        validators=[FileRequired(_l("Choose a directory file")),
                    FileSize(FILE_LIMIT, message=_l("The file must be smaller than 20 MB"))],
        widget=GovFileInput(),
    )
    mapping = FileField(
        _l("Mapping file (optional, YAML)"),
        description=_l("Which of your categories each taxonomy term is, and which ward each area is: see "
                       "community/data/directory-mapping.yaml."),
        validators=[FileSize(FILE_LIMIT, message=_l("The file must be smaller than 20 MB"))],
        widget=GovFileInput(),
    )
    submit = SubmitField(_l("Check the file"), widget=GovSubmitInput())


class DirectoryImportForm(BaseForm):
    """The checked file, carried back unchanged to be imported."""

    document = HiddenField(validators=[DataRequired(_l("Upload the directory file again"))])
    filename = HiddenField()
    mapping = HiddenField()
    submit = SubmitField(_l("Import these groups"), widget=GovSubmitInput())


class ClaimForm(BaseForm):
    message = TextAreaField(
        _l("What you do in the group"),
        description=_l("For example, “I am the club’s secretary”. The council reads this before it agrees."),
        validators=[InputRequired(_l("Say what you do in the group, so the council can check")),
                    within(MESSAGE)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Ask to run this listing"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class TokenForm(BaseForm):
    name = StringField(
        _l("Name"),
        description=_l("What it is for, like “ward report script”."),
        validators=[InputRequired(_l("Enter a name for the token, like “ward report script”")),
                    within(TOKEN_NAME)],
        widget=GovTextInput(),
    )
    scope = RadioField(
        _l("What the token may do"),
        choices=[SelectChoice("read", _l("Read only")),
                 SelectChoice("read_write", _l("Read and change, as you can"))],
        validators=[InputRequired(_l("Select what the token may do"))],
        widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Make the token"), widget=GovSubmitInput())
