"""A member's own volunteer details, and the DBS checks a coordinator records for a member."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db_session
from app.forms import confirm, redisplay_on_csrf_error, submit
from app.groups import bp
from app.groups.common import load_group, me, refused, require_coordinator
from app.groups.forms import ConfirmForm, DbsForm, VolunteerDetailsForm, choices
from community import groups as service
from community.errors import Conflict, NotFound
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
    kept = [c.id for c in membership.categories]
    form.category_ids.choices = choices(category_options(session, keep=kept))
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: service.update_volunteer_details(
                s, membership_id=membership.id, group_id=group.id, actor=me(),
                category_ids=form.category_ids.data or [], availability=form.availability.data or "",
            ),
            success=_("Your volunteer details have been saved."),
            next_url=url_for("groups.detail", group_id=group.id),
        )
        if done:
            return done
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
        done = submit(
            form,
            lambda s: service.record_dbs_check(
                s, membership_id=membership.id, group_id=group.id, actor=me(), level=form.level.data,
                checked_on=form.checked_on.data, expires_on=form.expires_on.data,
            ),
            success=lambda _check: _(
                "The DBS check for %(display_name)s has been recorded.",
                display_name=membership.user.display_name,
            ),
            next_url=url_for("groups.dbs_checks", group_id=group.id, membership_id=membership.id),
            refusals={Conflict: refused(url_for("groups.members", group_id=group.id))},
        )
        if done:
            return done
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
    back = url_for("groups.dbs_checks", group_id=group.id, membership_id=membership.id)
    if ConfirmForm().validate_on_submit():
        return confirm(
            lambda s: service.revoke_dbs_check(s, check_id=check.id, group_id=group.id, actor=me()),
            success=_("The DBS check has been withdrawn. It no longer counts."), next_url=back,
            refusals={Conflict: refused(back)},
        )
    return redirect(back)
