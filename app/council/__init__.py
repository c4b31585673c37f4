"""The council's teams: admin set-up (teams, officers, routing, unit costs), officers' referrals and queues,
escalating a need, and the demand-management evidence."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("council", __name__)

from app.admin.hub import register_admin_task  # noqa: E402
from app.council import admin, evidence, queue, referrals  # noqa: E402,F401
from app.templating import register_nav_item  # noqa: E402


def officers(user) -> bool:
    return bool(user.is_authenticated and user.is_officer)


def evidence_readers(user) -> bool:
    return bool(user.is_authenticated and (user.is_officer or user.is_connector))


register_nav_item(bp, _l("Council"), "council.home", visible=officers, order=60)
register_nav_item(bp, _l("Demand evidence"), "council.demand", visible=evidence_readers, order=61)

register_admin_task(
    bp,
    _l("Council teams and routing"),
    "council.teams",
    _l("Set up the council's teams and officers, where escalations go, and unit costs."),
    order=60,
)


@bp.app_template_global()
def demand_warnings(area_id=None, category_slug=None):
    """The stored early warnings (``flask council forecast``) for a ward or a kind of help."""
    from sqlalchemy import select

    from app.database import db_session
    from community.council.forecast import warnings_for
    from community.models import Category

    session = db_session()
    category_id = None
    if category_slug:
        category_id = session.scalar(select(Category.id).where(Category.slug == category_slug))
        if category_id is None:
            return []
    return warnings_for(session, area_id=area_id, category_id=category_id)
