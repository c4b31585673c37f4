"""A member's own volunteer details, and the DBS checks a coordinator records for a member."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.database import db_session
from app.forms import redisplay_on_csrf_error
from app.groups import bp
from app.groups.common import flash_refusal, load_group, me, require_coordinator
from app.groups.forms import ConfirmForm, DbsForm, VolunteerDetailsForm, choices
from community import groups as service
from community.errors import Conflict, NotFound, ValidationFailed
from community.groups import DBS_LEVEL_LABELS, category_options, get_membership, membership_for
from community.models import DBSCheck


@bp.route("/groups/<int:group_id>/your-details", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def volunteer_details(group_id: int):
    group = load_group(group_id)
    session = db_session()
    membership = membership_for(session, current_user.id, group.id)
    if membership is None or membership.status != "active":
        abort(403)
    data = None
    if request.method == "GET":
        data = {"category_ids": [c.id for c in membership.categories],
                "availability": membership.availability}
    form = VolunteerDetailsForm(data=data)
    form.category_ids.choices = choices(category_options(session))
    if form.validate_on_submit():
        try:
            service.update_volunteer_details(
                session, membership_id=membership.id, group_id=group.id, actor=me(),
                category_ids=form.category_ids.data or [], availability=form.availability.data or "",
            )
        except ValidationFailed as error:
            session.rollback()
            form.set_errors(error.errors)
        else:
            session.commit()
            flash("Your volunteer details have been saved.", "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    checks = service.dbs_checks_for(session, membership_id=membership.id, group_id=group.id, actor=me())
    return render_template("groups/volunteer_details.html", group=group, form=form, checks=checks,
                           levels=DBS_LEVEL_LABELS)


def _member(group_id: int, membership_id: int):
    try:
        return get_membership(db_session(), membership_id, group_id=group_id)
    except NotFound:
        abort(404)


@bp.route("/groups/<int:group_id>/members/<int:membership_id>/dbs", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def dbs_checks(group_id: int, membership_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    membership = _member(group.id, membership_id)
    session = db_session()
    form = DbsForm()
    if form.validate_on_submit():
        try:
            service.record_dbs_check(
                session, membership_id=membership.id, group_id=group.id, actor=me(), level=form.level.data,
                checked_on=form.checked_on.data, expires_on=form.expires_on.data,
            )
        except ValidationFailed as error:
            session.rollback()
            form.set_errors(error.errors)
        except Conflict as error:
            session.rollback()
            flash_refusal(error)
            return redirect(url_for("groups.members", group_id=group.id))
        else:
            session.commit()
            flash(f"The DBS check for {membership.user.display_name} has been recorded.", "success")
            return redirect(url_for("groups.dbs_checks", group_id=group.id, membership_id=membership.id))
    checks = service.dbs_checks_for(session, membership_id=membership.id, group_id=group.id, actor=me())
    return render_template(
        "groups/dbs_checks.html", group=group, membership=membership, form=form, checks=checks,
        levels=DBS_LEVEL_LABELS, status=service.dbs_status(session, membership.user_id),
    )


@bp.post("/groups/<int:group_id>/members/<int:membership_id>/dbs/<int:check_id>/withdraw")
@login_required
def withdraw_dbs(group_id: int, membership_id: int, check_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    membership = _member(group.id, membership_id)
    check = db_session().get(DBSCheck, check_id)
    if check is None or check.user_id != membership.user_id or check.group_id != group.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            service.revoke_dbs_check(db_session(), check_id=check.id, group_id=group.id, actor=me())
        except Conflict as error:
            db_session().rollback()
            flash_refusal(error)
        else:
            db_session().commit()
            flash("The DBS check has been withdrawn. It no longer counts.", "success")
    return redirect(url_for("groups.dbs_checks", group_id=group.id, membership_id=membership.id))
