"""Delivering the outbox: each queued email claimed by one sender, sent at most once, retried or failed.

``queue_email`` (``community.notifications``) keeps every email in ``outbox_emails``; ``deliver_pending``
works through them with a ``send`` function the web app gives it (SMTP or GOV.UK Notify, ``app.email``).

At most once, even with several senders at the same time (two `flask outbox send`, a worker and the web
process's thread): an email is *claimed* in its own committed transaction before it is handed to the mail
server, ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a compare-and-set ``UPDATE ... WHERE status = 'queued'`` on
SQLite (which has one writer at a time). Only the sender holding the claim may mark it sent. A sender that
dies after claiming leaves the email ``sending``: nobody can know whether the mail server took it, so after
``STALLED_AFTER`` it is marked failed with that reason (an admin may send it again) rather than sent twice.

A ``TemporaryFailure`` (SMTP 4xx, a dropped connection) puts the email back in the queue until
``backoff(attempts)`` has passed, up to ``MAX_ATTEMPTS``; a ``PermanentFailure`` (SMTP 5xx) fails it with the
mail server's reason.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from community.db import rowcount, utcnow
from community.errors import Conflict, NotFound
from community.i18n import _
from community.models import AuditEntry, EmailStatus, OutboxEmail, User
from community.pagination import Page, paginate

__all__ = [
    "MAX_ATTEMPTS",
    "STALLED_AFTER",
    "DeliveryFailure",
    "TemporaryFailure",
    "PermanentFailure",
    "Outgoing",
    "DeliveryResult",
    "backoff",
    "claim_next",
    "record_outcome",
    "fail_stalled",
    "deliver_pending",
    "next_due",
    "outbox_counts",
    "list_outbox",
    "resend_email",
]

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
STALLED_AFTER = timedelta(minutes=15)


class DeliveryFailure(Exception):
    """The mail server (or Notify) did not take an email; ``reason`` is kept on the row."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:500]


class TemporaryFailure(DeliveryFailure):
    """Try again later: a 4xx reply, a dropped or refused connection, a rate limit."""


