"""In-app notices, and the email that goes with each one through a pluggable sender.

The default sender (``outbox_sender``) keeps each email in the ``outbox_emails`` table and logs it, so
Weave needs no mail server; a deployment with one installs its own sender with ``set_email_sender``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from community.db import rowcount, utcnow
from community.errors import NotFound
from community.models import Notification, OutboxEmail, User
from community.pagination import Page, paginate

__all__ = [
    "notify",
    "notify_many",
    "set_email_sender",
    "get_email_sender",
    "outbox_sender",
    "unread_count",
    "list_notifications",
    "mark_read",
    "mark_all_read",
    "NotificationPage",
]

log = logging.getLogger(__name__)

EmailSender = Callable[[Session, int, str, str], None]

# Called as sender(session, user_id, subject, body) for every notice; None means in-app only.
_email_sender: EmailSender | None = None


def set_email_sender(sender: EmailSender | None) -> None:
    global _email_sender
    _email_sender = sender


def get_email_sender() -> EmailSender | None:
    return _email_sender


def outbox_sender(session: Session, user_id: int, subject: str, body: str) -> None:
    """The default sender: an outbox row and a log line, no mail server."""
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None or not user.email:
        return
    session.add(OutboxEmail(to_address=user.email, subject=subject[:200], body=body))
    log.info("Email to user %s queued in the outbox: %s", user_id, subject)


def notify(
    session: Session, *, user_id: int, kind: str, message: str, link: str | None = None
) -> Notification:
    """Record a notice for one person (and hand it to the email sender, if one is set)."""
    notice = Notification(user_id=user_id, kind=kind, message=message[:500], link=link)
    session.add(notice)
    if _email_sender is not None:
        body = f"{message}\n\n{link}" if link else message
        _email_sender(session, user_id, f"Weave: {kind.replace('_', ' ')}", body)
    session.flush()
    return notice


def notify_many(
    session: Session, *, user_ids: Iterable[int], kind: str, message: str, link: str | None = None
) -> list[Notification]:
    return [
        notify(session, user_id=uid, kind=kind, message=message, link=link) for uid in dict.fromkeys(user_ids)
    ]


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    ) or 0


NotificationPage = Page[Notification]


def list_notifications(
    session: Session, *, user: User, page: int = 1, per_page: int = 20
) -> NotificationPage:
    """Newest first, a page at a time."""
    query = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return paginate(session, query, page=page, per_page=per_page)


def mark_read(session: Session, *, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notices read; someone else's is 'not found', never 'forbidden'."""
    notice = session.get(Notification, notification_id)
    if notice is None or notice.user_id != user.id:
        raise NotFound("Notification not found")
    if notice.read_at is None:
        notice.read_at = utcnow()
        session.flush()
    return notice


def mark_all_read(session: Session, *, user: User) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) or 0
