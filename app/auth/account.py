"""The account page and what a person changes there: name and phone, email address, password, their data,
deleting the account."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import bp, emails
from app.auth.forms import AccountDetailsForm, ChangeEmailForm, ChangePasswordForm, DeleteAccountForm
from app.auth.views import _end_session, _sign_in_limit, _signed_in_user, _start_session
from app.extensions import limiter
from app.forms import record, redisplay_on_csrf_error, show_refusal, submit
from community import accounts, personal_data
from community.errors import Conflict


@bp.get("/account")
@login_required
def account():
    role_label = accounts.ROLE_LABELS[current_user.role]
    return render_template("auth/account.html", user=current_user, role_label=role_label)


@bp.route("/account/details", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def account_details():
    user = _signed_in_user()
    form = AccountDetailsForm(data={"display_name": user.display_name, "phone": user.phone or ""}
                              if request.method == "GET" else None)
    if form.validate_on_submit():
        done = submit(
            form, lambda s: accounts.update_profile(s, user=user, display_name=form.display_name.data,
                                                    phone=form.phone.data),
            success=_("Your details have been saved."), next_url=url_for("auth.account"),
        )
        if done:
            return done
    return render_template("auth/account_details.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@limiter.limit(_sign_in_limit, methods=["POST"])
@redisplay_on_csrf_error
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        new_email = form.email.data
        done = submit(
            form,
            lambda s: accounts.request_email_change(
                s, user=_signed_in_user(), new_email=new_email, password=form.password.data,
                confirm=emails.confirm_new_address, tell_old_address=emails.address_changing(new_email),
                address_taken=emails.address_taken,
            ),
            success=_("We have sent a link to %(email)s. Your email address changes when you use it.",
                      email=new_email),
            next_url=url_for("auth.account"),
        )
        if done:
            return done
    return render_template("auth/change_email.html", form=form)


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


def export_download(data: dict, user_id: int) -> Response:
    """The subject access export as a JSON file to save."""
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="weave-data-{user_id}-{day}.json"',
                 "Cache-Control": "no-store"},
    )


@bp.get("/account/your-data")
@login_required
def your_data():
    return render_template("auth/your_data.html")


@bp.get("/account/your-data.json")
@login_required
def download_your_data():
    user = _signed_in_user()
    data = record(lambda s: personal_data.export_person(s, user=user, actor=user))
    return export_download(data, user.id)


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
