"""The footer's council name: read once a minute per process, but a change made here is seen at once."""

from __future__ import annotations

from sqlalchemy import text

import app.council_name as cached
from community.places import set_council_name


def footer(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return page[page.index("<footer"):]


def test_a_rename_in_this_process_shows_on_the_next_page(client, session):
    set_council_name(session, name="Portmere Borough Council")
    session.commit()
    assert "Portmere Borough Council" in footer(client)

    set_council_name(session, name="Portmere Unitary Authority")
    session.commit()
    assert "Portmere Unitary Authority" in footer(client)


def test_a_rename_by_another_process_shows_within_the_minute(client, session, monkeypatch):
    set_council_name(session, name="Portmere Borough Council")
    session.commit()
    assert "Portmere Borough Council" in footer(client)

    # Another process writes the row: this one hears nothing of it.
    session.execute(text("UPDATE council_settings SET name = 'Portmere Unitary Authority'"))
    session.commit()
    assert "Portmere Borough Council" in footer(client)  # the minute has not passed: the cache is used

    later = cached.time.monotonic() + cached.TTL_SECONDS + 1
    monkeypatch.setattr(cached.time, "monotonic", lambda: later)
    assert "Portmere Unitary Authority" in footer(client)
