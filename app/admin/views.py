"""Only admins come in; they list people (search by name or email) and change a role, after a confirmation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ChooseRoleForm, ConfirmRoleForm
from app.database import db_session
from app.extensions import login_manager
from app.forms import redisplay_on_csrf_error, show_refusal, submit
from community import accounts
from community.errors import Conflict, ValidationFailed
from community.models import User
from community.models.users import ROLES


@bp.before_request
def require_admin():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return None


def _admin() -> User:
    return current_user._get_current_object()


def _as_a(role: str) -> str:
    phrases = {"resident": _("a resident"), "connector": _("a connector"), "admin": _("an admin")}
    if role in phrases:
        return phrases[role]
    label = accounts.ROLE_LABELS[role].lower()
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"


def _person(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None or user.deleted_at is not None:
        abort(404)
    return user


@bp.get("/users")
def users():
    search = request.args.get("q", "").strip()[:254]
    page_number = request.args.get("page", 1, type=int) or 1
    page = accounts.list_users(db_session(), actor=_admin(), search=search, page=page_number)
    return render_template(
        "admin/users.html", page=page, search=search, role_labels=accounts.ROLE_LABELS
    )


@bp.route("/users/<int:user_id>/role", methods=["GET", "POST"])
@redisplay_on_csrf_error
def change_role(user_id: int):
    person = _person(user_id)
    form = ChooseRoleForm(data={"role": person.role} if request.method == "GET" else None)
    if form.validate_on_submit():
        if form.role.data == person.role:
            flash(_(
                "%(display_name)s is already %(role)s.",
                display_name=person.display_name, role=_as_a(person.role),
            ), "info")
            return redirect(url_for("admin.person", user_id=person.id))
        return redirect(url_for("admin.confirm_role", user_id=person.id, role=form.role.data))
    return render_template(
        "admin/change_role.html", form=form, person=person, descriptions=accounts.ROLE_DESCRIPTIONS
    )


@bp.route("/users/<int:user_id>/role/confirm", methods=["GET", "POST"])
@redisplay_on_csrf_error
def confirm_role(user_id: int):
    person = _person(user_id)
    role = request.values.get("role", "")
    if role not in ROLES:
        return redirect(url_for("admin.change_role", user_id=person.id))
    form = ConfirmRoleForm(data={"role": role})
    if form.validate_on_submit():
        done = submit(
            form, lambda s: accounts.set_role(s, actor=_admin(), user=person, role=form.role.data),
            success=lambda _none: _(
                "%(display_name)s is now %(role)s.",
                display_name=person.display_name, role=_as_a(role),
            ),
            next_url=url_for("admin.person", user_id=person.id),
            refusals={(ValidationFailed, Conflict): show_refusal},
        )
        if done:
            return done
    return render_template(
        "admin/confirm_role.html",
        form=form,
        person=person,
        role=role,
        as_a_role=_as_a(role),
        description=accounts.ROLE_DESCRIPTIONS[role],
        refusal=form.refusal,
    )
