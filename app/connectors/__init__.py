"""Council connectors: dashboard, coverage, network, introductions and demand. Connectors only."""

from flask import Blueprint, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.extensions import login_manager
from app.templating import connectors, register_nav_item

bp = Blueprint("connectors", __name__, url_prefix="/connectors")

register_nav_item(bp, _l("Council dashboard"), "connectors.dashboard", visible=connectors, order=60)


@bp.before_request
def require_connector():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_connector:
        abort(403)
    return None


from app.connectors import views  # noqa: E402,F401
