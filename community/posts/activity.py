"""A person's own needs, offers and responses, with their statuses and what happened when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from community.errors import NotFound
from community.i18n import _
from community.models import Need, Offer, Response, User
from community.posts.disclosure import disclosure_for
from community.posts.visibility import can_manage_need, can_view_need

__all__ = ["Activity", "HistoryEvent", "my_activity", "need_history", "responses_for_need"]


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    when: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Activity:
    needs: list[Need]
    # need id → responses still waiting for an answer
    waiting: dict[int, int]
    offers: list[Offer]
    responses: list[Response]

    @property
    def empty(self) -> bool:
        return not (self.needs or self.offers or self.responses)


def my_activity(session: Session, *, user: User) -> Activity:
    needs = session.scalars(
        select(Need)
        .where(or_(Need.posted_by_id == user.id, Need.requester_id == user.id))
        .options(selectinload(Need.category))
        .order_by(Need.created_at.desc(), Need.id.desc())
    ).all()
    waiting = dict(
        session.execute(
            select(Response.need_id, func.count())
            .where(Response.need_id.in_([n.id for n in needs]), Response.status == "offered")
            .group_by(Response.need_id)
        ).all()
    ) if needs else {}
    offers = session.scalars(
        select(Offer)
        .where(Offer.user_id == user.id)
        .options(selectinload(Offer.category))
        .order_by(Offer.created_at.desc(), Offer.id.desc())
    ).all()
    responses = session.scalars(
        select(Response)
        .where(Response.helper_id == user.id)
        .options(selectinload(Response.need))
        .order_by(Response.created_at.desc(), Response.id.desc())
    ).all()
    return Activity(list(needs), waiting, list(offers), list(responses))


def responses_for_need(session: Session, *, need: Need, viewer: User) -> list[Response]:
    """All responses for those who manage the need (and connectors); a helper sees only their own; a poster
    who may not see helpers (``community.posts.disclosure``) none."""
    if not can_view_need(session, viewer, need):
        raise NotFound(_("Need not found"))
    if not disclosure_for(session, viewer, need).helpers:
        return []
    query = select(Response).where(Response.need_id == need.id).options(selectinload(Response.helper))
    if viewer.is_connector:
        pass
    elif can_manage_need(session, viewer, need):
        query = query.where(or_(Response.hidden.is_(False), Response.helper_id == viewer.id))
    else:
        query = query.where(Response.helper_id == viewer.id)
    return list(session.scalars(query.order_by(Response.created_at, Response.id)))


def need_history(session: Session, *, need: Need, viewer: User) -> list[HistoryEvent]:
    """What happened to a need, oldest first, in words the poster and their helper understand."""
    events = [HistoryEvent(need.created_at, _("Posted"))]
    if not disclosure_for(session, viewer, need).helpers and need.accepted_at is not None:
        # No offers to tell it by (``responses_for_need`` gives this viewer none): only that it was.
        events.append(HistoryEvent(need.accepted_at, _("Taken on")))
    for response in responses_for_need(session, need=need, viewer=viewer):
        name = response.helper.display_name if response.helper else _("A helper")
        events.append(HistoryEvent(response.created_at, _("%(name)s offered to help", name=name)))
        if response.decided_at is not None:
            decided = {"accepted": _("%(name)s was accepted", name=name),
                       "declined": _("%(name)s was not taken up", name=name),
                       "withdrawn": _("%(name)s withdrew", name=name),
                       "completed": _("%(name)s was accepted", name=name)}.get(response.status)
            if decided:
                events.append(HistoryEvent(response.decided_at, decided))
        if response.completed_at is not None:
            events.append(HistoryEvent(response.completed_at, _("%(name)s helped", name=name)))
    if need.reminded_at is not None:
        events.append(HistoryEvent(need.reminded_at, _("Asked whether it is still needed")))
    if need.met_at is not None:
        events.append(HistoryEvent(need.met_at, _("Marked as met")))
    elif need.closed_at is not None:
        text = {"withdrawn": _("Withdrawn"), "expired": _("Closed after it was not renewed"),
                "closed_unmet": _("Closed without being met: %(reason)s",
                                  reason=need.unmet_reason or _("no reason given"))}
        events.append(HistoryEvent(need.closed_at, text.get(need.status, _("Closed"))))
    return sorted(events, key=lambda e: e.when)
