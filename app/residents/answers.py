"""Answering a need: "I can help", accept or decline, withdraw, and closing it as met or not met."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from app.database import db_session
from app.forms import confirm, not_allowed, redisplay_on_csrf_error, submit, tell
from app.residents import bp
from app.residents.common import abort_for, me
from app.residents.forms import ConfirmForm, NotMetForm, RespondForm
from app.residents.needs import load_need
from community import posts
from community.errors import Conflict, NotFound, PermissionDenied
from community.models import ResponseStatus

ACCEPTED = _l("You have accepted their offer. You can now see each other’s contact details.")


def _back(need_id: int) -> str:
    return url_for("residents.need", need_id=need_id)


def _run(need_id: int, action, success: str):
    """Call one claim rule and say how it went; refusals come back as messages or 403/404."""
    back = _back(need_id)
    return confirm(action, success=success, next_url=back,
                   refusals={Conflict: tell(back), (NotFound, PermissionDenied): not_allowed})


def _told_or_not_allowed(back: str):
    """A refusal with a reason to give (a helper the poster has blocked) is told; else a 403/404."""

    def refuse(error, form):
        if isinstance(error, PermissionDenied) and error.message:
            return tell(back)(error, form)
        return not_allowed(error, form)

    return refuse


@bp.post("/needs/<int:need_id>/respond")
@login_required
@redisplay_on_csrf_error
def respond(need_id: int):
    _record, data = load_need(need_id)
    form = RespondForm()
    if form.validate_on_submit():
        back = _back(need_id)
        done = submit(
            form, lambda s: posts.offer_help(s, need_id=need_id, helper=me(), message=form.message.data),
            # An offer on a referral may take the need on at once (community.posts.disclosure).
            success=lambda response: (
                _("Thank you. You have taken this on: their contact details are below.")
                if response.status == ResponseStatus.ACCEPTED
                else _("Thank you. We have told them you can help. You will hear if they accept.")
            ),
            next_url=back, conflict_url=back,
            refusals={(NotFound, PermissionDenied): _told_or_not_allowed(back)},
        )
        if done:
            return done
    return render_template("residents/respond.html", need=data, form=form), 400


def _response_of(need_id: int, response_id: int):
    response = posts.get_response(db_session(), response_id)
    if response.need_id != need_id:
        raise NotFound("Response not found")
    return response


@bp.post("/needs/<int:need_id>/responses/<int:response_id>/accept")
@login_required
def accept(need_id: int, response_id: int):
    load_need(need_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)

    def action(session):
        _response_of(need_id, response_id)
        posts.accept_response(session, response_id=response_id, actor=me())

    return _run(need_id, action, ACCEPTED)


@bp.post("/needs/<int:need_id>/responses/<int:response_id>/decline")
@login_required
def decline(need_id: int, response_id: int):
    load_need(need_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)

    def action(session):
        _response_of(need_id, response_id)
        posts.decline_response(session, response_id=response_id, actor=me())

    return _run(need_id, action, _("You have said no thank you to that offer."))


CONFIRMATIONS = {
    "withdraw_response": (
        _l("Withdraw your offer of help"), _l("Yes, withdraw my offer"), _l("You have withdrawn your offer.")
    ),
    "mark_met": (
        _l("Mark this need as met"), _l("Yes, it has been met"),
        _l("Marked as met. Thank you for using Weave."),
    ),
    "withdraw_need": (
        _l("Withdraw your request"), _l("Yes, withdraw my request"), _l("Your request has been withdrawn.")
    ),
}


def _confirm(need_id: int, kind: str, action):
    _record, data = load_need(need_id)
    form = ConfirmForm()
    title, button, success = CONFIRMATIONS[kind]
    if form.validate_on_submit():
        return _run(need_id, action, success)
    return render_template("residents/confirm.html", need=data, form=form, title=title, button=button,
                           cancel=url_for("residents.need", need_id=need_id))


@bp.route("/needs/<int:need_id>/responses/<int:response_id>/withdraw", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def withdraw_response(need_id: int, response_id: int):
    try:
        response = _response_of(need_id, response_id)
    except NotFound as error:
        abort_for(error)
    if response.helper_id != me().id:
        abort(404)
    return _confirm(need_id, "withdraw_response", lambda session: posts.withdraw_response(
        session, response_id=response_id, actor=me()))


@bp.route("/needs/<int:need_id>/met", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def mark_met(need_id: int):
    return _confirm(need_id, "mark_met", lambda session: posts.mark_need_met(
        session, need_id=need_id, actor=me()))


@bp.route("/needs/<int:need_id>/withdraw", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def withdraw_need(need_id: int):
    return _confirm(need_id, "withdraw_need", lambda session: posts.withdraw_need(
        session, need_id=need_id, actor=me()))


@bp.route("/needs/<int:need_id>/not-met", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def not_met(need_id: int):
    _record, data = load_need(need_id)
    if not data["can_manage"]:
        abort(403)
    form = NotMetForm()
    if form.validate_on_submit():
        back = _back(need_id)
        done = submit(
            form, lambda s: posts.mark_need_not_met(s, need_id=need_id, actor=me(), reason=form.reason.data),
            success=_("The need has been closed as not met."), next_url=back,
            refusals={(Conflict, PermissionDenied): tell(back)},
        )
        if done:
            return done
    return render_template("residents/not_met.html", need=data, form=form)
