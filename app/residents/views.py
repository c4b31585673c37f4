"""Views for residents, one module per noun; this module wires them to the blueprint and the menu."""

from flask_babel import lazy_gettext as _l

from app.residents import activity, answers, bp, location, near_me, needs, offers, on_behalf  # noqa: F401
from app.templating import register_nav_item, signed_in

register_nav_item(bp, _l("Ask for help"), "residents.new_need", visible=signed_in, order=20)
register_nav_item(bp, _l("Offer help"), "residents.new_offer", visible=signed_in, order=22)
register_nav_item(bp, _l("Near me"), "residents.near_me", visible=signed_in, order=24)
register_nav_item(bp, _l("Your activity"), "residents.activity", visible=signed_in, order=26)


@bp.app_template_filter("weave_date")
def weave_date(value) -> str:
    """"3 March 2026" from a date, a datetime or an ISO string (as the presenters give them)."""
    from datetime import date, datetime

    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"
