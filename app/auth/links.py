"""What the links in account emails lead to: confirming an address, and resetting a forgotten password.

A link's page (GET) changes nothing, because mail scanners open links: the person presses a button (POST).
"""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import bp, emails
from app.auth.forms import ConfirmEmailForm, ForgotPasswordForm, ResetPasswordForm
from app.auth.views import _end_session, _sign_in_limit
from app.database import db_session
from app.extensions import limiter
from app.forms import redisplay_on_csrf_error, submit, tell
from community import accounts
from community.errors import Conflict, NotFound
from community.models import TokenPurpose


@bp.get("/check-your-email")
def check_email():
    return render_template("auth/check_email.html", unconfirmed=bool(request.args.get("unconfirmed")))


def _link_page(secret: str, purposes: tuple[TokenPurpose, ...]):
    """The page for a link that no longer works, or None when it does."""
    try:
        accounts.check_token(db_session(), secret=secret, purposes=purposes)
    except NotFound:
        return render_template("auth/link_not_valid.html", reset=TokenPurpose.RESET_PASSWORD in purposes), 404
    return None


@bp.route("/confirm-email/<secret>", methods=["GET", "POST"])
@redisplay_on_csrf_error
def confirm_email(secret: str):
    refused = _link_page(secret, (TokenPurpose.CONFIRM_EMAIL, TokenPurpose.CHANGE_EMAIL))
    if refused:
        return refused
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        signed_in = current_user.is_authenticated
        done = submit(
            form, lambda s: accounts.confirm_email(s, secret=secret),
            success=_("Your email address is confirmed.") if signed_in
            else _("Your email address is confirmed. You can sign in now."),
            next_url=url_for("auth.account") if signed_in else url_for("auth.sign_in"),
            refusals={(Conflict, NotFound): tell(url_for("auth.account" if signed_in else "main.home"))},
        )
        if done:
            return done
    return render_template("auth/confirm_email.html", form=form, secret=secret)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@redisplay_on_csrf_error
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same page whether or not the address has an account.
        done = submit(
            form,
            lambda s: accounts.request_password_reset(
                s, email=form.email.data, compose=emails.reset_password
            ),
            success=None, next_url=url_for("auth.reset_link_sent"),
        )
        if done:
            return done
    return render_template("auth/forgot_password.html", form=form)


@bp.get("/forgot-password/sent")
def reset_link_sent():
    return render_template("auth/reset_link_sent.html")


@bp.route("/reset-password/<secret>", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@redisplay_on_csrf_error
def reset_password(secret: str):
    refused = _link_page(secret, (TokenPurpose.RESET_PASSWORD,))
    if refused:
        return refused
    form = ResetPasswordForm()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: accounts.reset_password(s, secret=secret, new_password=form.password.data),
            # Every session has ended, this one too: the person signs in with the new password.
            after=lambda _user: _end_session(),
            success=_("Your password has been changed and you have been signed out everywhere. Sign in with "
                      "your new password."),
            next_url=url_for("auth.sign_in"),
            refusals={NotFound: tell(url_for("auth.forgot_password"))},
        )
        if done:
            return done
    return render_template("auth/reset_password.html", form=form, secret=secret)
