"""One person, as an admin sees them: their account, suspending and reinstating it, their data (download
or delete). Every step asks first and is recorded in the audit log."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin import bp
from app.admin.forms import ConfirmForm, SuspendForm
from app.admin.views import _admin, _person
from app.auth.account import export_download
from app.forms import record, redisplay_on_csrf_error, show_refusal, submit
from community import accounts, personal_data
from community.errors import Conflict, PermissionDenied, ValidationFailed


@bp.get("/users/<int:user_id>")
def person(user_id: int):
    return render_template("admin/person.html", person=_person(user_id), role_labels=accounts.ROLE_LABELS)


@bp.route("/users/<int:user_id>/suspend", methods=["GET", "POST"])
@redisplay_on_csrf_error
def suspend(user_id: int):
    person = _person(user_id)
    form = SuspendForm()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: accounts.suspend_user(s, actor=_admin(), user=person, reason=form.reason.data),
            success=lambda hidden: ngettext(
                "%(name)s is suspended: they have been signed out and %(num)d open post is hidden.",
                "%(name)s is suspended: they have been signed out and %(num)d open posts are hidden.",
                hidden, name=person.display_name,
            ),
            next_url=url_for("admin.person", user_id=person.id),
            refusals={(Conflict, PermissionDenied): show_refusal},
        )
        if done:
            return done
    return render_template("admin/suspend.html", form=form, person=person, refusal=form.refusal)


@bp.route("/users/<int:user_id>/reinstate", methods=["GET", "POST"])
@redisplay_on_csrf_error
def reinstate(user_id: int):
    person = _person(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: accounts.reinstate_user(s, actor=_admin(), user=person),
            success=lambda shown: ngettext(
                "%(name)s is reinstated: they can sign in again and %(num)d post is shown again.",
                "%(name)s is reinstated: they can sign in again and %(num)d posts are shown again.",
                shown, name=person.display_name,
            ),
            next_url=url_for("admin.person", user_id=person.id), refusals={Conflict: show_refusal},
        )
        if done:
            return done
    return render_template("admin/reinstate.html", form=form, person=person, refusal=form.refusal)


@bp.get("/users/<int:user_id>/data.json")
def download_data(user_id: int):
    person = _person(user_id)
    data = record(lambda s: personal_data.export_person(s, user=person, actor=_admin()))
    return export_download(data, person.id)


@bp.route("/users/<int:user_id>/delete", methods=["GET", "POST"])
@redisplay_on_csrf_error
def delete_person(user_id: int):
    person = _person(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = person.display_name
        done = submit(
            form, lambda s: personal_data.erase_account(s, actor=_admin(), user=person),
            success=_("%(name)s's account has been deleted and their data erased.", name=name),
            next_url=url_for("admin.users"), refusals={(Conflict, ValidationFailed): show_refusal},
        )
        if done:
            return done
    return render_template("admin/delete_person.html", form=form, person=person, refusal=form.refusal)
