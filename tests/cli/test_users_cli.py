"""`flask users create` and `flask users set-role`."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.accounts.passwords import verify_password
from community.models import AuditEntry, User
from tests.builders.people import make_user

PASSPHRASE = "  console made passphrase  "


def count_users(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(User.id)))


def create(runner, *args, input=None):
    return runner.invoke(args=["users", "create", *args], input=input)


def test_create_an_admin_with_a_prompted_password(runner, session):
    result = create(runner, "--email", "Boss@Example.com", "--name", "The Boss", "--role", "admin",
                    input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.output
    assert "Created admin account Boss@Example.com" in result.output
    assert PASSPHRASE not in result.output  # typed without echo
    user = session.scalars(select(User)).one()
    assert (user.email, user.email_normalised, user.display_name, user.role) == (
        "Boss@Example.com", "boss@example.com", "The Boss", "admin"
    )
    assert verify_password(user.password_hash, PASSPHRASE)
    assert session.scalars(select(AuditEntry.action)).all() == ["user.created"]


def test_the_prompt_asks_again_when_the_two_entries_differ(runner, session):
    result = create(runner, "--email", "c@example.com", "--name", "C", "--role", "connector",
                    input=f"{PASSPHRASE}\nsomething else\n{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert verify_password(session.scalars(select(User)).one().password_hash, PASSPHRASE)


def test_create_with_the_password_given_and_the_default_role(runner, session):
    result = create(runner, "--email", "r@example.com", "--name", "R", "--password", PASSPHRASE)
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User)).one()
    assert user.role == "resident" and verify_password(user.password_hash, PASSPHRASE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "superuser"], "Select a role: resident, connector, officer or admin"),
        (["--email", "not-an-email"], "Enter an email address in the correct format, like name@example.com"),
        (["--name", " "], "Enter your name"),
        (["--password", "short"], "Password must be 8 characters or more"),
        (["--password", "Password1"], "Choose a password that is harder to guess"),
        (["--email", "TAKEN@example.com"], "An account with this email address already exists"),
    ],
)
def test_create_refuses_bad_input_with_one_plain_line_and_writes_nothing(runner, session, args, message):
    make_user(session, email="taken@example.com")
    session.commit()
    options = {"--email": "new@example.com", "--name": "New Person", "--role": "connector",
               "--password": PASSPHRASE}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = create(runner, *[item for pair in options.items() for item in pair])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert count_users(session) == 1


def test_an_unknown_role_is_refused_before_asking_for_a_password(runner, session):
    result = create(runner, "--email", "x@example.com", "--name", "X", "--role", "owner", input="")
    assert result.exit_code == 1
    assert "Password" not in result.output
    assert count_users(session) == 0


def test_a_prompted_password_that_is_too_common_writes_nothing(runner, session):
    result = create(runner, "--email", "x@example.com", "--name", "X", input="password123\npassword123\n")
    assert result.exit_code == 1
    assert "harder to guess" in result.stderr
    assert count_users(session) == 0


def test_set_role_by_email_in_any_case(runner, session):
    user = make_user(session, email="Helper@Example.com")
    session.commit()
    result = runner.invoke(args=["users", "set-role", "--email", "helper@example.COM", "--role", "connector"])
    assert result.exit_code == 0, result.output
    assert "is now connector (was resident)" in result.output
    session.expire_all()
    assert session.get(User, user.id).role == "connector"
    audit = session.scalars(select(AuditEntry)).one()
    assert (audit.action, audit.target_id, audit.actor_id) == ("user.role_changed", user.id, None)


def test_set_role_to_the_same_role_says_nothing_changed(runner, session):
    make_user(session, email="same@example.com", role="connector")
    session.commit()
    result = runner.invoke(args=["users", "set-role", "--email", "same@example.com", "--role", "connector"])
    assert result.exit_code == 0
    assert "nothing changed" in result.output
    assert session.scalars(select(AuditEntry)).all() == []


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("nobody@example.com", "admin",
         "Error: There is no account with the email address nobody@example.com"),
        ("someone@example.com", "owner", "Error: Select a role: resident, connector, officer or admin"),
    ],
)
def test_set_role_refusals_are_one_line_and_change_nothing(runner, session, email, role, message):
    user = make_user(session, email="someone@example.com")
    session.commit()
    result = runner.invoke(args=["users", "set-role", "--email", email, "--role", role])
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    session.expire_all()
    assert session.get(User, user.id).role == "resident"
