"""Officers: their home page, referring a resident to the community, and their team's referrals."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.council import bp
from app.council.common import me, my_team_ids
from app.council.forms import ReferralForm, ReturnForm
from app.database import db_session
from app.forms import not_allowed, redisplay_on_csrf_error, show_refusal, submit
from app.residents.common import location_salt
from app.residents.needs import need_form_context, prepare_need_form
from community import council
from community.errors import Conflict, NotFound
from community.posts import OnBehalf


def _my_team(team_id: int):
    try:
        return council.require_officer_of(db_session(), me(), team_id)
    except NotFound:
        abort(404)


@bp.get("/council")
@login_required
def home():
    """An officer's teams, each with its queue and referrals."""
    session = db_session()
    ids = my_team_ids()
    if not ids:
        abort(403)
    teams = [council.get_team(session, team_id) for team_id in ids]
    return render_template("council/home.html", teams=teams)


@bp.route("/council/teams/<int:team_id>/refer", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def refer(team_id: int):
    session = db_session()
    team = _my_team(team_id)
    form = ReferralForm()
    prepare_need_form(session, form)
    form.on_behalf_group_id.choices = []
    if request.method == "GET":
        form.location.data = "elsewhere"
    if form.validate_on_submit():
        person = OnBehalf(
            name=form.on_behalf_name.data,
            contact=form.on_behalf_contact.data,
            consent_statement=form.consent_statement.data,
        )
        done = submit(
            form,
            lambda s: council.refer_resident(
                s,
                officer=me(),
                team_id=team.id,
                details=form.need_details(),
                person=person,
                consent=bool(form.consent.data),
                consent_scope=form.consent_scope.data,
                show_team=bool(form.show_team.data),
                salt=location_salt(),
            ),
            success=_("The referral has been made and the request posted. You will see its outcome here."),
            next_url=url_for("council.referrals", team_id=team.id),
        )
        if done:
            return done
    return render_template(
        "council/refer.html",
        team=team,
        for_someone_else=True,
        consent_version=council.CONSENT_VERSION,
        **need_form_context(session, form),
    )


@bp.get("/council/teams/<int:team_id>/referrals")
@login_required
def referrals(team_id: int):
    team = _my_team(team_id)
    page = council.list_team_referrals(
        db_session(), actor=me(), team_id=team.id, page=request.args.get("page", 1, type=int) or 1
    )
    return render_template("council/referrals.html", team=team, page=page)


@bp.route("/council/referrals/<int:referral_id>/return", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def return_referral(referral_id: int):
    session = db_session()
    try:
        referral = council.get_referral(session, actor=me(), referral_id=referral_id)
    except NotFound:
        abort(404)
    view = council.referral_view(referral)
    form = ReturnForm()
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.return_referral(
                s, actor=me(), referral_id=referral.id, reason=form.reason.data
            ),
            success=_("The referral is back with the council."),
            next_url=url_for("council.referrals", team_id=referral.team_id),
            refusals={Conflict: show_refusal, NotFound: not_allowed},
        )
        if done:
            return done
    return render_template(
        "council/return_referral.html", form=form, referral=view, team=referral.team, refusal=form.refusal
    )
