"""Access answers kept within a transaction are forgotten as soon as the session writes."""

from __future__ import annotations

from sqlalchemy import update

from community.accounts import is_accepted_helper
from community.models import Response
from tests.builders.people import make_user
from tests.builders.posts import make_need


def test_a_response_accepted_in_the_same_transaction_is_seen_at_once(session):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    response = Response(need_id=need.id, helper_id=helper.id, status="offered", message="I can")
    session.add(response)
    session.flush()
    assert is_accepted_helper(session, helper.id, need.id) is False

    response.status = "accepted"
    session.flush()
    assert is_accepted_helper(session, helper.id, need.id) is True

    session.execute(update(Response).where(Response.id == response.id).values(status="declined"))
    assert is_accepted_helper(session, helper.id, need.id) is False


def test_the_answer_is_asked_once_until_then(session):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    session.flush()
    statements = []
    from sqlalchemy import event

    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for _ in range(3):
            is_accepted_helper(session, helper.id, need.id)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len([s for s in statements if "responses" in s]) == 1
