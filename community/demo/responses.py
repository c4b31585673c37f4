"""Who answered each need, and when: the response history behind every status."""

from __future__ import annotations

from datetime import datetime, timedelta

from community.demo.texts import RESPONSE_MESSAGES, UNMET_REASONS
from community.demo.world import GroupInfo, World
from community.posts.expiry import REMINDER_LEAD

__all__ = ["Responder"]

_FIRST_RESPONSE_HOURS = {"today": 3.0, "this_week": 14.0, "no_rush": 36.0}
_SEE_RESPONSE_CHANCE = {"open": 0.6, "closed_unmet": 0.25, "withdrawn": 0.15, "expired": 0.15}


class Responder:
    """Settles each need's status and writes its responses, keeping every timestamp in the past."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rows: list[dict] = []
        self._groups: dict[tuple[int, int, bool], list[int]] = {}

    def _serving(self, ward: int, category: int, regulated: bool) -> list[int]:
        key = (ward, category, regulated)
        if key not in self._groups:
            groups = self.world.groups
            self._groups[key] = [
                g for g in self.world.serving.get((ward, category), ())
                if (groups[g].dbs_valid if regulated else groups[g].active)
            ]
        return self._groups[key]

    def _group_only(self, row: dict) -> bool:
        # Sensitive and regulated needs, and those not shown to the public, are answered by groups.
        info = self.world.categories[row["_category"]]
        return info.regulated or info.sensitive or row["visibility"] != "public"

    def can_help(self, row: dict) -> bool:
        ward, category = row["_ward"], row["_category"]
        if (ward, category) in self.world.gaps:
            return False
        regulated = self.world.categories[category].regulated
        return bool(self._serving(ward, category, regulated)) or not self._group_only(row)

    def _helper(self, row: dict, exclude: set[int]) -> tuple[int, GroupInfo | None] | None:
        world, rng = self.world, self.world.rng
        ward, category = row["_ward"], row["_category"]
        regulated = world.categories[category].regulated
        groups = self._serving(ward, category, regulated)
        group_only = self._group_only(row)
        for _ in range(6):
            if groups and (group_only or rng.random() < 0.55):
                group = world.groups[rng.choice(groups)]
                person = rng.choice(group.dbs_valid if regulated else group.active)
            elif not group_only:
                group, person = None, rng.choice(world.wards[ward].people)
            else:
                return None
            if person not in exclude:
                return person, group
        return None

    def settle(self, row: dict, status: str, helpable: bool, *, forced: bool = False) -> None:
        """Give the need its final ``status`` (or the nearest one its timeline allows) and responses."""
        world, rng, now = self.world, self.world.rng, self.world.now
        created, expires = row["created_at"], row["expires_at"]
        if status == "expired" and expires > now:
            status = "open"
        if status == "open" and expires <= now and not forced:
            status = "expired"
        exclude = {row["_poster"], row["_requester"]} - {None}
        first = None
        chance = 1.0 if status in ("met", "in_progress") else _SEE_RESPONSE_CHANCE.get(status, 0)
        if forced or rng.random() < chance:
            hours = rng.expovariate(1 / _FIRST_RESPONSE_HOURS[row["urgency"]]) + 0.1
            first = (created + timedelta(hours=hours)).replace(microsecond=0)
            if forced and first > now:
                first = world.between(created, now)
        if first is not None and first > now:
            first = None
        if first is None and status in ("met", "in_progress"):
            status = "open"

        if status in ("met", "in_progress") and first is not None:  # always has a first response by now
            status = self._accepted(row, status, first, exclude)
        if status == "open" and first is not None:
            for _ in range(2 if forced else rng.choice((1, 1, 2))):
                self._response(row, exclude, "offered", world.between(first, now))
        elif status in ("closed_unmet", "withdrawn", "expired"):
            closed = min(self._closed_at(status, created, expires), now)
            if first is not None and first > closed:
                first = None
            row["closed_at"] = closed
            if status == "expired":
                # Needs expire only after their poster was reminded and did not renew.
                row["reminded_at"] = expires - REMINDER_LEAD
            if status == "closed_unmet":
                row["unmet_reason"] = self._unmet_reason(row, helpable)
            if first is not None:
                kind = "withdrawn" if status == "closed_unmet" else rng.choice(("declined", "withdrawn"))
                self._response(row, exclude, kind, first, decided=closed)
        row["status"] = status
        if row["first_response_at"] is None and first is not None and self._has_responses(row):
            row["first_response_at"] = first
        for key in [k for k in row if k.startswith("_")]:
            del row[key]

    def _closed_at(self, status: str, created: datetime, expires: datetime) -> datetime:
        between, day = self.world.between, timedelta(days=1)
        if status == "closed_unmet":
            return between(created + 3 * day, created + 25 * day)
        if status == "withdrawn":
            return between(created + timedelta(hours=1), created + 10 * day)
        return expires

    def _accepted(self, row: dict, status: str, first: datetime, exclude: set[int]) -> str:
        world, rng, now = self.world, self.world.rng, self.world.now
        found = self._helper(row, exclude)
        if found is None:
            return "open"
        person, group = found
        exclude.add(person)
        accepted = (first + timedelta(hours=rng.uniform(0.2, 20))).replace(microsecond=0)
        if accepted > now:
            self._add(row, person, group, "offered", first)
            return "open"
        met = None
        if status == "met":
            within = 24 if row["urgency"] == "today" else 120
            met = (accepted + timedelta(hours=rng.uniform(2, within))).replace(microsecond=0)
            if met > now:
                status, met = "in_progress", None
        self._add(row, person, group, "completed" if met else "accepted", first, decided=accepted,
                  completed=met)
        row.update(first_response_at=first, accepted_at=accepted, met_at=met, closed_at=met)
        if group is not None:
            row["group_id"], row["assigned_to_id"] = group.id, world.people[person].id
            if row["on_behalf_group_id"] not in (None, group.id):
                row["referred_to_group_id"] = group.id
        if met and row["requester_id"] is not None:
            world.events.append((row["_requester"], "need_met",
                                 f"Your need “{row['title']}” was marked as met.", met))
        if status == "met" and rng.random() < 0.25:
            self._response(row, exclude, "declined", world.between(first, accepted), decided=accepted)
        elif status == "in_progress" and rng.random() < 0.2:
            self._response(row, exclude, "offered", world.between(first, now))
        return status

    def _response(
        self, row: dict, exclude: set[int], status: str, created: datetime, decided: datetime | None = None
    ) -> None:
        found = self._helper(row, exclude)
        if found is not None:
            exclude.add(found[0])
            self._add(row, found[0], found[1], status, created, decided=decided)

    def _add(
        self, row: dict, person: int, group: GroupInfo | None, status: str, created: datetime,
        decided: datetime | None = None, completed: datetime | None = None,
    ) -> None:
        world = self.world
        self.rows.append({
            "id": len(self.rows) + 1,
            "need_id": row["id"],
            "helper_id": world.people[person].id,
            "group_id": group.id if group else None,
            "message": world.rng.choice(RESPONSE_MESSAGES),
            "status": status,
            "hidden": False,
            "created_at": created,
            "decided_at": decided,
            "completed_at": completed,
        })
        if status == "offered" and row["requester_id"] is not None:
            world.events.append((row["_requester"], "response_received",
                                 f"{world.people[person].first} offered to help with “{row['title']}”.",
                                 created))

    def _has_responses(self, row: dict) -> bool:
        return bool(self.rows) and self.rows[-1]["need_id"] == row["id"]

    def _unmet_reason(self, row: dict, helpable: bool) -> str:
        info = self.world.categories[row["_category"]]
        if info.regulated and not helpable:
            return UNMET_REASONS[2]
        if (row["_ward"], row["_category"]) in self.world.gaps:
            return UNMET_REASONS[1]
        return self.world.rng.choice(UNMET_REASONS)
