"""The coordination board: open needs, who is helping with what, assigning, progress and referrals."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.database import db_session
from app.forms import on_field, redisplay_on_csrf_error, submit
from app.groups import bp
from app.groups.common import load_group, me, page_number, pagination, refused, require_coordinator
from app.groups.forms import AssignForm, ProgressForm, ReferForm, choices
from community import groups as service
from community.errors import Conflict, NotFound, PermissionDenied
from community.groups import URGENCY_LABELS, partnerships_of
from community.models import Group, Need
from community.posts import can_view_need, get_need


def _board_url(group_id: int) -> str:
    return url_for("groups.board", group_id=group_id)


def _board(group_id: int):
    return redirect(_board_url(group_id))


def _need(group: Group, need_id: int, *, taken_on: bool) -> Need:
    """A need this coordinator may act on: one the group took on, or (to take on) one they can see."""
    try:
        need = get_need(db_session(), need_id)
    except NotFound:
        abort(404)
    if taken_on and need.group_id != group.id:
        abort(404)
    if not taken_on and not can_view_need(db_session(), me(), need):
        abort(404)
    return need


@bp.get("/groups/<int:group_id>/board")
@login_required
def board(group_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    session = db_session()
    page = service.open_needs(session, group_id=group.id, actor=me(), page=page_number(request.args))
    return render_template(
        "groups/board.html",
        group=group,
        page=page,
        pagination=pagination(page.page, page.pages,
                              lambda n: url_for("groups.board", group_id=group.id, page=n)),
        taken_on=service.taken_on_needs(session, group_id=group.id, actor=me()),
        loads=service.volunteer_loads(session, group_id=group.id, actor=me()),
        urgency=URGENCY_LABELS,
    )


def _assign(group_id: int, need_id: int, *, again: bool):
    group = load_group(group_id)
    require_coordinator(group)
    need = _need(group, need_id, taken_on=again)
    if again and need.status != "in_progress":
        flash(_("Only a need in progress can be reassigned."), "error")
        return _board(group.id)
    session = db_session()
    loads = [load for load in service.volunteer_loads(session, group_id=group.id, actor=me())
             if not (again and load.user.id == need.assigned_to_id)]
    # Those who help with this kind of need first; everyone in the group on request (?all=1), or when
    # nobody has said they help with it.
    suited = service.suited_to(loads, need.category_id)
    show_all = request.args.get("all") == "1" or not suited
    shown = loads if show_all else suited
    form = AssignForm()

    def options(among):
        return choices(
            (load.user.id, _("%(name)s (helping with %(count)s now, DBS checked)",
                             name=load.user.display_name, count=load.current) if load.has_valid_dbs
             else _("%(name)s (helping with %(count)s now)", name=load.user.display_name, count=load.current))
            for load in among
        )

    # Anyone in the group may be chosen; the page lists those it shows.
    form.assignee.choices = options(loads)
    if form.validate_on_submit():
        action = service.reassign_need if again else service.assign_need

        def told(_result) -> str:
            name = next(load.user.display_name for load in loads if load.user.id == form.assignee.data)
            return _("“%(title)s” is now with %(name)s, who has been told.", title=need.title, name=name)

        board_url = _board_url(group.id)
        done = submit(
            form,
            lambda s: action(s, need_id=need.id, group_id=group.id, assignee_id=form.assignee.data,
                             actor=me()),
            success=told, next_url=board_url,
            refusals={PermissionDenied: on_field("assignee"), Conflict: refused(board_url)},
        )
        if done:
            return done
    form.assignee.choices = options(shown)
    return render_template("groups/assign.html", group=group, need=need, form=form, loads=loads, again=again,
                           urgency=URGENCY_LABELS, show_all=show_all, suited=suited)


@bp.route("/groups/<int:group_id>/board/<int:need_id>/assign", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def assign(group_id: int, need_id: int):
    return _assign(group_id, need_id, again=False)


@bp.route("/groups/<int:group_id>/board/<int:need_id>/reassign", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def reassign(group_id: int, need_id: int):
    return _assign(group_id, need_id, again=True)


@bp.route("/groups/<int:group_id>/board/<int:need_id>/progress", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def progress(group_id: int, need_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    need = _need(group, need_id, taken_on=True)
    form = ProgressForm()
    if form.validate_on_submit():
        board_url = _board_url(group.id)
        met = form.outcome.data == "met"
        done = submit(
            form,
            lambda s: service.mark_progress(s, need_id=need.id, group_id=group.id, outcome=form.outcome.data,
                                            reason=form.reason.data or "", actor=me()),
            success=lambda _need: (
                _("“%(title)s” is marked as met.", title=need.title) if met
                else _("“%(title)s” is marked as not met.", title=need.title)
            ),
            next_url=board_url, refusals={Conflict: refused(board_url)},
        )
        if done:
            return done
    return render_template("groups/progress.html", group=group, need=need, form=form)


@bp.route("/groups/<int:group_id>/board/<int:need_id>/refer", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def refer(group_id: int, need_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    need = _need(group, need_id, taken_on=False)
    partners = partnerships_of(db_session(), group.id)
    form = ReferForm()
    form.partner_group_id.choices = choices((row.partner.id, row.partner.name) for row in partners)
    if partners and form.validate_on_submit():

        def told(_result) -> str:
            partner = next(row.partner for row in partners if row.partner.id == form.partner_group_id.data)
            return _(
                "“%(title)s” has been referred to %(partner_name)s.",
                title=need.title, partner_name=partner.name,
            )

        board_url = _board_url(group.id)
        done = submit(
            form,
            lambda s: service.refer_need(s, need_id=need.id, group_id=group.id,
                                         partner_group_id=form.partner_group_id.data,
                                         note=form.note.data or "", actor=me()),
            success=told, next_url=board_url, refusals={Conflict: refused(board_url)},
        )
        if done:
            return done
    return render_template("groups/refer.html", group=group, need=need, form=form, partners=partners)
