"""Where I live: a ward from the list, refined by a pin, "use my location" or a postcode."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from app.auth.views import safe_next
from app.database import db_session
from app.forms import redisplay_on_csrf_error, submit
from app.residents import bp
from app.residents.common import fill_place_choices, me, place_context
from app.residents.forms import HomeLocationForm, optional_float
from community.models import Area
from community.places import resolve_place, set_home_location, wards_view


def ward_centres(session) -> dict[str, list[float]]:
    rows = session.execute(select(Area.id, Area.centre_lat, Area.centre_lng).where(Area.kind == "ward"))
    return {str(area_id): [lat, lng] for area_id, lat, lng in rows}


def place_for_templates(session) -> dict:
    user = me()
    return {**place_context(session), "ward_centres": ward_centres(session), "has_home": user.has_home,
            "map_view": wards_view(session)}


@bp.route("/your-location", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def location():
    session = db_session()
    user = me()
    form = HomeLocationForm()
    fill_place_choices(form, session)
    next_url = safe_next(request.args.get("next"))
    if request.method == "GET" and user.area_id is not None:
        form.area_id.data = user.area_id
    if form.validate_on_submit():

        def save(s):
            place = resolve_place(
                s, area_id=form.area_id.data, postcode=form.postcode.data or None,
                lat=optional_float(form.lat.data), lng=optional_float(form.lng.data),
            )
            set_home_location(s, user=user, place=place)

        done = submit(form, save, success=_(
            "We have saved where you live. Only your ward is shown to others.",
        ),
                      next_url=next_url or url_for("residents.near_me"))
        if done:
            return done
    return render_template("residents/location.html", form=form, place=place_for_templates(session))
