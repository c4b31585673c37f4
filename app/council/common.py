"""What every council page needs: who is asking, and turning a domain refusal into 403 or 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.database import db_session
from app.extensions import login_manager
from community.council import officer_team_ids
from community.models import User


def me() -> User | None:
    return current_user._get_current_object() if current_user.is_authenticated else None


def signed_in_or_redirect():
    """None when someone is signed in; otherwise the sign-in redirect to return."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def require_admin():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return None


def my_team_ids() -> list[int]:
    return officer_team_ids(db_session(), me())
