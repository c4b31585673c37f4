"""Flask-Login's user loader: a session is valid only while its version matches the user's."""

from __future__ import annotations

from app.database import db_session
from app.extensions import login_manager
from community.models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        raw_id, raw_version = user_id.split(":", 1)
        uid, version = int(raw_id), int(raw_version)
    except ValueError:
        return None
    user = db_session().get(User, uid)
    # A bumped version (sign-out, password change) turns every earlier cookie into a stranger's.
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user
