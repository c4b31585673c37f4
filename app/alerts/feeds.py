"""Atom feeds of public needs and offers (everyone, per ward, per kind of help), and the page listing them.

Every page's <head> links the two city-wide feeds (``<link rel="alternate" type="application/atom+xml">``);
the feeds page links each ward's and each kind of help's.
"""

from __future__ import annotations

from flask import abort, current_app, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.alerts import bp
from app.database import db_session
from app.notices.links import target_url
from community import alerts
from community.db import utcnow
from community.errors import NotFound
from community.models import Area, Category

KINDS = ("needs", "offers")


def _title(feed: alerts.Feed) -> str:
    what = _("Requests for help") if feed.post_kind == "needs" else _("Offers of help")
    if feed.ward is not None:
        return _("%(what)s in %(ward)s", what=what, ward=feed.ward.name)
    if feed.category is not None:
        return _("%(what)s: %(category)s", what=what, category=feed.category.name)
    return what


def _atom(post_kind: str, *, ward_code: str | None = None, category_slug: str | None = None):
    if post_kind not in KINDS:
        abort(404)
    try:
        feed = alerts.public_feed(db_session(), post_kind=post_kind, ward_code=ward_code,
                                  category_slug=category_slug)
    except NotFound:
        abort(404)
    body = render_template("alerts/feed.xml", feed=feed, title=_title(feed), target_url=target_url,
                           now=utcnow())
    response = current_app.response_class(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/feeds/<post_kind>.atom")
def feed(post_kind: str):
    return _atom(post_kind)


@bp.get("/feeds/<post_kind>/wards/<code>.atom")
def ward_feed(post_kind: str, code: str):
    return _atom(post_kind, ward_code=code)


@bp.get("/feeds/<post_kind>/help/<slug>.atom")
def category_feed(post_kind: str, slug: str):
    return _atom(post_kind, category_slug=slug)


@bp.get("/feeds")
def feeds():
    session = db_session()
    wards = session.scalars(select(Area).where(Area.kind == "ward").order_by(Area.name)).all()
    categories = session.scalars(
        select(Category).where(Category.retired_at.is_(None)).order_by(Category.position, Category.name)
    ).all()
    return render_template("alerts/feeds.html", wards=wards, categories=categories)


@bp.app_context_processor
def _feed_links() -> dict:
    def atom_feeds() -> list[tuple[str, str]]:
        return [(url_for("alerts.feed", post_kind="needs"), _("Requests for help (Atom feed)")),
                (url_for("alerts.feed", post_kind="offers"), _("Offers of help (Atom feed)"))]

    return {"atom_feeds": atom_feeds}
