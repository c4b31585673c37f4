"""Posting a need for someone who is not online: group coordinators and council connectors only."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from app.database import db_session
from app.forms import not_allowed, redisplay_on_csrf_error, submit
from app.residents import bp
from app.residents.common import location_salt, me
from app.residents.forms import OnBehalfNeedForm, options
from app.residents.needs import need_form_context, prepare_need_form
from community.accounts import coordinator_group_ids
from community.errors import PermissionDenied
from community.models import Group
from community.posts import OnBehalf, post_need


def may_post_for_others(session, user) -> bool:
    return bool(user.is_connector or coordinator_group_ids(session, user.id))


@bp.route("/needs/new-for-someone-else", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def new_need_on_behalf():
    session = db_session()
    user = me()
    if not may_post_for_others(session, user):
        abort(403)
    form = OnBehalfNeedForm()
    prepare_need_form(session, form)
    group_ids = coordinator_group_ids(session, user.id)
    groups = session.execute(select(Group.id, Group.name).where(Group.id.in_(group_ids)).order_by(Group.name))
    blank = _("Not for a group") if user.is_connector else _("Choose your group")
    form.on_behalf_group_id.choices = options([("", blank), *((gid, name) for gid, name in groups)])
    if request.method == "GET":
        form.location.data = "elsewhere"
    if form.validate_on_submit():
        on_behalf = OnBehalf(
            name=form.on_behalf_name.data, contact=form.on_behalf_contact.data,
            consent_statement=form.consent_statement.data, group_id=form.on_behalf_group_id.data,
        )
        done = submit(
            form,
            lambda s: post_need(s, poster=user, details=form.need_details(), salt=location_salt(),
                                on_behalf=on_behalf),
            success=lambda need: _(
                "The request for %(on_behalf_name)s has been posted. Replies will come to you.",
                on_behalf_name=need.on_behalf_name,
            ),
            next_url=lambda need: url_for("residents.need", need_id=need.id),
            refusals={PermissionDenied: not_allowed},
        )
        if done:
            return done
    return render_template("residents/new_need_on_behalf.html", for_someone_else=True,
                           **need_form_context(session, form))
