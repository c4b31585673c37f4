"""The schema comes only from migrations, and the migrations agree with the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from community.db import Base
from community.migrate import current_revision, head_revisions

PROJECT = Path(__file__).resolve().parent.parent


def test_there_is_a_single_head_and_it_is_recorded():
    heads = head_revisions()
    assert len(heads) == 1, f"several Alembic heads: {heads}; merge them"
    recorded = (PROJECT / "migrations" / ".current-alembic-head").read_text().strip()
    assert heads[0] == recorded, (
        "migrations/.current-alembic-head is out of date: write the new head into it, so that two "
        "branches adding migrations conflict in git"
    )


def test_empty_database_upgrades_to_head(engine):
    # The session fixture upgraded an empty database (on SQLite or PostgreSQL) with the migrations.
    assert current_revision(engine) == head_revisions()[0]


def test_models_and_migrations_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], f"models differ from migrations; add a revision: {differences}"


def test_revision_files_are_numbered():
    names = sorted(p.stem for p in (PROJECT / "migrations" / "versions").glob("*.py"))
    assert names and all(name[:4].isdigit() and name[4] == "_" for name in names), names
