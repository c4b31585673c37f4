"""The published directory's ids and imported listings, claims to run a listing, personal API tokens."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from community.models import ApiToken, ListingClaim, User
from community.personal_data.registry import Erasure, no_personal_data, register, row_dict

no_personal_data("directory_ids", why="the UUIDs groups, categories and wards are published under")
no_personal_data("directory_listings", why="where an imported group's listing came from, and when")


def _claims(session: Session, user: User) -> list[dict[str, Any]]:
    query = select(ListingClaim).where(ListingClaim.user_id == user.id).order_by(ListingClaim.id)
    rows = session.scalars(query)
    return [row_dict(c) | {"group": c.group.name} for c in rows]


def _delete_claims(session: Session, erasure: Erasure) -> None:
    session.execute(delete(ListingClaim).where(ListingClaim.user_id == erasure.user.id))


register("listing_claims", export=_claims, erase=_delete_claims, free_text=("message",))


def _tokens(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    # The digest is left out: it is a credential, not information about the person.
    return [row_dict(t, leave_out=("token_hash",)) for t in rows]


def _delete_tokens(session: Session, erasure: Erasure) -> None:
    session.execute(delete(ApiToken).where(ApiToken.user_id == erasure.user.id))


register("api_tokens", export=_tokens, erase=_delete_tokens, free_text=("name",))
