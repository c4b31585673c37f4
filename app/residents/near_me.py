"""Find help near me: needs and offers within a chosen distance, as a table beside the map."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from app.database import db_session
from app.forms import record
from app.residents import bp
from app.residents.common import category_choices, location_salt, me, ward_options
from app.residents.forms import NearMeForm, options
from community.models import Area
from community.models.posts import URGENCIES
from community.posts import DISTANCE_CHOICES_KM, SHOW_CHOICES, SORT_CHOICES, NearbyQuery, search_nearby

PER_PAGE = 20


def _filters(form: NearMeForm) -> dict:
    """The chosen filters, cleaned, as URL arguments the map and the pagination links share."""
    values = {
        "within_km": form.within_km.data if form.within_km.data in DISTANCE_CHOICES_KM else 2,
        "show": form.show.data if form.show.data in SHOW_CHOICES else "both",
        "category_id": form.category_id.data,
        "urgency": form.urgency.data if form.urgency.data in URGENCIES else None,
        "sort": form.sort.data if form.sort.data in SORT_CHOICES else "distance",
        "area_id": form.area_id.data,
    }
    return {key: value for key, value in values.items() if value not in (None, "")}


@bp.get("/near-me")
@login_required
def near_me():
    session = db_session()
    user = me()
    form = NearMeForm(formdata=request.args)
    form.within_km.choices = options((km, f"{km} km") for km in DISTANCE_CHOICES_KM)
    form.category_id.choices = category_choices(session, blank=_("Any type of help"))
    form.area_id.choices = ward_options(session, blank=_(
        "Where I live",
    ) if user.has_home else _("Choose a ward"))
    if not request.args:
        form.within_km.data = 2
    filters = _filters(form)
    area = session.get(Area, filters["area_id"]) if "area_id" in filters else None
    if area is not None and area.kind == "ward":
        origin, origin_area = (area.centre_lat, area.centre_lng), area.id
    elif user.has_home:
        origin, origin_area = (user.home_lat, user.home_lng), user.area_id
        filters.pop("area_id", None)
    else:
        origin = origin_area = None
    page = None
    if origin is not None:
        query = NearbyQuery(
            origin=origin, within_km=filters["within_km"], show=filters["show"],
            category_id=filters.get("category_id"), urgency=filters.get("urgency"), sort=filters["sort"],
            page=max(1, request.args.get("page", 1, type=int) or 1), per_page=PER_PAGE, area_id=origin_area,
        )
        # Committed: a search that finds nothing leaves an anonymous record of the unmet demand.
        page = record(lambda s: search_nearby(s, viewer=user, query=query, salt=location_salt()))
    return render_template("residents/near_me.html", form=form, page=page, filters=filters, area=area)
