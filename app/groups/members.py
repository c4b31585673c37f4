"""Joining and leaving a group, and its coordinators managing who is in it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.database import db_session
from app.forms import redisplay_on_csrf_error
from app.groups import bp
from app.groups.common import flash_refusal, load_group, me, require_coordinator
from app.groups.forms import ConfirmForm, RoleForm
from community import groups as service
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups import ROLE_LABELS


def _to_members(group_id: int):
    return redirect(url_for("groups.members", group_id=group_id))


def _membership(group_id: int, membership_id: int):
    try:
        return service.get_membership(db_session(), membership_id, group_id=group_id)
    except NotFound:
        abort(404)


@bp.route("/groups/<int:group_id>/join", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def join(group_id: int):
    group = load_group(group_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            service.request_to_join(db_session(), group_id=group.id, user=me())
        except (Conflict, PermissionDenied) as error:
            db_session().rollback()
            flash_refusal(error)
        else:
            db_session().commit()
            flash(f"You have asked to join {group.name}. A coordinator will let you know.", "success")
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/join.html", group=group, form=form)


@bp.route("/groups/<int:group_id>/leave", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def leave(group_id: int):
    group = load_group(group_id)
    membership = service.membership_for(db_session(), current_user.id, group.id)
    if membership is None or membership.status not in ("active", "pending"):
        abort(403)
    form = ConfirmForm()
    refusal = None
    was_pending = membership.status == "pending"
    if form.validate_on_submit():
        try:
            service.leave_group(db_session(), group_id=group.id, user=me())
        except Conflict as error:
            db_session().rollback()
            refusal = error.message
        else:
            db_session().commit()
            done = "withdrawn your request to join" if was_pending else "left"
            flash(f"You have {done} {group.name}.", "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return render_template(
        "groups/leave.html", group=group, form=form, membership=membership, refusal=refusal
    )


@bp.get("/groups/<int:group_id>/members")
@login_required
def members(group_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    session = db_session()
    return render_template(
        "groups/members.html",
        group=group,
        members=service.list_members(session, group_id=group.id, actor=me()),
        pending=service.pending_requests(session, group_id=group.id, actor=me()),
        role_labels=ROLE_LABELS,
    )


def _decide(group_id: int, membership_id: int, *, approve: bool):
    group = load_group(group_id)
    require_coordinator(group)
    membership = _membership(group.id, membership_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        decide = service.approve_membership if approve else service.decline_membership
        try:
            decide(db_session(), membership_id=membership.id, group_id=group.id, actor=me())
        except Conflict as error:
            db_session().rollback()
            flash_refusal(error)
        else:
            db_session().commit()
            name = membership.user.display_name
            flash(f"{name} is now a member." if approve else f"You declined {name}’s request.", "success")
    return _to_members(group.id)


@bp.post("/groups/<int:group_id>/members/<int:membership_id>/approve")
@login_required
def approve_member(group_id: int, membership_id: int):
    return _decide(group_id, membership_id, approve=True)


@bp.post("/groups/<int:group_id>/members/<int:membership_id>/decline")
@login_required
def decline_member(group_id: int, membership_id: int):
    return _decide(group_id, membership_id, approve=False)


@bp.route("/groups/<int:group_id>/members/<int:membership_id>/remove", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def remove_member(group_id: int, membership_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    membership = _membership(group.id, membership_id)
    form = ConfirmForm()
    refusal = None
    if form.validate_on_submit():
        try:
            service.remove_member(db_session(), membership_id=membership.id, group_id=group.id, actor=me())
        except (Conflict, ValidationFailed) as error:
            db_session().rollback()
            refusal = error.message
        else:
            db_session().commit()
            flash(f"{membership.user.display_name} has been removed from {group.name}.", "success")
            return _to_members(group.id)
    return render_template("groups/remove_member.html", group=group, membership=membership, form=form,
                           refusal=refusal)


@bp.route("/groups/<int:group_id>/members/<int:membership_id>/role", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def change_role(group_id: int, membership_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    membership = _membership(group.id, membership_id)
    form = RoleForm(data={"role": membership.role} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            service.change_role(db_session(), membership_id=membership.id, group_id=group.id,
                                role=form.role.data, actor=me())
        except Conflict as error:
            db_session().rollback()
            form.set_errors({"role": error.message})
        else:
            db_session().commit()
            label = ROLE_LABELS[form.role.data].lower()
            flash(f"{membership.user.display_name} is now a {label}.", "success")
            return _to_members(group.id)
    return render_template("groups/change_role.html", group=group, membership=membership, form=form)
