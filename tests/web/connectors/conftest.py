"""What the connectors' page and API tests share: a small built community and its connector signed in
(``tests.builders.insights.finished_run`` runs its analysis)."""

from __future__ import annotations

import pytest

from community.db import make_sessionmaker
from tests.builders.insights import SmallCommunity


@pytest.fixture()
def factory(db):
    return make_sessionmaker(db)


@pytest.fixture()
def place(factory):
    with factory() as s:
        community = SmallCommunity(s)
        s.commit()
    return community


@pytest.fixture()
def connector_page(client_request, place):
    client_request.sign_in(place.connector)
    return client_request
