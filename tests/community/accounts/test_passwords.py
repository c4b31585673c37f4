"""Password rules and hashing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from community.accounts import passwords
from community.accounts.passwords import (
    UNUSABLE_PASSWORD,
    hash_password,
    is_common_password,
    password_problem,
    verify_password,
)


@pytest.fixture(autouse=True)
def cheap_hashing():
    passwords.configure_hasher(time_cost=1, memory_cost=1024)


def test_the_common_list_is_django_s_twenty_thousand():
    common = passwords._common_passwords()
    assert 19_000 < len(common) <= 20_000
    assert "password" in common and "qwerty" in common


@pytest.mark.parametrize("password", ["password1", "PASSWORD1", "Password1", "LetMeIn123", " iloveyou1 "])
def test_common_passwords_are_refused_whatever_their_case(password):
    assert is_common_password(password)
    assert "harder to guess" in password_problem(password)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Enter a password"),
        (None, "Enter a password"),
        ("seven77", "Password must be 8 characters or more"),
        ("        ", "Password must include characters other than spaces"),
        ("x" * 1001, "Password must be 1,000 characters or fewer"),
    ],
)
def test_unusable_passwords_get_a_plain_message(password, message):
    assert password_problem(password) == message


@pytest.mark.parametrize(
    "password",
    [
        "copper kettle harbour lantern",
        "  leading and trailing spaces  ",
        "eight888",
        "ü" * 8,
        "a long passphrase " * 55,  # 990 characters
    ],
)
def test_long_passphrases_and_unusual_characters_are_accepted(password):
    assert password_problem(password) is None


def test_a_hash_is_argon2id_and_verifies_only_the_exact_password():
    hashed = hash_password("  spaced out passphrase  ")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "  spaced out passphrase  ")
    assert not verify_password(hashed, "spaced out passphrase")
    assert not verify_password(hashed, "  SPACED OUT PASSPHRASE  ")


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("copper kettle harbour") != hash_password("copper kettle harbour")


class CountingHasher(PasswordHasher):
    """Counts the argon2 verifications that really run (a refused parse does not count)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.argon2_checks = 0

    def verify(self, hash, password):
        if str(hash).startswith("$argon2"):
            self.argon2_checks += 1
        return super().verify(hash, password)


@pytest.fixture()
def counting_hasher(monkeypatch):
    hasher = CountingHasher(time_cost=1, memory_cost=1024)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    monkeypatch.setattr(passwords, "_dummy_hash", None)
    return hasher


def test_an_unusable_hash_matches_nothing_but_still_costs_a_verification(counting_hasher):
    assert not verify_password(UNUSABLE_PASSWORD, "")
    assert not verify_password(UNUSABLE_PASSWORD, UNUSABLE_PASSWORD)
    assert counting_hasher.argon2_checks == 2


def test_the_dummy_check_never_matches_even_its_own_password(counting_hasher):
    assert not passwords.verify_dummy("weave dummy password: matches nothing anyone types")
    assert counting_hasher.argon2_checks == 1


def test_needs_rehash_when_the_cost_goes_up():
    cheap = hash_password("copper kettle harbour")
    passwords.configure_hasher(time_cost=2, memory_cost=2048)
    assert passwords.needs_rehash(cheap)
    assert not passwords.needs_rehash(hash_password("copper kettle harbour"))
