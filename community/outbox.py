"""Delivering the outbox: each queued email claimed by one sender, sent at most once, retried or failed.

``queue_email`` (``community.notifications``) keeps every email in ``outbox_emails``; ``deliver_pending``
works through them with a ``send`` function the web app gives it (SMTP or GOV.UK Notify, ``app.email``).

At most once, even with several senders at the same time (two `flask outbox send`, a worker and the web
process's thread): emails are *claimed* a batch at a time in a committed transaction, ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, a compare-and-set ``UPDATE ... WHERE status = 'queued'`` on SQLite (which has one
writer at a time); then each is stamped *handed over* (``claimed_at``) in a committed transaction just before
it goes to the mail server. Only the sender holding the claim may mark it sent. A sender that dies leaves
its claims: those never handed over go back in the queue when their lease lapses; the one it was handing
over stays ``sending``, and as nobody can know whether the mail server took it, after ``STALLED_AFTER`` it is
marked failed with that reason (an admin may send it again) rather than sent twice.

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
    "claim_batch",
    "claim_next",
    "hand_over",
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


CLAIM_BATCH = 20
# How long a claimed email that has not been handed over yet stays its sender's.
CLAIM_LEASE = timedelta(minutes=5)


def claim_batch(
    session: Session, *, token: str, now: datetime | None = None, size: int = CLAIM_BATCH
) -> list[Outgoing]:
    """Claim up to ``size`` of the oldest emails that are due, for the sender ``token``, oldest first.

    A claimed email is ``sending`` with no ``claimed_at`` yet: it is its sender's for ``CLAIM_LEASE``
    (``next_attempt_at``), and is only taken as handed over once ``hand_over`` has stamped it. The caller
    commits straight away: the claim is what keeps other senders off these emails.
    """
    now = now or utcnow()
    query = select(OutboxEmail.id).where(_due(now)).order_by(OutboxEmail.id).limit(size)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    while True:
        ids = list(session.scalars(query))
        if not ids:
            return []
        claimed = _claim(session, ids, token=token, now=now)
        if claimed:
            return claimed
        # Another sender took every one of them between our read and our write: look again.


def _claim(session: Session, ids: list[int], *, token: str, now: datetime) -> list[Outgoing]:
    # On PostgreSQL the rows are locked, so this takes them all; on SQLite (one writer at a time) it is a
    # compare-and-set: a row another sender took since our read is no longer due, and is left out.
    session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id.in_(ids), _due(now))
        .values(status=EmailStatus.SENDING, claim_token=token, claimed_at=None,
                next_attempt_at=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False)
    )
    rows = session.execute(
        select(OutboxEmail.id, OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.body,
               OutboxEmail.user_id, OutboxEmail.unsubscribe, OutboxEmail.attempts)
        .where(OutboxEmail.id.in_(ids), OutboxEmail.claim_token == token,
               OutboxEmail.status == EmailStatus.SENDING, OutboxEmail.claimed_at.is_(None))
        .order_by(OutboxEmail.id)
    )
    return [Outgoing(row[0], row[1], row[2], row[3], row[4], row[5], row[6] + 1) for row in rows]


def hand_over(session: Session, *, email: Outgoing, token: str, now: datetime | None = None) -> bool:
    """Stamp a claimed email as being handed to the mail server now; False if the claim was lost.

    Commit this before sending: from here on the email is never sent again by itself.
    """
    result = session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email.id, OutboxEmail.claim_token == token,
               OutboxEmail.status == EmailStatus.SENDING, OutboxEmail.claimed_at.is_(None))
        .values(claimed_at=now or utcnow(), attempts=email.attempts)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


def claim_next(session: Session, *, token: str, now: datetime | None = None) -> Outgoing | None:
    """Claim and hand over the oldest email that is due (one at a time; ``deliver_pending`` batches)."""
    now = now or utcnow()
    for email in claim_batch(session, token=token, now=now, size=1):
        if hand_over(session, email=email, token=token, now=now):
            return email
    return None


def record_outcome(
    session: Session, *, email: Outgoing, token: str, failure: DeliveryFailure | None,
    now: datetime | None = None,
) -> EmailStatus | None:
    """Mark a handed-over email sent, queued again (a temporary failure) or failed; None: claim lost."""
    now = now or utcnow()
    values: dict[str, object]
    if failure is None:
        status, values = EmailStatus.SENT, {"sent_at": now, "last_error": None, "next_attempt_at": None}
    elif isinstance(failure, TemporaryFailure) and email.attempts < MAX_ATTEMPTS:
        status, values = EmailStatus.QUEUED, {"next_attempt_at": now + backoff(email.attempts),
                                              "last_error": failure.reason}
    else:
        status, values = EmailStatus.FAILED, {"last_error": failure.reason, "next_attempt_at": None}
    result = session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email.id, OutboxEmail.claim_token == token,
               OutboxEmail.status == EmailStatus.SENDING)
        .values(status=status, claim_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    return status if rowcount(result) == 1 else None


def _release(session: Session, *, token: str | None, now: datetime) -> int:
    """Queue again the claims never handed over: this sender's (``token``), or any whose lease lapsed."""
    which = (OutboxEmail.claim_token == token) if token is not None else (OutboxEmail.next_attempt_at < now)
    result = session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.status == EmailStatus.SENDING, OutboxEmail.claimed_at.is_(None), which)
        .values(status=EmailStatus.QUEUED, claim_token=None, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


STALLED_REASON = "The sender stopped while handing this email to the mail server: it may have arrived."


def fail_stalled(session: Session, *, now: datetime | None = None) -> int:
    """Tidy up after senders that died: claims never handed over go back in the queue once their lease has
    lapsed; an email handed over ``STALLED_AFTER`` ago with no outcome is failed, not sent again (the mail
    server may already have it; an admin can send it again). Returns how many were failed."""
    now = now or utcnow()
    _release(session, token=None, now=now)
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

    def count(self, status: EmailStatus | None, email: Outgoing, failure: DeliveryFailure | None) -> None:
        if status == EmailStatus.SENT:
            self.sent += 1
        elif status == EmailStatus.QUEUED:
            self.retrying += 1
        elif status == EmailStatus.FAILED:
            self.failed += 1
        if failure is not None:
            self.errors.append(f"email {email.id}: {failure.reason}")


Send = Callable[[Outgoing], None]


def deliver_pending(
    factory: sessionmaker[Session], send: Send, *, limit: int | None = None,
    clock: Callable[[], datetime] = utcnow, token: str | None = None, batch: int = CLAIM_BATCH,
) -> DeliveryResult:
    """Send every email that is due (at most ``limit``).

    Emails are claimed ``batch`` at a time; each is then stamped as handed over in a committed transaction
    before it is sent, the same transaction that records the previous email's outcome (one commit per email).
    ``send(outgoing)`` delivers one email or raises a ``DeliveryFailure``; anything else it raises is taken
    as temporary (the email is retried later) and the pass goes on with the next email.
    """
    token = token or secrets.token_hex(16)
    result = DeliveryResult()
    with factory() as session, session.begin():
        result.stalled = fail_stalled(session, now=clock())
    done: tuple[Outgoing, DeliveryFailure | None] | None = None

    def record(session: Session) -> None:
        if done is not None:
            email, failure = done
            result.count(record_outcome(session, email=email, token=token, failure=failure, now=clock()),
                         email, failure)

    try:
        while limit is None or result.handled + (done is not None) < limit:
            room = batch if limit is None else min(batch, limit - result.handled - (done is not None))
            with factory() as session, session.begin():
                record(session)
                done = None
                claimed = claim_batch(session, token=token, now=clock(), size=room)
            if not claimed:
                break
            for email in claimed:
                with factory() as session, session.begin():
                    record(session)
                    done = None
                    handed = hand_over(session, email=email, token=token, now=clock())
                if not handed:
                    continue
                failure: DeliveryFailure | None = None
                try:
                    send(email)
                except DeliveryFailure as error:
                    failure = error
                except Exception as error:  # a bug or an unexpected library error must not stop the queue
                    failure = TemporaryFailure(f"{type(error).__name__}: {error}")
                done = (email, failure)
    finally:
        with factory() as session, session.begin():
            record(session)
            done = None
            _release(session, token=token, now=clock())
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
