"""Alerts: the page to manage them (list, set up, remove, digests) and one-click unsubscribe.

Unsubscribing needs no sign-in: the link in every alert carries a signed token (``app.email.compose``), and
mail programs POST to it with no CSRF token (RFC 8058), so that one route is exempt from CSRF checks.
"""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app.alerts import bp
from app.alerts.forms import AlertForm, ConfirmForm
from app.database import db_session
from app.email.compose import read_unsubscribe_token
from app.extensions import csrf
from app.forms import confirm, not_allowed, record, redisplay_on_csrf_error, submit
from community import alerts
from community.errors import NotFound
from community.models import AlertSubscription, Area, Category, Group

DIGEST_LABELS = {
    "coordinator": _l("A daily digest of new requests for help in your groups’ wards and kinds of help"),
    "connector": _l("A weekly digest of how coverage changed, new gaps and early warnings"),
}
FREQUENCY_LABELS = {"immediate": _l("as soon as they are posted"), "daily": _l("once a day"),
                    "weekly": _l("once a week")}


def _me():
    return current_user._get_current_object()


def describe(subscription: AlertSubscription) -> str:
    what = _("New requests for help") if subscription.post_kind == "needs" else _("New offers of help")
    if subscription.place == "near_home":
        where = _("within %(km)s km of your home", km=f"{subscription.radius_km:g}")
    elif subscription.place == "wards":
        where = _("in %(wards)s", wards=", ".join(a.name for a in subscription.areas))
    else:
        where = _("where %(group)s works", group=subscription.group.name if subscription.group else "")
    kinds = ", ".join(c.name for c in subscription.categories) or _("every kind of help")
    return _("%(what)s %(where)s (%(kinds)s), %(when)s", what=what, where=where, kinds=kinds,
             when=FREQUENCY_LABELS[subscription.frequency])


@bp.get("/alerts")
@login_required
def manage():
    session = db_session()
    return render_template(
        "alerts/manage.html", subscriptions=alerts.list_subscriptions(session, user=_me()),
        digests=alerts.digests_for(session, user=_me()), describe=describe, digest_labels=DIGEST_LABELS,
        form=ConfirmForm(), limit=alerts.MAX_SUBSCRIPTIONS,
    )


def _fill_choices(form: AlertForm) -> None:
    session = db_session()
    form.radius_km.choices = [("", _("Choose a distance"))] + [
        (f"{km:g}", _("%(km)s km", km=f"{km:g}")) for km in alerts.RADIUS_CHOICES_KM]
    form.area_ids.choices = [(a.id, a.name) for a in session.scalars(
        select(Area).where(Area.kind == "ward").order_by(Area.name))]
    form.group_id.choices = [("", _("Choose a group"))] + [(g.id, g.name) for g in session.scalars(
        select(Group).where(Group.closed_at.is_(None)).order_by(Group.name))]
    form.category_ids.choices = [(c.id, c.name) for c in session.scalars(
        select(Category).where(Category.retired_at.is_(None)).order_by(Category.position, Category.name))]


@bp.route("/alerts/new", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def new():
    form = AlertForm()
    _fill_choices(form)
    if form.validate_on_submit():
        done = submit(
            form, lambda s: alerts.create_subscription(
                s, user=_me(), post_kind=form.post_kind.data or "", place=form.place.data or "",
                frequency=form.frequency.data or "", radius_km=form.radius_km.data,
                area_ids=form.area_ids.data or [], group_id=form.group_id.data,
                category_ids=form.category_ids.data or []),
            success=_("Your alert is set up. We will email you when something matches it."),
            next_url=url_for("alerts.manage"),
        )
        if done:
            return done
    return render_template("alerts/new.html", form=form, has_home=_me().has_home)


def _own(subscription_id: int) -> AlertSubscription:
    subscription = db_session().get(AlertSubscription, subscription_id)
    if subscription is None or subscription.user_id != current_user.id:
        abort(404)
    return subscription


@bp.route("/alerts/<int:subscription_id>/remove", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def remove(subscription_id: int):
    subscription = _own(subscription_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        return confirm(
            lambda s: alerts.delete_subscription(s, user=_me(), subscription_id=subscription.id),
            success=_("The alert is removed. You will get no more emails from it."),
            next_url=url_for("alerts.manage"), refusals={NotFound: not_allowed},
        )
    return render_template("alerts/remove.html", form=form, subscription=subscription,
                           description=describe(subscription))


@bp.post("/alerts/digests/<digest>")
@login_required
@redisplay_on_csrf_error
def digest(digest: str):
    if digest not in alerts.DIGESTS:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    receiving = request.form.get("receiving") == "yes"
    return confirm(
        lambda s: alerts.set_digest(s, user_id=current_user.id, digest=digest, receiving=receiving),
        success=_("You will get this digest.") if receiving else _("You will not get this digest any more."),
        next_url=url_for("alerts.manage"),
    )


@bp.route("/email/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    found = read_unsubscribe_token(current_app._get_current_object(), token)
    if found is None:
        return render_template("alerts/unsubscribe_invalid.html"), 404
    user_id, what = found
    if request.method == "GET":
        # Only asks: a link checker or a mail scanner following the link must not unsubscribe anyone.
        return render_template("alerts/unsubscribe.html", token=token,
                               digest=what.startswith("digest:"))
    try:
        stopped = record(lambda s: alerts.unsubscribe(s, user_id=user_id, what=what))
    except NotFound:
        return render_template("alerts/unsubscribe_invalid.html"), 404
    return render_template("alerts/unsubscribed.html", stopped=stopped)
