"""In-app notices, and the email that goes with each one through a pluggable sender.

A notice says what it is about as a ``Target`` (a kind of thing, its id and perhaps which part of it),
never as a URL: the domain builds no URLs, and the web app turns a target into a link (``app.notices``).
For the same reason the sender is given the whole notice and writes the email itself; the web app's
sender keeps each email in the ``outbox_emails`` table (``queue_email``), from which ``community.outbox``
delivers it through SMTP or GOV.UK Notify (``app.email``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from community.db import rowcount, utcnow
from community.errors import NotFound
from community.i18n import _
from community.models import Notification, OutboxEmail, User
from community.pagination import Page, paginate

__all__ = [
    "Target",
    "TARGETS",
    "target_of",
    "notify",
    "notify_many",
    "notify_each",
    "Notice",
    "set_email_sender",
    "get_email_sender",
    "queue_email",
    "queue_emails",
    "EmailToQueue",
    "EMAIL_QUEUED",
    "unread_count",
    "list_notifications",
    "mark_read",
    "mark_all_read",
    "NotificationPage",
]

log = logging.getLogger(__name__)

# Set in a session's ``info`` when it has queued an email, so that a commit can wake the sender.
EMAIL_QUEUED = "weave.email_queued"

# What a notice can be about: (kind, action) → what the person is taken to. An id is needed for all but
# the list of introductions a connector has sent.
TARGETS: dict[tuple[str, str | None], str] = {
    ("need", None): "the need",
    ("need", "renew"): "the page that keeps a need open",
    ("offer", None): "the offer",
    ("group", None): "the group",
    ("group", "members"): "the group's members",
    ("group", "partners"): "the group's partners",
    ("group", "board"): "the group's coordination board",
    ("group", "confirm-details"): "the page confirming the group's details",
    ("introduction", None): "the introduction",
    ("introduction", "sent"): "the introductions a connector has sent",
    ("escalation", None): "an escalation in a council team's queue",
}
_WITHOUT_ID = {("introduction", "sent")}


@dataclass(frozen=True, slots=True)
class Target:
    """What a notice links to: ``Target("need", 12)``, ``Target("group", 3, "members")``."""

    kind: str
    id: int | None = None
    action: str | None = None

    def __post_init__(self) -> None:
        key = (self.kind, self.action)
        if key not in TARGETS:
            raise ValueError(f"A notice cannot link to {key!r}")
        if (self.id is None) != (key in _WITHOUT_ID):
            needs = "takes no id" if self.id is not None else "needs an id"
            raise ValueError(f"A link to {TARGETS[key]} {needs}")


def target_of(notice: Notification) -> Target | None:
    """What ``notice`` links to; None when nothing, or when it names something Weave no longer links to."""
    if notice.target_kind is None:
        return None
    try:
        return Target(notice.target_kind, notice.target_id, notice.target_action)
    except ValueError:
        return None


# Called as sender(session, notice) for every notice (before it is flushed); None means in-app only.
EmailSender = Callable[[Session, Notification], None]
_email_sender: EmailSender | None = None


def set_email_sender(sender: EmailSender | None) -> None:
    global _email_sender
    _email_sender = sender


def get_email_sender() -> EmailSender | None:
    return _email_sender


def queue_email(
    session: Session,
    *,
    subject: str,
    body: str,
    user_id: int | None = None,
    to_address: str | None = None,
    unsubscribe: str | None = None,
) -> OutboxEmail | None:
    """Keep an email in the outbox for a sender to deliver (``community.outbox``), and log it.

    Address it to a person (``user_id``: nothing is queued for a deleted account or one without an email)
    or, when there is no account behind the address yet (confirming a new email address), to
    ``to_address``. ``unsubscribe`` says what a one-click unsubscribe from it stops (alerts and digests).
    The subject goes over the wire unencrypted and shows on lock screens: keep health details, names and
    places out of it. Returns the queued row, or None when nothing was queued.
    """
    if (user_id is None) == (to_address is None):
        raise ValueError("Give exactly one of user_id and to_address")
    if user_id is not None:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None or not user.email:
            return None
        to_address = user.email
    assert to_address is not None
    email = OutboxEmail(to_address=to_address, subject=subject[:200], body=body, user_id=user_id,
                        unsubscribe=unsubscribe)
    session.add(email)
    # The web app wakes its sender once this session commits (``app.email.sender``).
    session.info[EMAIL_QUEUED] = True
    log.info("Email to %s queued in the outbox: %s", f"user {user_id}" if user_id else "an address", subject)
    return email


@dataclass(frozen=True, slots=True)
class EmailToQueue:
    user_id: int
    subject: str
    body: str
    unsubscribe: str | None = None


def queue_emails(session: Session, emails: Iterable[EmailToQueue]) -> int:
    """``queue_email`` for many people at once (alerts and digests): one query for their addresses and one
    INSERT, whatever their number. The same rules: nothing for a deleted account or one without an email.
    Returns how many were queued."""
    wanted = list(emails)
    if not wanted:
        return 0
    ids = {e.user_id for e in wanted}
    addresses: dict[int, str] = {}
    for user_id, address in session.execute(
        select(User.id, User.email).where(User.id.in_(ids), User.deleted_at.is_(None))
    ):
        if address:
            addresses[user_id] = address
    now = utcnow()
    rows = [
        {"to_address": addresses[e.user_id], "subject": e.subject[:200], "body": e.body, "user_id": e.user_id,
         "unsubscribe": e.unsubscribe, "status": "queued", "attempts": 0, "created_at": now}
        for e in wanted if e.user_id in addresses
    ]
    if rows:
        session.execute(insert(OutboxEmail), rows)
        session.info[EMAIL_QUEUED] = True
        log.info("%d emails queued in the outbox", len(rows))
    return len(rows)


@dataclass(frozen=True, slots=True)
class Notice:
    """One notice to record: for whom, of what kind, in which words, about what."""

    user_id: int
    kind: str
    message: str
    target: Target | None = None


def notify_each(session: Session, notices: Iterable[Notice]) -> list[Notification]:
    """Record notices, each in its own words (and hand each to the email sender, if one is set).

    The people the sender writes to are read in one query, into the session, where its lookups of each
    find them; the notices (and their emails) are written in one flush. A new need told five helpers with
    five reads and ten writes before.
    """
    wanted = list(notices)
    if not wanted:
        return []
    # Held here while the sender runs: the session keeps only objects someone holds.
    people = (
        session.scalars(select(User).where(User.id.in_({n.user_id for n in wanted}))).all()
        if _email_sender is not None else []
    )
    made = []
    for wish in wanted:
        notice = Notification(user_id=wish.user_id, kind=wish.kind, message=wish.message[:500])
        if wish.target is not None:
            target = wish.target
            notice.target_kind, notice.target_id, notice.target_action = target.kind, target.id, target.action
        session.add(notice)
        if _email_sender is not None:
            _email_sender(session, notice)
        made.append(notice)
    session.flush()
    del people
    return made


def notify(
    session: Session, *, user_id: int, kind: str, message: str, target: Target | None = None
) -> Notification:
    """Record a notice for one person (and hand it to the email sender, if one is set)."""
    return notify_each(session, [Notice(user_id, kind, message, target)])[0]


def notify_many(
    session: Session, *, user_ids: Iterable[int], kind: str, message: str, target: Target | None = None
) -> list[Notification]:
    """The same notice for several people (each once)."""
    return notify_each(session, [Notice(uid, kind, message, target) for uid in dict.fromkeys(user_ids)])


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
        raise NotFound(_("Notification not found"))
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
