"""In-app notices. Email delivery hangs off the same call (see ``set_email_sender``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session

from community.models import Notification

__all__ = ["notify", "notify_many", "set_email_sender"]

# Called as sender(session, user_id, subject, body) for every notice; None means in-app only.
_email_sender: Callable[[Session, int, str, str], None] | None = None


def set_email_sender(sender: Callable[[Session, int, str, str], None] | None) -> None:
    global _email_sender
    _email_sender = sender


def notify(
    session: Session, *, user_id: int, kind: str, message: str, link: str | None = None
) -> Notification:
    """Record a notice for one person (and hand it to the email sender, if one is set)."""
    notice = Notification(user_id=user_id, kind=kind, message=message[:500], link=link)
    session.add(notice)
    if _email_sender is not None:
        _email_sender(session, user_id, f"Weave: {kind.replace('_', ' ')}", message)
    session.flush()
    return notice


def notify_many(
    session: Session, *, user_ids: Iterable[int], kind: str, message: str, link: str | None = None
) -> list[Notification]:
    return [
        notify(session, user_id=uid, kind=kind, message=message, link=link) for uid in dict.fromkeys(user_ids)
    ]
