"""Offering help: post, see, change, pause, resume, close and renew an offer."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import select

from app.database import db_session
from app.forms import confirm, redisplay_on_csrf_error, submit, tell
from app.residents import bp
from app.residents.common import abort_for, category_choices, fill_place_choices, location_salt, me
from app.residents.forms import ConfirmForm, OfferForm, options
from app.residents.location import place_for_templates
from community import posts
from community.errors import Conflict, NotFound, PermissionDenied
from community.models import Group, Membership
from community.posts import needs_for_offer, present_needs, present_offer


def _prepare(session, form, *, keep_category: int | None = None) -> None:
    form.category_id.choices = category_choices(session, keep=keep_category)
    fill_place_choices(form, session)
    groups = session.execute(
        select(Group.id, Group.name)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == me().id, Membership.status == "active", Group.closed_at.is_(None))
        .order_by(Group.name)
    ).all()
    form.group_id.choices = options([("", _("Just me"))] + [(gid, name) for gid, name in groups])


def _load(offer_id: int):
    session = db_session()
    try:
        offer = posts.get_offer(session, offer_id)
        return offer, present_offer(session, offer, me(), salt=location_salt(), origin=_origin())
    except (NotFound, PermissionDenied) as error:
        abort_for(error)


def _origin():
    user = me()
    return (user.home_lat, user.home_lng) if user.has_home else None


@bp.route("/offers/new", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def new_offer():
    session = db_session()
    form = OfferForm()
    _prepare(session, form)
    if request.method == "GET":
        form.radius_km.data = "2"
        if not me().has_home:
            form.location.data = "elsewhere"
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: posts.post_offer(s, helper=me(), details=form.offer_details(),
                                             salt=location_salt()),
            success=_("Thank you. Your offer of help is up. Below are open requests it could meet."),
            next_url=lambda offer: url_for("residents.offer", offer_id=offer.id),
        )
        if done:
            return done
    return render_template("residents/new_offer.html", form=form, place=place_for_templates(session))


@bp.get("/offers/<int:offer_id>")
@login_required
def offer(offer_id: int):
    session = db_session()
    record, data = _load(offer_id)
    matches = []
    if data["is_owner"] and record.status == "active":
        needs = needs_for_offer(session, offer=record, viewer=me())
        matches = present_needs(session, needs, me(), salt=location_salt(), origin=(record.lat, record.lng))
    return render_template("residents/offer.html", offer=data, matches=matches, action_form=ConfirmForm())


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def edit_offer(offer_id: int):
    session = db_session()
    record, data = _load(offer_id)
    if not data["is_owner"]:
        abort(403)
    form = OfferForm(obj=record if request.method == "GET" else None)
    _prepare(session, form, keep_category=record.category_id)
    if request.method == "GET":
        form.location.data, form.lat.data, form.lng.data = "keep", "", ""
        form.area_id.data, form.radius_km.data = record.area_id, f"{record.radius_km:g}"
        form.expires_on.data = record.expires_at.date() if record.expires_at else None
    if form.validate_on_submit():
        here = url_for("residents.offer", offer_id=offer_id)
        done = submit(
            form,
            lambda s: posts.edit_offer(s, offer_id=offer_id, actor=me(), details=form.offer_details(),
                                             salt=location_salt()),
            success=_("Your offer has been updated."), next_url=lambda _offer: here, conflict_url=here,
        )
        if done:
            return done
    return render_template(
        "residents/edit_offer.html", offer=data, form=form, place=place_for_templates(session)
    )


OFFER_ACTIONS = {
    "pause": (posts.pause_offer, _l("Pause your offer"), _l("Yes, pause it"),
              _l("Your offer is paused. Nobody will see it until you resume it.")),
    "resume": (posts.resume_offer, _l("Resume your offer"), _l("Yes, resume it"),
               _l("Your offer is up again.")),
    "close": (posts.close_offer, _l("Close your offer"), _l("Yes, close it"),
              _l("Your offer is closed. Thank you.")),
    "renew": (posts.renew_offer, _l("Renew your offer"), _l("Yes, renew it for 8 weeks"),
              _l("Your offer will stay up for another 8 weeks.")),
}


@bp.route("/offers/<int:offer_id>/<any(pause, resume, close, renew):action>", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def offer_action(offer_id: int, action: str):
    _record, data = _load(offer_id)
    if not data["is_owner"]:
        abort(403)
    rule, title, button, success = OFFER_ACTIONS[action]
    form = ConfirmForm()
    here = url_for("residents.offer", offer_id=offer_id)
    if form.validate_on_submit():
        return confirm(lambda s: rule(s, offer_id=offer_id, actor=me()), success=success, next_url=here,
                       refusals={Conflict: tell(here)})
    return render_template("residents/confirm.html", offer=data, form=form, title=title, button=button,
                           cancel=here)
