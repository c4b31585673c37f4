"""Escalations: raising one from a need, and a team's queue (acknowledge, assign, transfer, resolve)."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.council import bp
from app.council.common import me
from app.council.forms import AssignForm, ConfirmForm, EscalateForm, ResolveForm, TransferForm
from app.database import db_session
from app.forms import confirm, not_allowed, redisplay_on_csrf_error, show_refusal, submit, tell
from app.residents.forms import options
from community import council
from community.errors import Conflict, NotFound, PermissionDenied
from community.posts import get_need


@bp.route("/needs/<int:need_id>/escalate", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def escalate(need_id: int):
    session = db_session()
    try:
        need = get_need(session, need_id)
    except NotFound:
        abort(404)
    if not council.may_escalate(session, me(), need):
        abort(404)
    form = EscalateForm()
    if request.method == "GET" and request.args.get("kind") in ("beyond", "safeguarding"):
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.raise_escalation(
                s, actor=me(), need_id=need.id, kind=form.kind.data, summary=form.summary.data
            ),
            success=_("The council has it. You will hear the outcome, not the details of the case."),
            next_url=url_for("council.my_escalations"),
            refusals={Conflict: show_refusal, PermissionDenied: not_allowed},
        )
        if done:
            return done
    return render_template("council/escalate.html", form=form, need=need, refusal=form.refusal)


@bp.get("/council/escalated-by-me")
@login_required
def my_escalations():
    page = council.list_my_escalations(
        db_session(), actor=me(), page=request.args.get("page", 1, type=int) or 1
    )
    return render_template("council/my_escalations.html", page=page)


def _my_team(team_id: int):
    try:
        return council.require_officer_of(db_session(), me(), team_id)
    except NotFound:
        abort(404)


@bp.get("/council/teams/<int:team_id>/queue")
@login_required
def queue(team_id: int):
    team = _my_team(team_id)
    resolved = request.args.get("show") == "resolved"
    page = council.list_team_queue(
        db_session(),
        actor=me(),
        team_id=team.id,
        resolved=resolved,
        page=request.args.get("page", 1, type=int) or 1,
    )
    return render_template("council/queue.html", team=team, page=page, resolved=resolved)


def _escalation(escalation_id: int):
    try:
        return council.get_escalation(db_session(), actor=me(), escalation_id=escalation_id)
    except NotFound:
        abort(404)


def _detail(escalation, **forms):
    session = db_session()
    history = council.escalation_history(session, actor=me(), escalation_id=escalation.id)
    assign = forms.pop("assign_form", None) or AssignForm(formdata=None, prefix="assign")
    assign.officer_id.choices = options(
        [("", _("Choose an officer")), *((o.id, o.display_name) for o in escalation.team.officers)]
    )
    transfer = forms.pop("transfer_form", None) or TransferForm(formdata=None, prefix="transfer")
    transfer.team_id.choices = options(
        [
            ("", _("Choose a team")),
            *((t.id, t.name) for t in council.list_teams(session) if t.id != escalation.team_id),
        ]
    )
    resolve = forms.pop("resolve_form", None) or ResolveForm(formdata=None, prefix="resolve")
    return render_template(
        "council/escalation.html",
        escalation=escalation,
        item=council.queue_item(escalation),
        history=history,
        assign_form=assign,
        transfer_form=transfer,
        resolve_form=resolve,
        confirm_form=ConfirmForm(formdata=None, prefix="ack"),
        **forms,
    )


@bp.get("/council/escalations/<int:escalation_id>")
@login_required
def escalation(escalation_id: int):
    return _detail(_escalation(escalation_id))


def _back(escalation_id: int) -> str:
    return url_for("council.escalation", escalation_id=escalation_id)


@bp.post("/council/escalations/<int:escalation_id>/acknowledge")
@login_required
def acknowledge(escalation_id: int):
    found = _escalation(escalation_id)
    form = ConfirmForm(prefix="ack")
    if not form.validate_on_submit():
        return _detail(found, form=form)
    return confirm(
        lambda s: council.acknowledge_escalation(s, actor=me(), escalation_id=found.id),
        success=_("Acknowledged."),
        next_url=_back(found.id),
        refusals={Conflict: tell(_back(found.id)), NotFound: not_allowed},
    )


@bp.post("/council/escalations/<int:escalation_id>/assign")
@login_required
@redisplay_on_csrf_error
def assign(escalation_id: int):
    found = _escalation(escalation_id)
    form = AssignForm(prefix="assign")
    form.officer_id.choices = options([("", "")])
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.assign_escalation(
                s, actor=me(), escalation_id=found.id, officer_id=form.officer_id.data
            ),
            success=_("Assigned."),
            next_url=_back(found.id),
            conflict_url=_back(found.id),
        )
        if done:
            return done
    return _detail(found, assign_form=form, form=form)


@bp.post("/council/escalations/<int:escalation_id>/transfer")
@login_required
@redisplay_on_csrf_error
def transfer(escalation_id: int):
    found = _escalation(escalation_id)
    form = TransferForm(prefix="transfer")
    if form.validate_on_submit():
        team_id = found.team_id
        done = submit(
            form,
            lambda s: council.transfer_escalation(
                s, actor=me(), escalation_id=found.id, team_id=form.team_id.data, note=form.note.data
            ),
            success=_("Transferred. It is in the other team's queue now."),
            next_url=url_for("council.queue", team_id=team_id),
            conflict_url=_back(found.id),
        )
        if done:
            return done
    return _detail(found, transfer_form=form, form=form)


@bp.post("/council/escalations/<int:escalation_id>/resolve")
@login_required
@redisplay_on_csrf_error
def resolve(escalation_id: int):
    found = _escalation(escalation_id)
    form = ResolveForm(prefix="resolve")
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.resolve_escalation(
                s, actor=me(), escalation_id=found.id, outcome=form.outcome.data, note=form.note.data
            ),
            success=_("Resolved. The person who escalated it has been told the outcome."),
            next_url=_back(found.id),
            conflict_url=_back(found.id),
        )
        if done:
            return done
    return _detail(found, resolve_form=form, form=form)
