"""Roles (resident, connector, officer, admin), who may change them, and the admins' list of people."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from community.errors import Conflict, PermissionDenied, ValidationFailed
from community.i18n import _
from community.models import AuditEntry, User, UserRole
from community.models.users import ROLES
from community.pagination import Page, paginate

__all__ = [
    "ROLE_LABELS",
    "ROLE_DESCRIPTIONS",
    "UserPage",
    "role_problem",
    "set_role",
    "set_role_by_operator",
    "list_users",
    "record_user_audit",
    "require_admin",
]

ROLE_LABELS = {"resident": _("Resident"), "connector": _("Connector"), "officer": _("Council officer"),
               "admin": _("Admin")}
ROLE_DESCRIPTIONS = {
    "resident": _("Can post offers and needs, respond to them and join community groups."),
    "connector": _(
        "Can also see coverage and the community network, and suggest introductions between groups.",
    ),
    "officer": _(
        "Works in one or more council teams: refers residents to the community and answers escalations.",
    ),
    "admin": _("Can also see everyone's account and change their role."),
}


def role_problem(role: str | None) -> str | None:
    """
    >>> role_problem("connector") is None
    True
    >>> role_problem("superuser")
    'Select a role: resident, connector, officer or admin'
    """
    if role not in ROLES:
        return _("Select a role: %(roles)s or %(last)s", roles=', '.join(ROLES[:-1]), last=ROLES[-1])
    return None


def require_admin(actor: User | None) -> None:
    if actor is None or not getattr(actor, "is_admin", False) or not actor.is_active:
        raise PermissionDenied(_("Only an admin can do this"))


def set_role(session: Session, *, actor: User, user: User, role: str) -> None:
    """An admin grants or removes the connector and admin roles; the last admin cannot step down."""
    require_admin(actor)
    if user.role == UserRole.ADMIN and role != UserRole.ADMIN and user.deleted_at is None:
        admins = session.execute(
            select(func.count(User.id)).where(User.role == UserRole.ADMIN, User.deleted_at.is_(None))
        ).scalar_one()
        if admins <= 1:
            raise Conflict(_("Weave needs at least one admin: make someone else an admin first"))
    _change_role(session, actor=actor, user=user, role=role)


def set_role_by_operator(session: Session, *, user: User, role: str) -> None:
    """The console's way in (``flask users set-role``): whoever runs it already controls the server."""
    _change_role(session, actor=None, user=user, role=role)


def _change_role(session: Session, *, actor: User | None, user: User, role: str) -> None:
    problem = role_problem(role)
    if problem:
        raise ValidationFailed({"role": problem})
    if user.deleted_at is not None:
        raise Conflict(_("This account has been deleted"))
    if user.role == role:
        return
    previous, user.role = user.role, UserRole(role)
    via = "" if actor is not None else ", from the console"
    record_user_audit(
        session, actor=actor, action="user.role_changed", user=user, detail=f"{previous} to {role}{via}"
    )


class UserPage(Page[User]):
    @property
    def users(self) -> list[User]:
        return self.items


def list_users(
    session: Session, *, actor: User, search: str = "", page: int = 1, per_page: int = 25
) -> UserPage:
    """Accounts that have not been deleted, by name, optionally matching ``search`` in name or email."""
    require_admin(actor)
    query = select(User).where(User.deleted_at.is_(None))
    search = search.strip().lower()
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                User.email_normalised.like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    return paginate(session, query.order_by(func.lower(User.display_name), User.id), page=page,
                    per_page=per_page, clamp=True, page_type=UserPage)


def record_user_audit(
    session: Session, *, actor: User | None, action: str, user: User, detail: str = ""
) -> None:
    session.add(
        AuditEntry(
            actor_id=actor.id if actor is not None else None,
            action=action,
            target_type="user",
            target_id=user.id,
            detail=detail,
        )
    )
    session.flush()
