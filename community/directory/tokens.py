"""Personal API tokens: for scripts and other systems, sent as ``Authorization: Bearer <token>``.

The account owner or an administrator makes and revokes them. The secret is shown once, when it is made;
only its SHA-256 digest is kept. A ``read`` token may only read; ``read_write`` may do what its owner may.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.errors import NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import ApiToken, TokenScope, User
from community.models.directory import TOKEN_SCOPES

__all__ = ["PREFIX", "create_api_token", "revoke_api_token", "list_api_tokens", "user_for_token",
           "digest"]

PREFIX = "weave_"
NAME = TextLimit(_("Name"), 80)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _owner(session: Session, actor: User, user_id: int) -> User:
    if actor.id != user_id and not actor.is_admin:
        raise PermissionDenied(_("Only the account’s owner or an administrator can manage its tokens."))
    owner = session.get(User, user_id)
    if owner is None or owner.deleted_at is not None:
        raise NotFound(_("There is no such account"))
    return owner


def create_api_token(session: Session, *, actor: User, user_id: int, name: str,
                     scope: str) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once; only the digest is kept)."""
    owner = _owner(session, actor, user_id)
    errors = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Enter a name for the token, like “ward report script”")
    elif NAME.exceeded_by(name):
        errors["name"] = NAME.message
    if scope not in TOKEN_SCOPES:
        errors["scope"] = _("Select what the token may do")
    if errors:
        raise ValidationFailed(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=owner.id, name=name, scope=TokenScope(scope), token_hash=digest(secret),
                     created_by_id=actor.id)
    session.add(token)
    session.flush()
    return token, secret


def list_api_tokens(session: Session, *, actor: User, user_id: int) -> list[ApiToken]:
    owner = _owner(session, actor, user_id)
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == owner.id)
                                .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())))


def revoke_api_token(session: Session, *, actor: User, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_("There is no such token"))
    _owner(session, actor, token.user_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def user_for_token(session: Session, secret: str) -> tuple[User, ApiToken] | None:
    """The active account a token belongs to, and the token; None for an unknown or revoked one."""
    if not secret.startswith(PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    return token.user, token
