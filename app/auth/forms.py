"""Account forms. They check the shape of what was typed, with the domain's own rules and messages,
so that every problem shows at once; the services check again and add the business rules."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from app.forms import BaseForm
from community.accounts import (
    MIN_PASSWORD_LENGTH,
    email_problem,
    name_problem,
    password_problem,
    phone_problem,
)

PASSWORD_HINT = _l(
    "Use at least %(min)s characters. Three or four unrelated words make a password that is "
    "strong and easy to remember. Spaces are fine.",
    min=MIN_PASSWORD_LENGTH,
)


class Problem:
    """A WTForms validator that asks a domain ``*_problem`` function for its message."""

    def __init__(self, check: Callable[[str], str | None]) -> None:
        self.check = check

    def __call__(self, form, field) -> None:
        message = self.check(field.data)
        if message:
            raise ValidationError(message)


class RegisterForm(BaseForm):
    display_name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name")), Problem(name_problem)],
        widget=GovTextInput(),
    )
    email = StringField(
        _l("Email address"),
        description=_l("You will use this to sign in."),
        validators=[DataRequired(_l("Enter your email address")), Problem(email_problem)],
        widget=GovTextInput(),
    )
    password = PasswordField(
        _l("Create a password"),
        description=PASSWORD_HINT,
        keep_whitespace=True,
        validators=[DataRequired(_l("Enter a password")), Problem(password_problem)],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Create account"), widget=GovSubmitInput())


class SignInForm(BaseForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address")), Problem(email_problem)],
        widget=GovTextInput(),
    )
    password = PasswordField(
        _l("Password"),
        keep_whitespace=True,
        validators=[DataRequired(_l("Enter your password"))],
        widget=GovPasswordInput(),
    )
    remember = BooleanField(_l("Keep me signed in on this device"), widget=GovCheckboxInput())
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class SignOutForm(BaseForm):
    submit = SubmitField(_l("Sign out"), widget=GovSubmitInput())


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"),
        keep_whitespace=True,
        validators=[DataRequired(_l("Enter your current password"))],
        widget=GovPasswordInput(),
    )
    new_password = PasswordField(
        _l("New password"),
        description=PASSWORD_HINT,
        keep_whitespace=True,
        # The service checks the rules, together with the current password, so both show at once.
        validators=[DataRequired(_l("Enter a new password"))],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class DeleteAccountForm(BaseForm):
    password = PasswordField(
        _l("Your password"),
        description=_l("To make sure it is you, enter the password you use to sign in."),
        keep_whitespace=True,
        validators=[DataRequired(_l("Enter your password"))],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Delete my account"), widget=GovSubmitInput())


class ForgotPasswordForm(BaseForm):
    email = StringField(
        _l("Email address"),
        description=_l("The address you use to sign in. We will email you a link to choose a new password."),
        validators=[DataRequired(_l("Enter your email address")), Problem(email_problem)],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Send the link"), widget=GovSubmitInput())


class ResetPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        description=PASSWORD_HINT,
        keep_whitespace=True,
        validators=[DataRequired(_l("Enter a new password")), Problem(password_problem)],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class ConfirmEmailForm(BaseForm):
    submit = SubmitField(_l("Confirm my email address"), widget=GovSubmitInput())


class AccountDetailsForm(BaseForm):
    display_name = StringField(
        _l("Your name"),
        description=_l("Other people see this beside your needs, offers and replies."),
        validators=[DataRequired(_l("Enter your name")), Problem(name_problem)],
        widget=GovTextInput(),
    )
    phone = StringField(
        _l("Telephone number (optional)"),
        description=_l(
            "Only shown to someone whose offer of help you accept, and to coordinators of a group helping "
            "you."
        ),
        validators=[Problem(phone_problem)],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class ChangeEmailForm(BaseForm):
    email = StringField(
        _l("New email address"),
        description=_l("We will send a link to it. Your address changes when you use the link."),
        validators=[DataRequired(_l("Enter your new email address")), Problem(email_problem)],
        widget=GovTextInput(),
    )
    password = PasswordField(
        _l("Your password"),
        description=_l("To make sure it is you."),
        keep_whitespace=True,
        validators=[DataRequired(_l("Enter your password"))],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Send the link"), widget=GovSubmitInput())
