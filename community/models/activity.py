"""Notices to people, the moderation queue, the audit trail and outgoing email."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.types import StringEnum, UTCDateTime, one_of, values_of
from community.models.users import User

__all__ = [
    "Notification",
    "OutboxEmail",
    "EmailStatus",
    "EMAIL_STATUSES",
    "Report",
    "AuditEntry",
    "ReportTarget",
    "ReportStatus",
    "REPORT_TARGETS",
    "REPORT_STATUSES",
]


class ReportTarget(StrEnum):
    """What a report can be about."""

    NEED = "need"
    OFFER = "offer"
    RESPONSE = "response"
    GROUP = "group"
    USER = "user"


class ReportStatus(StrEnum):
    OPEN = "open"
    HIDDEN = "hidden"
    RESTORED = "restored"
    DISMISSED = "dismissed"


REPORT_TARGETS = values_of(ReportTarget)
REPORT_STATUSES = values_of(ReportStatus)


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(500))
    # What the notice links to (``community.notifications.Target``); the web app makes the URL.
    target_kind: Mapped[str | None] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column()
    target_action: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EmailStatus(StrEnum):
    """Where an email is on its way out (``community.outbox``)."""

    QUEUED = "queued"  # waiting, perhaps until ``next_attempt_at`` after a temporary failure
    SENDING = "sending"  # claimed by one sender, which is handing it to the mail server now
    SENT = "sent"
    FAILED = "failed"  # refused for good, or the sender stopped mid-send (``last_error`` says which)


EMAIL_STATUSES = values_of(EmailStatus)


class OutboxEmail(Base):
    """An email on its way out: queued here by ``queue_email`` and delivered by ``community.outbox``."""

    __tablename__ = "outbox_emails"
    __table_args__ = (
        one_of("status", EMAIL_STATUSES),
        Index("ix_outbox_emails_status_next_attempt", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Whose email it is (None for an address with no account yet); the footer's "manage" link is theirs.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[EmailStatus] = mapped_column(StringEnum(EmailStatus, 16), default=EmailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(500))
    # What a one-click unsubscribe from this email stops ("subscription:12", "digest:coordinator"); None for
    # email a person cannot opt out of (a password reset).
    unsubscribe: Mapped[str | None] = mapped_column(String(60))


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        one_of("target_type", REPORT_TARGETS),
        one_of("status", REPORT_STATUSES),
        Index("ix_reports_status_created", "status", "created_at"),
        Index("ix_reports_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    target_type: Mapped[ReportTarget] = mapped_column(StringEnum(ReportTarget, 16))
    target_id: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ReportStatus] = mapped_column(StringEnum(ReportStatus, 16), default=ReportStatus.OPEN)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])


class AuditEntry(Base):
    """Who viewed or changed personal data, or moderated something. Append-only."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
