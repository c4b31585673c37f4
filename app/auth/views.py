"""Register, sign in and out, the account page, change password, delete account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    RegisterForm,
    SignInForm,
    SignOutForm,
)
from app.extensions import limiter
from app.forms import confirm, redisplay_on_csrf_error, show_refusal, submit
from community import accounts, personal_data
from community.errors import Conflict


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


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


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
@redisplay_on_csrf_error
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
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


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@redisplay_on_csrf_error
def sign_in():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.home"))
    form = SignInForm()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: accounts.authenticate(s, email=form.email.data, password=form.password.data),
            after=lambda user: _start_session(user, remember=bool(form.remember.data)),
            success=_("You are signed in."), next_url=next_url or url_for("main.home"),
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


@bp.get("/account")
@login_required
def account():
    role_label = accounts.ROLE_LABELS[current_user.role]
    return render_template("auth/account.html", user=current_user, role_label=role_label)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_sign_in_limit, methods=["POST"])
@redisplay_on_csrf_error
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = _signed_in_user()

        def keep_this_session(_none) -> None:
            # Every other session has just ended; keep this one, under the new version.
            remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            _start_session(user, remember=remember_cookie in request.cookies)

        done = submit(
            form,
            lambda s: accounts.change_password(s, user=user, current_password=form.current_password.data,
                                               new_password=form.new_password.data),
            after=keep_this_session,
            success=_("Your password has been changed. You have been signed out everywhere else."),
            next_url=url_for("auth.account"),
        )
        if done:
            return done
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(_sign_in_limit, methods=["POST"])
@redisplay_on_csrf_error
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: personal_data.delete_account(s, user=_signed_in_user(), password=form.password.data),
            after=lambda _none: _end_session(), success=_("Your account has been deleted."),
            next_url=url_for("main.home"), refusals={Conflict: show_refusal},
        )
        if done:
            return done
    return render_template("auth/delete_account.html", form=form, refusal=form.refusal)