class PermanentFailure(DeliveryFailure):
    """Never try again: a 5xx reply (no such mailbox, refused)."""


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: 1, 2, 4 ... minutes, never over 6 hours.

    >>> [int(backoff(n).total_seconds() // 60) for n in (1, 2, 3, 4)]
    [1, 2, 4, 8]
    >>> backoff(20)
    datetime.timedelta(seconds=21600)
    """
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What a sender needs of one claimed email (read while the claim's transaction was open)."""

    id: int
    to_address: str
    subject: str
    body: str
    user_id: int | None
    unsubscribe: str | None
    attempts: int


def _due(now: datetime) -> ColumnElement[bool]:
    return (OutboxEmail.status == EmailStatus.QUEUED) & or_(
        OutboxEmail.next_attempt_at.is_(None), OutboxEmail.next_attempt_at <= now
    )


def claim_next(session: Session, *, token: str, now: datetime | None = None) -> Outgoing | None:
    """Claim the oldest email that is due for the sender ``token``; None when nothing is due.

    The caller commits straight away, before sending: the claim is what keeps another sender off it.
    """
    now = now or utcnow()
    postgres = session.get_bind().dialect.name == "postgresql"
    while True:
        query = select(OutboxEmail.id).where(_due(now)).order_by(OutboxEmail.id).limit(1)
        if postgres:
            query = query.with_for_update(skip_locked=True)
        email_id = session.scalar(query)
        if email_id is None:
            return None
        # On PostgreSQL the row is locked, so this always matches; on SQLite it is the compare-and-set.
        claimed = session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id, _due(now))
            .values(status=EmailStatus.SENDING, claim_token=token, claimed_at=now,
                    attempts=OutboxEmail.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if rowcount(claimed) == 1:
            row = session.execute(
                select(OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.body, OutboxEmail.user_id,
                       OutboxEmail.unsubscribe, OutboxEmail.attempts).where(OutboxEmail.id == email_id)
            ).one()
            return Outgoing(email_id, *row)
        # Another sender took it between our read and our write: look for the next one.


def record_outcome(
    session: Session, *, email_id: int, token: str, failure: DeliveryFailure | None,
    now: datetime | None = None,
) -> EmailStatus | None:
    """Mark a claimed email sent, queued again (temporary failure) or failed; None if the claim was lost."""
    now = now or utcnow()
    attempts = session.scalar(
        select(OutboxEmail.attempts).where(OutboxEmail.id == email_id, OutboxEmail.claim_token == token,
                                           OutboxEmail.status == EmailStatus.SENDING)
    )
    if attempts is None:
        return None
    values: dict[str, object]
    if failure is None:
        status, values = EmailStatus.SENT, {"sent_at": now, "last_error": None}
    elif isinstance(failure, TemporaryFailure) and attempts < MAX_ATTEMPTS:
        status, values = EmailStatus.QUEUED, {"next_attempt_at": now + backoff(attempts),
                                              "last_error": failure.reason}
    else:
        status, values = EmailStatus.FAILED, {"last_error": failure.reason}
    session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email_id, OutboxEmail.claim_token == token)
        .values(status=status, claim_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    return status


STALLED_REASON = "The sender stopped while handing this email to the mail server: it may have arrived."


def fail_stalled(session: Session, *, now: datetime | None = None) -> int:
    """Fail emails claimed over ``STALLED_AFTER`` ago and never finished (their sender died mid-send).

    They are not sent again by themselves: the mail server may already have them. An admin can.
    """
    now = now or utcnow()
    result = session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.status == EmailStatus.SENDING, OutboxEmail.claimed_at < now - STALLED_AFTER)
        .values(status=EmailStatus.FAILED, claim_token=None, last_error=STALLED_REASON)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    stalled: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


Send = Callable[[Outgoing], None]


def deliver_pending(
    factory: sessionmaker[Session], send: Send, *, limit: int | None = None,
    clock: Callable[[], datetime] = utcnow, token: str | None = None,
) -> DeliveryResult:
    """Send every email that is due (at most ``limit``), one claim and one outcome transaction each.

    ``send(outgoing)`` delivers one email or raises a ``DeliveryFailure``; anything else it raises is taken
    as temporary (the email is retried later) and the pass goes on with the next email.
    """
    token = token or secrets.token_hex(16)
    result = DeliveryResult()
    with factory() as session, session.begin():
        result.stalled = fail_stalled(session, now=clock())
    while limit is None or result.handled < limit:
        with factory() as session, session.begin():
            outgoing = claim_next(session, token=token, now=clock())
        if outgoing is None:
            break
        failure: DeliveryFailure | None = None
        try:
            send(outgoing)
        except DeliveryFailure as error:
            failure = error
        except Exception as error:  # a bug or an unexpected library error must not stop the queue
            failure = TemporaryFailure(f"{type(error).__name__}: {error}")
        with factory() as session, session.begin():
            status = record_outcome(session, email_id=outgoing.id, token=token, failure=failure, now=clock())
        if status == EmailStatus.SENT:
            result.sent += 1
        elif status == EmailStatus.QUEUED:
            result.retrying += 1
        else:
            result.failed += 1
        if failure is not None:
            result.errors.append(f"email {outgoing.id}: {failure.reason}")
    return result


def next_due(session: Session) -> datetime | None:
    """When the next queued email is due (None: nothing queued); a past time means now."""
    return session.scalar(
        select(func.min(func.coalesce(OutboxEmail.next_attempt_at, OutboxEmail.created_at)))
        .where(OutboxEmail.status == EmailStatus.QUEUED)
    )


def outbox_counts(session: Session) -> dict[str, int]:
    """How many emails are in each status (every status listed, zero or not)."""
    counts = dict.fromkeys((s.value for s in EmailStatus), 0)
    for status, count in session.execute(
        select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)
    ):
        counts[str(status)] = count
    return counts


def list_outbox(session: Session, *, status: str, page: int = 1, per_page: int = 25) -> Page[OutboxEmail]:
    """Emails in one status, newest first (failed ones are what an admin looks at)."""
    if status not in {s.value for s in EmailStatus}:
        raise NotFound(_("There is no such list of emails"))
    query = (
        select(OutboxEmail).where(OutboxEmail.status == status)
        .order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc())
    )
    return paginate(session, query, page=page, per_page=per_page)


def resend_email(session: Session, *, actor: User, email_id: int) -> OutboxEmail:
    """Queue a failed email again, from a fresh count of attempts (an admin's "send again")."""
    email = session.get(OutboxEmail, email_id)
    if email is None:
        raise NotFound(_("Email not found"))
    if email.status != EmailStatus.FAILED:
        raise Conflict(_("Only an email that failed can be sent again."))
    email.status = EmailStatus.QUEUED
    email.attempts = 0
    email.next_attempt_at = None
    email.claim_token = None
    session.add(AuditEntry(actor_id=actor.id, action="email.resent", target_type="outbox_email",
                           target_id=email.id, detail=email.last_error or ""))
    email.last_error = None
    session.flush()
    return email
