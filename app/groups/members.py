"""Joining and leaving a group, and its coordinators managing who is in it."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db_session
from app.forms import confirm, on_field, redisplay_on_csrf_error, show_refusal, submit
from app.groups import bp
from app.groups.common import load_group, me, refused, require_coordinator
from app.groups.forms import ConfirmForm, RoleForm
from community import groups as service
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups import ROLE_LABELS


def _members_url(group_id: int) -> str:
    return url_for("groups.members", group_id=group_id)


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
        here = url_for("groups.detail", group_id=group.id)
        return confirm(
            lambda s: service.request_to_join(s, group_id=group.id, user=me()),
            success=_(
                "You have asked to join %(group_name)s. A coordinator will let you know.",
                group_name=group.name,
            ), next_url=here,
            refusals={(Conflict, PermissionDenied): refused(here)},
        )
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
    was_pending = membership.status == "pending"
    if form.validate_on_submit():
        left = (
            _("You have withdrawn your request to join %(group)s.", group=group.name) if was_pending
            else _("You have left %(group)s.", group=group.name)
        )
        done = submit(
            form, lambda s: service.leave_group(s, group_id=group.id, user=me()),
            success=left, next_url=url_for("groups.detail", group_id=group.id),
            refusals={Conflict: show_refusal},
        )
        if done:
            return done
    return render_template(
        "groups/leave.html", group=group, form=form, membership=membership, refusal=form.refusal
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
    back = _members_url(group.id)
    if form.validate_on_submit():
        decide = service.approve_membership if approve else service.decline_membership

        def told(_membership) -> str:
            name = membership.user.display_name
            return _(
                "%(name)s is now a member.",
                name=name,
            ) if approve else _("You declined %(name)s’s request.", name=name)

        return confirm(lambda s: decide(s, membership_id=membership.id, group_id=group.id, actor=me()),
                       success=told, next_url=back, refusals={Conflict: refused(back)})
    return redirect(back)


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
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: service.remove_member(s, membership_id=membership.id, group_id=group.id, actor=me()),
            success=lambda _m: _(
                "%(display_name)s has been removed from %(group_name)s.",
                display_name=membership.user.display_name, group_name=group.name,
            ),
            next_url=_members_url(group.id), refusals={(Conflict, ValidationFailed): show_refusal},
        )
        if done:
            return done
    return render_template("groups/remove_member.html", group=group, membership=membership, form=form,
                           refusal=form.refusal)


@bp.route("/groups/<int:group_id>/members/<int:membership_id>/role", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def change_role(group_id: int, membership_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    membership = _membership(group.id, membership_id)
    form = RoleForm(data={"role": membership.role} if request.method == "GET" else None)
    if form.validate_on_submit():
        label = ROLE_LABELS[form.role.data].lower()
        done = submit(
            form,
            lambda s: service.change_role(s, membership_id=membership.id, group_id=group.id,
                                          role=form.role.data, actor=me()),
            success=lambda _m: _(
                "%(display_name)s is now a %(label)s.",
                display_name=membership.user.display_name, label=label,
            ),
            next_url=_members_url(group.id), refusals={Conflict: on_field("role")},
        )
        if done:
            return done
    return render_template("groups/change_role.html", group=group, membership=membership, form=form)
