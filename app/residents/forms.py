"""Residents' forms. They check shape and say so in GOV.UK words; the services check the rules."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
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
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import BaseForm, GovDateBoxes, within
from community.models.posts import URGENCIES
from community.places import POSTCODE_TYPED_MAX
from community.posts import (
    BODY,
    CONSENT_STATEMENT,
    NOT_MET_REASON,
    OFFER_AVAILABILITY,
    ON_BEHALF_CONTACT,
    ON_BEHALF_NAME,
    RESPONSE_MESSAGE,
    SENSITIVE_CONSENT_ON_BEHALF_TEXT,
    SENSITIVE_CONSENT_TEXT,
    TITLE,
    URGENCY_LABELS,
    VISIBILITY_LABELS,
)


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_int(value) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def optional_float(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and number == number else None  # NaN is not a place


class OneOf:
    """A radio answer from the list, with the question's own message when none was chosen."""

    def __init__(self, values, message: str) -> None:
        self.values, self.message = tuple(values), message

    def __call__(self, form, field) -> None:
        if field.data not in self.values:
            raise ValidationError(self.message)


# One whole sentence per combination of missing boxes, so that each can be translated as a sentence.
MISSING_DATE_PARTS = {
    ("day",): _l("%(what)s must include a day"),
    ("month",): _l("%(what)s must include a month"),
    ("year",): _l("%(what)s must include a year"),
    ("day", "month"): _l("%(what)s must include a day and month"),
    ("day", "year"): _l("%(what)s must include a day and year"),
    ("month", "year"): _l("%(what)s must include a month and year"),
}


