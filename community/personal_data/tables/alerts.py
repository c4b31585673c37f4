"""Alerts and digests (``community.alerts``): what a person subscribed to and the digests they stopped."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from community.models import AlertSubscription, DigestOptOut, User
from community.personal_data.registry import Erasure, no_personal_data, register, row_dict


def _subscriptions(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(AlertSubscription).where(AlertSubscription.user_id == user.id).order_by(AlertSubscription.id)
    )
    return [row_dict(s) | {"wards": [a.name for a in s.areas], "categories": [c.slug for c in s.categories],
                           "group": s.group.name if s.group is not None else None} for s in rows]


def _delete_subscriptions(session: Session, erasure: Erasure) -> None:
    # Their wards and kinds of help go with them (ON DELETE CASCADE).
    session.execute(delete(AlertSubscription).where(AlertSubscription.user_id == erasure.user.id))


register("alert_subscriptions", export=_subscriptions, erase=_delete_subscriptions)
register("alert_subscription_areas", note="the wards an alert covers: exported with the alerts")
register("alert_subscription_categories", note="the kinds of help an alert covers: exported with the alerts")


def _opt_outs(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(DigestOptOut).where(DigestOptOut.user_id == user.id))
    return [row_dict(o) for o in rows]


def _delete_opt_outs(session: Session, erasure: Erasure) -> None:
    session.execute(delete(DigestOptOut).where(DigestOptOut.user_id == erasure.user.id))


register("digest_opt_outs", export=_opt_outs, erase=_delete_opt_outs)
no_personal_data("alert_runs", why="when each run of alerts covered which hours, and how many emails it sent")
