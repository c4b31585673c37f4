"""Residents' forms. They check shape and say so in GOV.UK words; the services check the rules."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
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

from app.forms import BaseForm, within
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


class GovDateField(Field):
    """Day, month and year boxes; all empty means no date. Messages follow the GOV.UK date pattern."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, *, what: str = "The date", **kwargs) -> None:
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
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            self.data = None
            raise ValueError(f"{self.what} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.what} must be a real date") from None


URGENCY_PAIRS = [(value, URGENCY_LABELS[value]) for value in URGENCIES]
URGENCY_CHOICES = options(URGENCY_PAIRS)
VISIBILITY_CHOICES = options((value, VISIBILITY_LABELS[value]) for value in VISIBILITY_LABELS)
LOCATION_CHOICES = options([("home", "At my home"), ("elsewhere", "Somewhere else")])


class PlaceFields(BaseForm):
    """Where: home, or a ward (the accessible default), refined by a pin, a device or a postcode."""

    location = RadioField(
        "Where is it?", choices=LOCATION_CHOICES, default="home", validate_choice=False,
        validators=[OneOf(("home", "elsewhere", "keep"), "Select where it is")], widget=GovRadioInput(),
    )
    area_id = SelectField("Ward", coerce=optional_int, validate_choice=False, widget=GovSelect())
    postcode = StringField(
        "Postcode (optional)", validators=[Optional(), Length(max=POSTCODE_TYPED_MAX)], widget=GovTextInput()
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
        "Your ward", coerce=optional_int, validate_choice=False,
        validators=[DataRequired("Select your ward")], widget=GovSelect(),
    )
    postcode = StringField(
        "Postcode (optional)", validators=[Optional(), Length(max=POSTCODE_TYPED_MAX)], widget=GovTextInput()
    )
    lat = HiddenField()
    lng = HiddenField()
    submit = SubmitField("Save where you live", widget=GovSubmitInput())


class NeedForm(PlaceFields):
    category_id = SelectField(
        "What kind of help do you need?", coerce=optional_int, validate_choice=False,
        validators=[DataRequired("Select the type of help")], widget=GovSelect(),
    )
    title = StringField(
        "Short title",
        validators=[DataRequired("Enter a short title for what you need"),
                    within(TITLE)],
        widget=GovTextInput(),
    )
    body = TextAreaField(
        "Details", validators=[within(BODY)],
        widget=GovTextArea(),
    )
    urgency = RadioField(
        "How soon do you need help?", choices=URGENCY_CHOICES, validate_choice=False,
        validators=[OneOf(URGENCIES, "Select how soon you need help")], widget=GovRadioInput(),
    )
    needed_by = GovDateField("Needed by (optional)", what="The date you need help by")
    visibility = RadioField(
        "Who can see your request?", choices=VISIBILITY_CHOICES, validate_choice=False,
        widget=GovRadioInput(),
    )
    sensitive_consent = BooleanField(SENSITIVE_CONSENT_TEXT, widget=GovCheckboxInput())
    submit = SubmitField("Ask for help", widget=GovSubmitInput())

    def need_details(self):
        from community.posts import NeedDetails

        return NeedDetails(
            category_id=self.category_id.data, title=self.title.data or "", body=self.body.data or "",
            urgency=self.urgency.data, needed_by=self.needed_by.data,
            visibility=self.visibility.data or None, sensitive_consent=bool(self.sensitive_consent.data),
            location=self.location_choice(),
        )


class OnBehalfNeedForm(NeedForm):
    on_behalf_name = StringField(
        "Their first name",
        validators=[DataRequired("Enter the first name of the person you are posting for"),
                    within(ON_BEHALF_NAME)],
        widget=GovTextInput(),
    )
    on_behalf_contact = StringField(
        "How a helper can reach them through you",
        validators=[DataRequired("Enter how a helper can reach them through you"),
                    Length(max=ON_BEHALF_CONTACT.max)],
        widget=GovTextInput(),
    )
    consent_statement = StringField(
        "How they agreed to this being posted",
        validators=[DataRequired("Enter how they agreed, like “Agreed by phone on 3 March”"),
                    Length(max=CONSENT_STATEMENT.max)],
        widget=GovTextInput(),
    )
    on_behalf_group_id = SelectField(
        "Group you are posting for", coerce=optional_int, validate_choice=False, widget=GovSelect()
    )
    submit = SubmitField("Post for them", widget=GovSubmitInput())


class OfferForm(PlaceFields):
    category_id = SelectField(
        "What kind of help can you offer?", coerce=optional_int, validate_choice=False,
        validators=[DataRequired("Select the type of help")], widget=GovSelect(),
    )
    title = StringField(
        "Short title",
        validators=[DataRequired("Enter a short title for your offer"),
                    within(TITLE)],
        widget=GovTextInput(),
    )
    body = TextAreaField(
        "Details", validators=[within(BODY)],
        widget=GovTextArea(),
    )
    radius_km = StringField(
        "How far will you go, in kilometres?",
        validators=[DataRequired("Enter how far you will go, in kilometres")], widget=GovTextInput(),
    )
    availability = StringField(
        "When are you free? (optional)",
        validators=[within(OFFER_AVAILABILITY)],
        widget=GovTextInput(),
    )
    expires_on = GovDateField("Offer ends on (optional)", what="The date your offer ends")
    group_id = SelectField("Offering with a group? (optional)", coerce=optional_int, validate_choice=False,
                           widget=GovSelect())
    submit = SubmitField("Offer help", widget=GovSubmitInput())

    def validate_radius_km(self, field) -> None:
        if field.data and optional_float(field.data) is None:
            raise ValidationError("How far you will go must be a number, like 2 or 1.5")

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
        "How can you help?",
        validators=[DataRequired("Enter a message saying how you can help"),
                    within(RESPONSE_MESSAGE)],
        widget=GovTextArea(),
    )
    submit = SubmitField("Offer to help", widget=GovSubmitInput())


class NotMetForm(BaseForm):
    reason = TextAreaField(
        "Why was it not met?",
        validators=[DataRequired("Enter why the need was not met"),
                    within(NOT_MET_REASON)],
        widget=GovTextArea(),
    )
    submit = SubmitField("Close as not met", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class NearMeForm(BaseForm):
    """The near-me filters: a GET form, so results can be bookmarked and shared (no CSRF needed)."""

    class Meta:
        csrf = False

    within_km = SelectField("Within", coerce=optional_int, validate_choice=False, widget=GovSelect())
    show = SelectField(
        "Show", validate_choice=False, widget=GovSelect(),
        choices=options([("both", "Needs and offers"), ("needs", "Needs"), ("offers", "Offers")]),
    )
    category_id = SelectField("Type of help", coerce=optional_int, validate_choice=False, widget=GovSelect())
    urgency = SelectField("How soon", validate_choice=False, widget=GovSelect(),
                          choices=options([("", "Any time"), *URGENCY_PAIRS]))
    sort = SelectField("Sort by", validate_choice=False, widget=GovSelect(),
                       choices=options([("distance", "Nearest first"), ("newest", "Newest first")]))
    area_id = SelectField("Around ward", coerce=optional_int, validate_choice=False, widget=GovSelect())
    submit = SubmitField("Update results", widget=GovSubmitInput())
