"""Asking for help: post, see, change and renew a need."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.database import db_session
from app.forms import confirm, redisplay_on_csrf_error, submit, tell
from app.residents import bp
from app.residents.common import (
    abort_for,
    category_choices,
    fill_place_choices,
    location_salt,
    me,
    sensitive_category_ids,
)
from app.residents.forms import ConfirmForm, NeedForm, RespondForm, SomeoneElsesNeedForm
from app.residents.location import place_for_templates
from community.council import may_escalate
from community.errors import Conflict, NotFound, PermissionDenied
from community.posts import (
    RESPONSE_STATUS_LABELS,
    SENSITIVE_CONSENT_TEXT,
    dbs_rule,
    disclosure_for,
    edit_need,
    get_need,
    group_shown,
    need_history,
    post_need,
    present_need,
    renew_need,
    responses_for_need,
    suggest_helpers,
)


def need_form_context(session, form) -> dict:
    return {
        "form": form,
        "place": place_for_templates(session),
        "consent_text": SENSITIVE_CONSENT_TEXT,
        "sensitive_ids": sensitive_category_ids(session),
    }


def prepare_need_form(session, form, *, keep_category: int | None = None) -> None:
    form.category_id.choices = category_choices(session, keep=keep_category)
    fill_place_choices(form, session)


@bp.route("/needs/new", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def new_need():
    session = db_session()
    form = NeedForm()
    prepare_need_form(session, form)
    if request.method == "GET" and not me().has_home:
        form.location.data = "elsewhere"
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: post_need(s, poster=me(), details=form.need_details(), salt=location_salt()),
            success=_("Your request for help has been posted. We have told helpers nearby."),
            next_url=lambda need: url_for("residents.need", need_id=need.id),
        )
        if done:
            return done
    return render_template("residents/new_need.html", **need_form_context(session, form))


def load_need(need_id: int):
    """The need and what the signed-in person may see of it; 404 if they may not see it at all."""
    session = db_session()
    try:
        need = get_need(session, need_id)
        return need, present_need(session, need, me(), salt=location_salt())
    except (NotFound, PermissionDenied) as error:
        abort_for(error)


@bp.get("/needs/<int:need_id>")
@login_required
def need(need_id: int):
    session = db_session()
    record, data = load_need(need_id)
    user = me()
    responses = responses_for_need(session, need=record, viewer=user)
    mine = next((r for r in responses if r.helper_id == user.id), None)
    involved = data["can_manage"] or mine is not None or user.is_connector
    # The DBS rule is shown before anyone writes an offer to help, not only as a refusal after.
    dbs = dbs_rule(session, need=record, helper=user) if data["can_respond"] else None
    # A referring officer sees no more of who helps than the resident's consent allows.
    disclosure = disclosure_for(session, user, record)
    suggestions = (
        suggest_helpers(session, need=record, salt=location_salt())
        if data["is_owner"] and record.status == "open" and disclosure.helpers else []
    )
    return render_template(
        "residents/need.html",
        need=data,
        responses=responses,
        my_response=mine,
        history=need_history(session, need=record, viewer=user) if involved else [],
        suggestions=suggestions,
        response_labels=RESPONSE_STATUS_LABELS,
        respond_form=RespondForm(),
        action_form=ConfirmForm(),
        dbs=dbs,
        can_escalate=may_escalate(session, user, record),
        disclosure=disclosure,
        taken_on_by=group_shown(disclosure, record),
    )


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def edit_need_page(need_id: int):
    session = db_session()
    record, data = load_need(need_id)
    if not data["is_owner"]:
        abort(403)
    form_class = SomeoneElsesNeedForm if record.requester_id is None else NeedForm
    form = form_class(obj=record if request.method == "GET" else None)
    prepare_need_form(session, form, keep_category=record.category_id)
    if request.method == "GET":
        form.location.data, form.lat.data, form.lng.data = "keep", "", ""
        form.area_id.data = record.area_id
        form.sensitive_consent.data = record.sensitive_consent_at is not None
    if form.validate_on_submit():
        here = url_for("residents.need", need_id=need_id)
        done = submit(
            form,
            lambda s: edit_need(s, need_id=need_id, actor=me(), details=form.need_details(),
                                salt=location_salt()),
            success=_("Your request has been updated."), next_url=lambda _need: here, conflict_url=here,
        )
        if done:
            return done
    return render_template("residents/edit_need.html", need=data,
                           for_someone_else=record.requester_id is None, **need_form_context(session, form))


@bp.route("/needs/<int:need_id>/renew", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def renew_need_page(need_id: int):
    _record, data = load_need(need_id)
    if not data["is_owner"]:
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        here = url_for("residents.need", need_id=need_id)
        return confirm(
            lambda s: renew_need(s, need_id=need_id, actor=me()),
            success=_("Thank you. Your request will stay up for another 4 weeks."), next_url=here,
            refusals={Conflict: tell(here)},
        )
    return render_template("residents/renew_need.html", need=data, form=form)