class GovDateField(Field):
    """Day, month and year boxes; all empty means no date. Messages follow the GOV.UK date pattern."""

    widget = GovDateBoxes()

    def __init__(self, label=None, validators=None, *, what: str = _l("The date"), **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.what = what

    def _value(self) -> str:
        return self.data.strftime("%d %m %Y") if self.data else ""

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        parts = [(v or "").strip() for v in (list(valuelist) + ["", "", ""])[:3]]
        if not any(parts):
            self.data = None
            return
        missing = tuple(name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part)
        if missing:
            self.data = None
            raise ValueError(str(MISSING_DATE_PARTS[missing]) % {"what": self.what})
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(gettext("%(what)s must be a real date", what=self.what)) from None


URGENCY_PAIRS = [(value, URGENCY_LABELS[value]) for value in URGENCIES]
URGENCY_CHOICES = options(URGENCY_PAIRS)
VISIBILITY_CHOICES = options((value, VISIBILITY_LABELS[value]) for value in VISIBILITY_LABELS)
LOCATION_CHOICES = options([("home", _l("At my home")), ("elsewhere", _l("Somewhere else"))])


class PlaceFields(BaseForm):
    """Where: home, or a ward (the accessible default), refined by a pin, a device or a postcode."""

    location = RadioField(
        _l("Where is it?"), choices=LOCATION_CHOICES, default="home", validate_choice=False,
        validators=[OneOf(("home", "elsewhere", "keep"), _l("Select where it is"))], widget=GovRadioInput(),
    )
    area_id = SelectField(_l("Ward"), coerce=optional_int, validate_choice=False, widget=GovSelect())
    postcode = StringField(
        _l("Postcode (optional)"), validators=[Optional(), Length(max=POSTCODE_TYPED_MAX)],
        widget=GovTextInput(),
    )
    lat = HiddenField()
    lng = HiddenField()

    def location_choice(self):
        from community.posts import LocationChoice

        if self.location.data == "keep":
            return None
        if self.location.data == "home":
            return LocationChoice(use_home=True)
        return LocationChoice(
            use_home=False, area_id=self.area_id.data, postcode=self.postcode.data or None,
            lat=optional_float(self.lat.data), lng=optional_float(self.lng.data),
        )


class HomeLocationForm(BaseForm):
    area_id = SelectField(
        _l("Your ward"), coerce=optional_int, validate_choice=False,
        validators=[DataRequired(_l("Select your ward"))], widget=GovSelect(),
    )
    postcode = StringField(
        _l("Postcode (optional)"), validators=[Optional(), Length(max=POSTCODE_TYPED_MAX)],
        widget=GovTextInput(),
    )
    lat = HiddenField()
    lng = HiddenField()
    submit = SubmitField(_l("Save where you live"), widget=GovSubmitInput())


class NeedForm(PlaceFields):
    category_id = SelectField(
        _l("What kind of help do you need?"), coerce=optional_int, validate_choice=False,
        validators=[DataRequired(_l("Select the type of help"))], widget=GovSelect(),
    )
    title = StringField(
        _l("Short title"),
        validators=[DataRequired(_l("Enter a short title for what you need")),
                    within(TITLE)],
        widget=GovTextInput(),
    )
    body = TextAreaField(
        _l("Details"), validators=[within(BODY)],
        widget=GovTextArea(),
    )
    urgency = RadioField(
        _l("How soon do you need help?"), choices=URGENCY_CHOICES, validate_choice=False,
        validators=[OneOf(URGENCIES, _l("Select how soon you need help"))], widget=GovRadioInput(),
    )
    needed_by = GovDateField(_l("Needed by (optional)"), what=_l("The date you need help by"))
    visibility = RadioField(
        _l("Who can see your request?"), choices=VISIBILITY_CHOICES, validate_choice=False,
        widget=GovRadioInput(),
    )
    sensitive_consent = BooleanField(SENSITIVE_CONSENT_TEXT, widget=GovCheckboxInput())
    submit = SubmitField(_l("Ask for help"), widget=GovSubmitInput())

    def need_details(self):
        from community.posts import NeedDetails

        return NeedDetails(
            category_id=self.category_id.data, title=self.title.data or "", body=self.body.data or "",
            urgency=self.urgency.data, needed_by=self.needed_by.data,
            visibility=self.visibility.data or None, sensitive_consent=bool(self.sensitive_consent.data),
            location=self.location_choice(),
        )


class SomeoneElsesNeedForm(NeedForm):
    """A need for a person who is not online, in words about them; it is never at the poster's home."""

    location = RadioField(
        _l("Where do they need help?"), choices=options([("elsewhere", _l("In a ward you choose"))]),
        default="elsewhere", validate_choice=False,
        validators=[OneOf(("elsewhere", "keep"), _l("Choose the ward where they need help"))],
        widget=GovRadioInput(),
    )
    category_id = SelectField(
        _l("What kind of help do they need?"), coerce=optional_int, validate_choice=False,
        validators=[DataRequired(_l("Select the type of help"))], widget=GovSelect(),
    )
    urgency = RadioField(
        _l("How soon do they need help?"), choices=URGENCY_CHOICES, validate_choice=False,
        validators=[OneOf(URGENCIES, _l("Select how soon they need help"))], widget=GovRadioInput(),
    )
    needed_by = GovDateField(_l("Needed by (optional)"), what=_l("The date they need help by"))
    visibility = RadioField(
        _l("Who can see the request?"), choices=VISIBILITY_CHOICES, validate_choice=False,
        widget=GovRadioInput(),
    )
    sensitive_consent = BooleanField(SENSITIVE_CONSENT_ON_BEHALF_TEXT, widget=GovCheckboxInput())


class OnBehalfNeedForm(SomeoneElsesNeedForm):
    on_behalf_name = StringField(
        _l("Their first name"),
        validators=[DataRequired(_l("Enter the first name of the person you are posting for")),
                    within(ON_BEHALF_NAME)],
        widget=GovTextInput(),
    )
    on_behalf_contact = StringField(
        _l("How a helper can reach them through you"),
        validators=[DataRequired(_l("Enter how a helper can reach them through you")),
                    Length(max=ON_BEHALF_CONTACT.max)],
        widget=GovTextInput(),
    )
    consent_statement = StringField(
        _l("How they agreed to this being posted"),
        validators=[DataRequired(_l("Enter how they agreed, like “Agreed by phone on 3 March”")),
                    Length(max=CONSENT_STATEMENT.max)],
        widget=GovTextInput(),
    )
    on_behalf_group_id = SelectField(
        _l("Group you are posting for"), coerce=optional_int, validate_choice=False, widget=GovSelect()
    )
    submit = SubmitField(_l("Post for them"), widget=GovSubmitInput())


class OfferForm(PlaceFields):
    category_id = SelectField(
        _l("What kind of help can you offer?"), coerce=optional_int, validate_choice=False,
        validators=[DataRequired(_l("Select the type of help"))], widget=GovSelect(),
    )
    title = StringField(
        _l("Short title"),
        validators=[DataRequired(_l("Enter a short title for your offer")),
                    within(TITLE)],
        widget=GovTextInput(),
    )
    body = TextAreaField(
        _l("Details"), validators=[within(BODY)],
        widget=GovTextArea(),
    )
    radius_km = StringField(
        _l("How far will you go, in kilometres?"),
        validators=[DataRequired(_l("Enter how far you will go, in kilometres"))], widget=GovTextInput(),
    )
    availability = StringField(
        _l("When are you free? (optional)"),
        validators=[within(OFFER_AVAILABILITY)],
        widget=GovTextInput(),
    )
    expires_on = GovDateField(_l("Offer ends on (optional)"), what=_l("The date your offer ends"))
    group_id = SelectField(_l("Offering with a group? (optional)"), coerce=optional_int,
                           validate_choice=False,
                           widget=GovSelect())
    submit = SubmitField(_l("Offer help"), widget=GovSubmitInput())

    def validate_radius_km(self, field) -> None:
        if field.data and optional_float(field.data) is None:
            raise ValidationError(_l("How far you will go must be a number, like 2 or 1.5"))

    def offer_details(self):
        from community.posts import OfferDetails

        return OfferDetails(
            category_id=self.category_id.data, title=self.title.data or "", body=self.body.data or "",
            radius_km=optional_float(self.radius_km.data), availability=self.availability.data or "",
            expires_on=self.expires_on.data, group_id=self.group_id.data,
            location=self.location_choice(),
        )


class RespondForm(BaseForm):
    message = TextAreaField(
        _l("How can you help?"),
        validators=[DataRequired(_l("Enter a message saying how you can help")),
                    within(RESPONSE_MESSAGE)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Offer to help"), widget=GovSubmitInput())


class NotMetForm(BaseForm):
    reason = TextAreaField(
        _l("Why was it not met?"),
        validators=[DataRequired(_l("Enter why the need was not met")),
                    within(NOT_MET_REASON)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Close as not met"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class NearMeForm(BaseForm):
    """The near-me filters: a GET form, so results can be bookmarked and shared (no CSRF needed)."""

    class Meta:
        csrf = False

    within_km = SelectField(_l("Within"), coerce=optional_int, validate_choice=False, widget=GovSelect())
    show = SelectField(
        _l("Show"), validate_choice=False, widget=GovSelect(),
        choices=options([("both", _l("Needs and offers")), ("needs", _l("Needs")), ("offers", _l("Offers"))]),
    )
    category_id = SelectField(
        _l("Type of help"), coerce=optional_int, validate_choice=False, widget=GovSelect()
    )
    urgency = SelectField(_l("How soon"), validate_choice=False, widget=GovSelect(),
                          choices=options([("", _l("Any time")), *URGENCY_PAIRS]))
    sort = SelectField(_l("Sort by"), validate_choice=False, widget=GovSelect(),
                       choices=options([("distance", _l("Nearest first")), ("newest", _l("Newest first"))]))
    area_id = SelectField(_l("Around ward"), coerce=optional_int, validate_choice=False, widget=GovSelect())
    submit = SubmitField(_l("Update results"), widget=GovSubmitInput())
