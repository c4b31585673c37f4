"""Register, sign in and out. The account pages are in ``app.auth.account``; email links in ``links``."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import bp, emails
from app.auth.forms import RegisterForm, SignInForm, SignOutForm
from app.extensions import limiter
from app.forms import confirm, redisplay_on_csrf_error, submit
from community import accounts


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _sign_in_account_limit() -> str:
    return current_app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"]


def _account_tried() -> str:
    """The key of the account a sign-in tries: its address as typed, compared the way accounts are."""
    return "account:" + accounts.normalise_email(request.form.get("email", ""))


def _sign_in_failed(response) -> bool:
    """Count a sign-in POST against the limits only when it failed: a right password never counts, and
    nor does the 429 that answers an attempt already over a limit."""
    return response.status_code != 429 and not g.get("credentials_accepted", False)


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None: ``next`` must never send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(character) < 32 or ord(character) == 127 for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _signed_in_user():
    # The real User, not Flask-Login's proxy: services compare and write it.
    return current_user._get_current_object()


def _start_session(user, *, remember: bool) -> None:
    # A fresh cookie on sign-in: nothing from before (a planted value, an old token) carries over.
    session.clear()
    login_user(user, remember=remember)


def _end_session() -> None:
    session.clear()
    logout_user()


def _confirmation_required() -> bool:
    return bool(current_app.config["REQUIRE_EMAIL_CONFIRMATION"])


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
@redisplay_on_csrf_error
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        if _confirmation_required():
            # The same answer whether or not the address has an account: "check your email".
            done = submit(
                form,
                lambda s: accounts.register_resident(
                    s, email=form.email.data, display_name=form.display_name.data,
                    password=form.password.data, confirm=emails.confirm_address,
                    already_registered=emails.already_registered,
                ),
                success=None, next_url=url_for("auth.check_email"),
            )
        else:
            done = submit(
                form,
                lambda s: accounts.register_user(
                    s, email=form.email.data, display_name=form.display_name.data, password=form.password.data
                ),
                after=lambda user: _start_session(user, remember=False),
                success=lambda user: _(
                    "Your account has been created. Welcome to Weave, %(display_name)s.",
                    display_name=user.display_name,
                ),
                next_url=url_for("main.home"),
            )
        if done:
            return done
    return render_template("auth/register.html", form=form)


# Failed sign-ins are limited per address (``SIGN_IN_RATE_LIMIT``) and per account, across all addresses
# (``SIGN_IN_ACCOUNT_RATE_LIMIT``). Each is tested before the view runs and counted after it, only when the
# attempt failed. Best effort: two attempts at the same moment may both pass the test.
@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_sign_in_failed)
@limiter.limit(_sign_in_account_limit, key_func=_account_tried, methods=["POST"], deduct_when=_sign_in_failed)
@redisplay_on_csrf_error
def sign_in():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.home"))
    form = SignInForm()
    if form.validate_on_submit():
        confirm = emails.confirm_address if _confirmation_required() else None

        def signed_in(attempt) -> None:
            g.credentials_accepted = True
            if attempt.signed_in:
                _start_session(attempt.user, remember=bool(form.remember.data))

        done = submit(
            form, lambda s: accounts.sign_in(s, email=form.email.data, password=form.password.data,
                                             confirm=confirm),
            after=signed_in,
            success=lambda attempt: _("You are signed in.") if attempt.signed_in else None,
            # An address not yet confirmed gets a new link, and the page saying so.
            next_url=lambda attempt: (next_url or url_for("main.home")) if attempt.signed_in
            else url_for("auth.check_email", unconfirmed=1),
        )
        if done:
            return done
    return render_template("auth/sign_in.html", form=form, next_url=next_url)


@bp.get("/sign-out")
def sign_out_confirm():
    if not current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template("auth/sign_out.html", form=SignOutForm())


@bp.post("/sign-out")
@redisplay_on_csrf_error
def sign_out():
    if not current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignOutForm()
    if not form.validate_on_submit():
        return render_template("auth/sign_out.html", form=form)
    return confirm(
        lambda s: accounts.end_sessions(s, user=_signed_in_user()),
        after=lambda _none: _end_session(), success=_("You have signed out."), next_url=url_for("main.home"),
    )
