"""Account forms. They check the shape of what was typed, with the domain's own rules and messages,
so that every problem shows at once; the services check again and add the business rules."""

from __future__ import annotations

from collections.abc import Callable

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from app.forms import BaseForm
from community.accounts import MIN_PASSWORD_LENGTH, email_problem, name_problem, password_problem

PASSWORD_HINT = (
    f"Use at least {MIN_PASSWORD_LENGTH} characters. Three or four unrelated words make a password that is "
    "strong and easy to remember. Spaces are fine."
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
        "Your name",
        validators=[DataRequired("Enter your name"), Problem(name_problem)],
        widget=GovTextInput(),
    )
    email = StringField(
        "Email address",
        description="You will use this to sign in.",
        validators=[DataRequired("Enter your email address"), Problem(email_problem)],
        widget=GovTextInput(),
    )
    password = PasswordField(
        "Create a password",
        description=PASSWORD_HINT,
        keep_whitespace=True,
        validators=[DataRequired("Enter a password"), Problem(password_problem)],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())


class SignInForm(BaseForm):
    email = StringField(
        "Email address",
        validators=[DataRequired("Enter your email address"), Problem(email_problem)],
        widget=GovTextInput(),
    )
    password = PasswordField(
        "Password",
        keep_whitespace=True,
        validators=[DataRequired("Enter your password")],
        widget=GovPasswordInput(),
    )
    remember = BooleanField("Keep me signed in on this device", widget=GovCheckboxInput())
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SignOutForm(BaseForm):
    submit = SubmitField("Sign out", widget=GovSubmitInput())


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        "Current password",
        keep_whitespace=True,
        validators=[DataRequired("Enter your current password")],
        widget=GovPasswordInput(),
    )
    new_password = PasswordField(
        "New password",
        description=PASSWORD_HINT,
        keep_whitespace=True,
        # The service checks the rules, together with the current password, so both show at once.
        validators=[DataRequired("Enter a new password")],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class DeleteAccountForm(BaseForm):
    password = PasswordField(
        "Your password",
        description="To make sure it is you, enter the password you use to sign in.",
        keep_whitespace=True,
        validators=[DataRequired("Enter your password")],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Delete my account", widget=GovSubmitInput())
