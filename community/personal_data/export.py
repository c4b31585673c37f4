"""The subject access export: everything Weave holds about a person, as one JSON document.

Each registered table gives its rows about the person (``community.personal_data.registry``), so a new
table's data appears here as soon as it is registered. Every export is audited, whoever asks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from community.accounts.roles import record_user_audit, require_admin
from community.db import utcnow
from community.models import User
from community.personal_data import tables  # noqa: F401  (fills the registry)
from community.personal_data.registry import REGISTRY

__all__ = ["EXPORT_FORMAT", "export_person"]

EXPORT_FORMAT = "weave-subject-access-export/1"


def export_person(
    session: Session, *, user: User, actor: User, now: datetime | None = None
) -> dict[str, Any]:
    """What Weave holds about ``user``: the person themselves, or an administrator for them."""
    if actor.id != user.id:
        require_admin(actor)
    now = now or utcnow()
    sections: dict[str, Any] = {}
    for entry in sorted(REGISTRY.values(), key=lambda e: (e.order != 100, e.table)):
        if entry.export is not None:
            sections[entry.table] = entry.export(session, user)
    record_user_audit(session, actor=actor, action="personal_data.exported", user=user,
                      detail="by the person themselves" if actor.id == user.id else "by an admin, for them")
    return {
        "format": EXPORT_FORMAT,
        "exported_at": now.isoformat(),
        "person": user.id,
        "notes": {e.table: e.note for e in REGISTRY.values() if e.note},
        "data": sections,
    }
