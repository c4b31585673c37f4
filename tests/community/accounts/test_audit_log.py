"""The audit log administrators read: filtered by actor, action, target and date, a page at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from community.accounts import AuditFilters, audit_actions, list_audit_entries, update_profile
from community.errors import PermissionDenied, ValidationFailed
from community.models import AuditEntry
from tests.builders.people import make_user


def entry(session, *, actor, action, target, when, detail=""):
    row = AuditEntry(actor_id=actor.id if actor else None, action=action, target_type="user",
                     target_id=target.id, detail=detail, created_at=when)
    session.add(row)
    session.flush()
    return row


@pytest.fixture()
def log(session):
    admin = make_user(session, role="admin", name="Admin Ann", email="ann@council.example")
    connie = make_user(session, role="connector", name="Connie Connector", email="connie@council.example")
    ada = make_user(session, name="Ada Resident", email="ada@example.com")
    bea = make_user(session, name="Bea Resident", email="bea@example.com")
    rows = [
        entry(session, actor=connie, action="viewed", target=ada, when=datetime(2026, 3, 1, 9, tzinfo=UTC)),
        entry(session, actor=connie, action="viewed", target=bea, when=datetime(2026, 3, 2, 9, tzinfo=UTC)),
        entry(session, actor=admin, action="user.suspended", target=bea, when=datetime(2026, 3, 3, 23, 59,
                                                                                         tzinfo=UTC)),
        entry(session, actor=None, action="user.role_changed", target=connie,
              when=datetime(2026, 3, 4, 0, 0, tzinfo=UTC)),
    ]
    return admin, connie, ada, bea, rows


def listed(session, admin, **filters):
    return [e.id for e in list_audit_entries(session, viewer=admin, filters=AuditFilters(**filters)).items]


def test_newest_first_with_the_people_it_names(session, log):
    admin, connie, ada, bea, rows = log
    page = list_audit_entries(session, viewer=admin, filters=AuditFilters())
    assert [e.id for e in page.items] == [r.id for r in reversed(rows)]
    assert {admin.id, connie.id, ada.id, bea.id} <= set(page.people)


@pytest.mark.parametrize(("filters", "expected"), [
    ({"actor": "CONNIE"}, [1, 0]),
    ({"actor": "ann@council"}, [2]),
    ({"action": "viewed"}, [1, 0]),
    ({"target": "bea"}, [2, 1]),
    ({"target_type": "user", "action": "user.role_changed"}, [3]),
    ({"date_from": date(2026, 3, 2), "date_to": date(2026, 3, 3)}, [2, 1]),
    ({"actor": "connie", "target": "Ada"}, [0]),
    ({"actor": "nobody at all"}, []),
])
def test_each_filter_narrows_the_log(session, log, filters, expected):
    admin, *_rest, rows = log
    assert listed(session, admin, **filters) == [rows[i].id for i in expected]


def test_the_target_filter_takes_an_id_too(session, log):
    admin, _connie, ada, _bea, rows = log
    assert listed(session, admin, target=str(ada.id)) == [rows[0].id]


def test_pages_hold_per_page_entries(session, log):
    admin, *_ = log
    second = list_audit_entries(session, viewer=admin, filters=AuditFilters(), page=2, per_page=3)
    assert (second.page, second.pages, second.total, len(second.items)) == (2, 2, 4, 1)


def test_only_admins_read_the_log(session, log):
    _admin, connie, *_ = log
    with pytest.raises(PermissionDenied):
        list_audit_entries(session, viewer=connie, filters=AuditFilters())


def test_the_actions_list_offers_every_action_once(session, log):
    assert audit_actions(session) == ["user.role_changed", "user.suspended", "viewed"]


def test_changing_your_details_is_audited_without_the_details(session):
    ada = make_user(session, name="Ada", phone=None)
    update_profile(session, user=ada, display_name="Ada Lovelace", phone="07700 900 982")
    assert (ada.display_name, ada.phone) == ("Ada Lovelace", "07700 900 982")
    changed = session.query(AuditEntry).filter_by(action="account.details_changed").one()
    assert changed.detail == "name and phone"
    update_profile(session, user=ada, display_name="Ada Lovelace", phone="")
    assert ada.phone is None
    with pytest.raises(ValidationFailed) as refused:
        update_profile(session, user=ada, display_name="", phone="call me maybe")
    assert set(refused.value.errors) == {"display_name", "phone"}
