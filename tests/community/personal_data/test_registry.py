"""Every table is registered for export and erasure, or declared to hold nothing about anyone."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, Text

from community.db import Base
from community.personal_data import NOT_PERSONAL, REGISTRY, register
from community.personal_data.registry import Erasure

# What a person's data is keyed by: a table referring to one of these holds personal data.
PEOPLE = {"users"}


def unaccounted(metadata: MetaData) -> list[str]:
    return sorted(name for name in metadata.tables if name not in REGISTRY and name not in NOT_PERSONAL)


def naming_people_but_not_registered(metadata: MetaData) -> list[str]:
    return sorted(
        table.name for table in metadata.tables.values()
        if any(fk.column.table.name in PEOPLE for fk in table.foreign_keys) and table.name not in REGISTRY
    )


HOW = (
    "register each table in a module under community/personal_data/tables/ (register(...) or "
    "no_personal_data(...)) and extend tests/builders/personal_data.py use_everything; see "
    "docs/architecture.md, "
    "People's data"
)


def test_every_table_says_what_it_holds_about_people():
    assert unaccounted(Base.metadata) == [], HOW
    assert naming_people_but_not_registered(Base.metadata) == [], HOW


def test_the_checks_catch_a_table_nobody_registered():
    # The control: a copy of the schema with one more table referring to people.
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("subscriptions", metadata, Column("id", Integer, primary_key=True),
          Column("user_id", ForeignKey("users.id")), Column("note", Text))

    assert unaccounted(metadata) == ["subscriptions"]
    assert naming_people_but_not_registered(metadata) == ["subscriptions"]


def test_registering_a_table_twice_or_one_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="twice"):
        register("needs")
    with pytest.raises(ValueError, match="no table"):
        register("no_such_table")
    with pytest.raises(ValueError, match="twice"):
        register("areas")


def test_scrubbing_matches_whole_names_in_any_case_and_leaves_short_ones_alone():
    from community.models import User

    jo = User(display_name="Jo", email="jo.b@example.com", email_normalised="jo.b@example.com",
              phone="07700 900 123")
    erasure = Erasure.of(jo, now=None)
    assert erasure.identifiers == ("jo.b@example.com", "07700 900 123")
    assert erasure.scrub("Jo said: mail JO.B@example.com or ring 07700 900 123; Joanna agreed") == (
        "Jo said: mail Deleted user or ring Deleted user; Joanna agreed"
    )
