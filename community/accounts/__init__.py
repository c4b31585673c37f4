"""Accounts: registering and signing in, passwords, roles, and who is what (member, coordinator).

The web app and the maps import from here; modules inside ``community`` import the module that
defines a name."""

from __future__ import annotations

from community.accounts.access import (
    coordinator_group_ids,
    has_valid_dbs,
    is_accepted_helper,
    is_active_member,
    is_coordinator,
)
from community.accounts.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    UNUSABLE_PASSWORD,
    configure_hasher,
    hash_password,
    is_common_password,
    needs_rehash,
    password_problem,
    verify_dummy,
    verify_password,
)
from community.accounts.roles import (
    ROLE_DESCRIPTIONS,
    ROLE_LABELS,
    UserPage,
    list_users,
    record_user_audit,
    role_problem,
    set_role,
    set_role_by_operator,
)
from community.accounts.users import (
    DUPLICATE_EMAIL,
    SIGN_IN_FAILED,
    authenticate,
    change_password,
    create_user,
    email_problem,
    end_sessions,
    find_user_by_email,
    name_problem,
    normalise_email,
    register_user,
)

__all__ = [
    "DUPLICATE_EMAIL",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "ROLE_DESCRIPTIONS",
    "ROLE_LABELS",
    "SIGN_IN_FAILED",
    "UNUSABLE_PASSWORD",
    "UserPage",
    "authenticate",
    "change_password",
    "configure_hasher",
    "coordinator_group_ids",
    "create_user",
    "email_problem",
    "end_sessions",
    "find_user_by_email",
    "has_valid_dbs",
    "hash_password",
    "is_accepted_helper",
    "is_active_member",
    "is_common_password",
    "is_coordinator",
    "list_users",
    "name_problem",
    "needs_rehash",
    "normalise_email",
    "password_problem",
    "record_user_audit",
    "register_user",
    "role_problem",
    "set_role",
    "set_role_by_operator",
    "verify_dummy",
    "verify_password",
]
