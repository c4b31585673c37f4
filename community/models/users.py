"""People who use Weave."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from community.db import Base, utcnow
from community.models.types import StringEnum, UTCDateTime, one_of, values_of

__all__ = ["User", "UserRole", "ROLES"]


class UserRole(StrEnum):
    """Everyone is a resident; group coordinators are made by memberships, not by this column."""

    RESIDENT = "resident"
    CONNECTOR = "connector"
    # A council officer: works in one or more council teams (``community.council``).
    OFFICER = "officer"
    ADMIN = "admin"


ROLES = values_of(UserRole)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    # Lower-cased copy: uniqueness regardless of case, kept portable across SQLite and PostgreSQL.
    email_normalised: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[UserRole] = mapped_column(StringEnum(UserRole, 16), default=UserRole.RESIDENT)
    # Bumped on sign-out and password change so that a captured session cookie stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Private: never leaves the server unblurred.
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lng: Mapped[float | None] = mapped_column(Float)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    consented_terms_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the person proved the address is theirs (by a link sent to it); None: not yet.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An administrator suspended the account: nobody can sign in to it and its open posts are hidden.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(String(500))

    # The four members Flask-Login needs, without importing Flask into the domain.
    @property
    def is_active(self) -> bool:
        return self.deleted_at is None and self.suspended_at is None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_connector(self) -> bool:
        return self.role in (UserRole.CONNECTOR, UserRole.ADMIN)

    @property
    def is_officer(self) -> bool:
        return self.role == UserRole.OFFICER

    @property
    def is_admin(self) -> bool:
        return self.role == UserRole.ADMIN

    @property
    def has_home(self) -> bool:
        return self.home_lat is not None and self.home_lng is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
