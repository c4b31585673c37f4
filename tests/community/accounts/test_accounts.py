"""Account services: register, sign in, sessions, passwords, deletion, roles."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from community import personal_data
from community.accounts import passwords, roles
from community.accounts import users as accounts
from community.accounts.passwords import UNUSABLE_PASSWORD, verify_password
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.models import AuditEntry, Membership, Need, Notification, Offer, Response, User
from tests.builders.groups import make_group, make_membership
from tests.builders.people import DEFAULT_PASSWORD, make_user
from tests.builders.posts import make_need, make_offer

PASSPHRASE = "  four words in a row  "


class CountingHasher(PasswordHasher):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.argon2_checks = 0

    def verify(self, hash, password):
        if str(hash).startswith("$argon2"):
            self.argon2_checks += 1
        return super().verify(hash, password)


@pytest.fixture(autouse=True)
def hasher(monkeypatch):
    hasher = CountingHasher(time_cost=1, memory_cost=1024)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    monkeypatch.setattr(passwords, "_dummy_hash", None)
    return hasher


def count_users(session) -> int:
    return session.scalar(select(func.count(User.id)))


def register(session, **overrides) -> User:
    values = {"email": "Sam.Jones@Example.com", "display_name": "Sam Jones", "password": PASSPHRASE}
    values.update(overrides)
    return accounts.register_user(session, **values)


# Registering


def test_registering_keeps_the_email_as_typed_and_its_lower_case_form_unique(session):
    user = register(session)
    assert user.email == "Sam.Jones@Example.com"
    assert user.email_normalised == "sam.jones@example.com"
    assert user.role == "resident"
    assert user.session_version == 1
    assert verify_password(user.password_hash, PASSPHRASE)


@pytest.mark.parametrize(
    "email", ["sam.jones@example.com", "SAM.JONES@EXAMPLE.COM", " Sam.Jones@example.COM "]
)
def test_an_email_already_used_in_any_case_is_refused_with_a_clear_message(session, email):
    register(session)
    with pytest.raises(ValidationFailed) as refused:
        register(session, email=email, display_name="Someone else")
    assert refused.value.errors == {"email": accounts.DUPLICATE_EMAIL}
    assert count_users(session) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "", "Enter your email address"),
        ("email", "sam.example.com", "Enter an email address in the correct format, like name@example.com"),
        ("email", "sam@example", "Enter an email address in the correct format, like name@example.com"),
        ("display_name", "  ", "Enter your name"),
        ("display_name", "x" * 81, "Name must be 80 characters or fewer"),
        ("password", "short", "Password must be 8 characters or more"),
        ("password", "Password123", passwords.password_problem("password123")),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(session, field, value, message):
    with pytest.raises(ValidationFailed) as refused:
        register(session, **{field: value})
    assert refused.value.errors[field] == message
    assert count_users(session) == 0


def test_every_problem_is_reported_at_once(session):
    with pytest.raises(ValidationFailed) as refused:
        register(session, email="nope", display_name="", password="short")
    assert set(refused.value.errors) == {"email", "display_name", "password"}


def test_a_registration_that_loses_the_race_to_the_unique_index_gets_the_same_message(session, monkeypatch):
    register(session)
    # The other request committed between our check and our insert.
    monkeypatch.setattr(accounts, "_email_taken", lambda _session, _email: False)
    with pytest.raises(ValidationFailed) as refused:
        register(session, email="SAM.JONES@example.com")
    assert refused.value.errors == {"email": accounts.DUPLICATE_EMAIL}
    # The first account survived the failed insert and the session is still usable.
    assert count_users(session) == 1
    register(session, email="another@example.com")
    assert count_users(session) == 2


def test_registration_never_grants_a_role(session):
    user = accounts.register_user(session, email="a@example.com", display_name="A", password=PASSPHRASE)
    assert user.role == "resident"


# Signing in


def test_sign_in_accepts_the_password_exactly_as_typed_and_the_email_in_any_case(session):
    register(session)
    user = accounts.authenticate(session, email="SAM.jones@example.com", password=PASSPHRASE)
    assert user.last_sign_in_at is not None
    with pytest.raises(ValidationFailed):
        accounts.authenticate(session, email="sam.jones@example.com", password=PASSPHRASE.strip())


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer_and_the_same_work(session, hasher):
    register(session)
    answers = []
    for email in ("sam.jones@example.com", "nobody@example.com"):
        before = hasher.argon2_checks
        with pytest.raises(ValidationFailed) as refused:
            accounts.authenticate(session, email=email, password="not the password")
        answers.append((refused.value.errors, hasher.argon2_checks - before))
    assert answers[0] == answers[1] == ({"email": accounts.SIGN_IN_FAILED}, 1)


def test_a_deleted_account_cannot_sign_in(session):
    user = register(session)
    personal_data.delete_account(session, user=user, password=PASSPHRASE)
    with pytest.raises(ValidationFailed):
        accounts.authenticate(session, email="sam.jones@example.com", password=PASSPHRASE)


def test_a_hash_made_with_cheaper_settings_is_upgraded_on_sign_in(session, monkeypatch):
    user = register(session)
    old_hash = user.password_hash
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=2, memory_cost=2048))
    accounts.authenticate(session, email=user.email, password=PASSPHRASE)
    assert user.password_hash != old_hash and "t=2" in user.password_hash
    assert verify_password(user.password_hash, PASSPHRASE)


# Sessions and passwords


def test_ending_sessions_bumps_the_version_that_session_cookies_carry(session):
    user = make_user(session)
    old_id = user.get_id()
    accounts.end_sessions(session, user=user)
    assert user.session_version == 2
    assert user.get_id() != old_id


def test_changing_the_password_ends_other_sessions(session):
    user = make_user(session)
    accounts.change_password(session, user=user, current_password=DEFAULT_PASSWORD, new_password=PASSPHRASE)
    assert user.session_version == 2
    assert verify_password(user.password_hash, PASSPHRASE)
    assert not verify_password(user.password_hash, DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    ("current", "new", "errors"),
    [
        ("wrong password", PASSPHRASE, {"current_password": "Your current password is not correct"}),
        ("", PASSPHRASE, {"current_password": "Enter your current password"}),
        (DEFAULT_PASSWORD, "short", {"new_password": "Password must be 8 characters or more"}),
        (DEFAULT_PASSWORD, "", {"new_password": "Enter a new password"}),
        (DEFAULT_PASSWORD, DEFAULT_PASSWORD,
         {"new_password": "Enter a new password that is different from your current one"}),
    ],
)
def test_a_refused_password_change_changes_nothing(session, current, new, errors):
    user = make_user(session)
    old_hash = user.password_hash
    with pytest.raises(ValidationFailed) as refused:
        accounts.change_password(session, user=user, current_password=current, new_password=new)
    assert refused.value.errors == errors
    assert user.password_hash == old_hash and user.session_version == 1


# Deleting an account


def test_deleting_an_account_anonymises_it_and_withdraws_what_was_open(session):
    user = make_user(session, email="leaving@example.com", name="Lee Ving", phone="07700 900123",
                     home=(51.51, -0.30))
    other = make_user(session)
    open_need = make_need(session, poster=user)
    met_need = make_need(session, poster=user, status="met")
    offer = make_offer(session, helper=user)
    someone_elses_need = make_need(session, poster=other)
    response = Response(need_id=someone_elses_need.id, helper_id=user.id, status="offered")
    session.add(response)
    group = make_group(session, coordinator=other)
    membership = make_membership(session, user=user, group=group)
    session.add(Notification(user_id=user.id, kind="test", message="Someone replied to Lee Ving"))
    session.flush()

    personal_data.delete_account(session, user=user, password=DEFAULT_PASSWORD)
    session.flush()
    session.expire_all()

    user = session.get(User, user.id)
    assert user.email == user.email_normalised == f"deleted-user-{user.id}@deleted.invalid"
    assert user.display_name == "Deleted user"
    assert (user.home_lat, user.home_lng, user.phone, user.area_id) == (None, None, None, None)
    assert user.password_hash == UNUSABLE_PASSWORD
    assert user.deleted_at is not None and not user.is_active
    assert session.get(Need, open_need.id).status == "withdrawn"
    assert session.get(Need, met_need.id).status == "met"
    assert session.get(Need, someone_elses_need.id).status == "open"
    assert session.get(Offer, offer.id).status == "closed"
    assert session.get(Response, response.id).status == "withdrawn"
    assert session.get(Membership, membership.id).status == "left"
    assert session.scalar(select(func.count(Notification.id)).where(Notification.user_id == user.id)) == 0
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "account.deleted")).one()
    assert (audit.actor_id, audit.target_type, audit.target_id) == (user.id, "user", user.id)


def test_the_same_email_can_register_again_after_deletion(session):
    user = register(session)
    personal_data.delete_account(session, user=user, password=PASSPHRASE)
    again = register(session)
    assert again.id != user.id


def test_two_deleted_accounts_do_not_collide(session):
    for email in ("one@example.com", "two@example.com"):
        personal_data.delete_account(session, user=make_user(session, email=email), password=DEFAULT_PASSWORD)
    assert session.scalar(select(func.count(User.id)).where(User.deleted_at.is_not(None))) == 2


def test_deletion_needs_the_right_password(session):
    user = make_user(session)
    with pytest.raises(ValidationFailed) as refused:
        personal_data.delete_account(session, user=user, password="not my password")
    assert refused.value.errors == {"password": "Your password is not correct"}
    assert user.deleted_at is None


def test_the_last_coordinator_of_a_group_cannot_delete_their_account(session):
    user = make_user(session)
    group = make_group(session, name="Green Lane Mutual Aid", coordinator=user)
    need = make_need(session, poster=user)
    with pytest.raises(Conflict) as refused:
        personal_data.delete_account(session, user=user, password=DEFAULT_PASSWORD)
    assert "only coordinator of Green Lane Mutual Aid" in refused.value.message
    assert user.deleted_at is None and need.status == "open"

    make_membership(session, user=make_user(session), group=group, role="coordinator")
    personal_data.delete_account(session, user=user, password=DEFAULT_PASSWORD)
    assert user.deleted_at is not None


# Roles


def test_an_admin_changes_a_role_and_it_is_audited(session):
    admin = make_user(session, role="admin")
    user = make_user(session)
    roles.set_role(session, actor=admin, user=user, role="connector")
    assert user.role == "connector"
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.role_changed")).one()
    assert (audit.actor_id, audit.target_id, audit.detail) == (admin.id, user.id, "resident to connector")


@pytest.mark.parametrize("actor_role", ["resident", "connector"])
def test_only_an_admin_can_change_a_role(session, actor_role):
    actor = make_user(session, role=actor_role)
    user = make_user(session)
    with pytest.raises(PermissionDenied):
        roles.set_role(session, actor=actor, user=user, role="admin")
    assert user.role == "resident"
    with pytest.raises(PermissionDenied):
        roles.set_role(session, actor=actor, user=actor, role="admin")
    assert actor.role == actor_role


def test_an_unknown_role_is_refused(session):
    admin = make_user(session, role="admin")
    user = make_user(session)
    with pytest.raises(ValidationFailed) as refused:
        roles.set_role(session, actor=admin, user=user, role="superuser")
    assert refused.value.errors == {"role": "Select a role: resident, connector, officer or admin"}


def test_the_last_admin_cannot_step_down_but_one_of_two_can(session):
    admin = make_user(session, role="admin")
    with pytest.raises(Conflict):
        roles.set_role(session, actor=admin, user=admin, role="resident")
    second = make_user(session, role="admin")
    roles.set_role(session, actor=second, user=admin, role="connector")
    assert admin.role == "connector"


def test_the_console_can_change_roles_and_is_audited_without_an_actor(session):
    user = make_user(session, email="Con@Example.com")
    found = accounts.find_user_by_email(session, "con@example.COM")
    roles.set_role_by_operator(session, user=found, role="connector")
    assert user.role == "connector"
    audit = session.scalars(select(AuditEntry)).one()
    assert audit.actor_id is None and "console" in audit.detail


def test_finding_an_unknown_email_says_so(session):
    with pytest.raises(NotFound, match="no account with the email address x@example.com"):
        accounts.find_user_by_email(session, "x@example.com")


def test_create_user_may_grant_a_role_and_records_it(session):
    user = accounts.create_user(
        session, email="boss@example.com", display_name="Boss", password=PASSPHRASE, role="admin"
    )
    assert user.role == "admin"
    assert session.scalars(select(AuditEntry.action)).all() == ["user.created"]
    with pytest.raises(ValidationFailed) as refused:
        accounts.create_user(session, email="x@example.com", display_name="X", password=PASSPHRASE,
                             role="owner")
    assert "role" in refused.value.errors
    assert count_users(session) == 1


def test_deleting_an_accepted_helper_reopens_the_need_and_tells_the_poster(session):
    from community.posts.claims import accept_response, offer_help

    poster = make_user(session, email="poster@example.com")
    helper = make_user(session, email="helper@example.com")
    need = make_need(session, poster=poster)
    response = offer_help(session, need_id=need.id, helper=helper, message="I can help")
    accept_response(session, response_id=response.id, actor=poster)

    personal_data.delete_account(session, user=helper, password=DEFAULT_PASSWORD)

    assert (need.status, need.assigned_to_id) == ("open", None)
    assert response.status == "withdrawn"
    kinds = session.scalars(select(Notification.kind).where(Notification.user_id == poster.id)).all()
    assert "response_withdrawn" in kinds
