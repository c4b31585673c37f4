"""Every kind of viewer and every kind of need, for the tests that one visibility rule holds everywhere.

Needs: each visibility × open or in progress × hidden or not × held by a group or not, all posted by one
person for another (the requester), all at the same place, each with the same accepted helper. Viewers:
a stranger, a member of some other group, a member and a coordinator of the group that holds the held
needs, the accepted helper, the poster, the requester and a connector (and, on the web, nobody at all).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from community.models import Need, Response, User
from community.models.posts import VISIBILITIES
from tests.builders.groups import make_group, make_membership
from tests.builders.people import make_user
from tests.builders.places import make_category
from tests.builders.posts import make_need

VIEWER_KINDS = ("stranger", "group_member", "holder_member", "holder_coordinator", "helper", "poster",
                "requester", "connector")
STATUSES = ("open", "in_progress")


@dataclass
class World:
    viewers: dict[str, User] = field(default_factory=dict)
    needs: dict[str, Need] = field(default_factory=dict)  # by title
    holder_id: int = 0


def title_for(visibility: str, status: str, hidden: bool, held: bool) -> str:
    return f"{visibility} {status} {'hidden' if hidden else 'shown'} {'held' if held else 'free'}"


def build_world(session, *, at: tuple[float, float], home: tuple[float, float] | None = None) -> World:
    """The world, flushed (callers commit when a web app must see it)."""
    home = home or at
    world = World()
    people = {kind: make_user(session, name=kind.replace("_", " ").title(),
                                role="connector" if kind == "connector" else "resident", home=home)
              for kind in VIEWER_KINDS}
    other, holder = make_group(session), make_group(session, coordinator=people["holder_coordinator"])
    make_membership(session, user=people["group_member"], group=other)
    make_membership(session, user=people["holder_member"], group=holder)
    category = make_category(session, slug="shopping")
    for visibility, status, hidden, held in itertools.product(VISIBILITIES, STATUSES, (False, True),
                                                              (False, True)):
        title = title_for(visibility, status, hidden, held)
        need = make_need(session, poster=people["poster"], category=category, title=title, status=status,
                         visibility=visibility, at=at, hidden=hidden, group_id=holder.id if held else None)
        need.requester_id = people["requester"].id
        session.add(Response(need_id=need.id, helper_id=people["helper"].id, message="Yes",
                             status="accepted"))
        world.needs[title] = need
    session.flush()
    world.viewers, world.holder_id = people, holder.id
    return world


def listed(viewer_kind: str, need: Need, visible: bool) -> bool:
    """Whether the near-me list and the map show ``need`` to the viewer, given whether they may see it:
    other people's open needs that are not hidden."""
    own = viewer_kind in ("poster", "requester")
    return visible and need.status == "open" and not need.hidden and not own
