"""Builders for tests: plain functions that add rows to a session and flush (callers commit when they need).

One module per noun, each name defined once:

``people``    ``make_user`` (every kind of person) and ``sign_in_with_form``
``places``    ``make_ward`` (one square ward, by centre or by box), ``make_wards``, postcodes, categories,
              points moved by metres, shapes to draw
``posts``     ``make_need``, ``make_offer``
``groups``    ``make_group``, ``make_serving_group``, memberships, DBS checks, partnerships, and
              ``build_world`` (a committed world of groups for page and API tests)
``insights``  what the connectors' analyses read: met needs, search misses, and ``SmallCommunity``
``visibility`` every kind of viewer and every kind of need, for the one visibility rule's tests
``personal_data`` ``use_everything``: a distinctive person who has used every feature, for the erasure scan
              and the export (extend it when a feature adds a table)

People, needs and offers are at ``places.WARD_CENTRE`` unless told otherwise: the centre of
``make_ward``'s default ward. ``committed`` (here) runs a builder in its own session and commits.
"""

from __future__ import annotations


def committed(db, build):
    """Run ``build(session)`` in its own session and commit, for web tests; returns what it returns."""
    from community.db import make_sessionmaker

    with make_sessionmaker(db)() as session:
        result = build(session)
        session.commit()
        return result
