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
from community.accounts.audit_log import (
    AuditFilters,
    AuditPage,
    audit_actions,
    audit_target_types,
    list_audit_entries,
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
from community.accounts.profile import PHONE_MAX_LENGTH, phone_problem, update_profile
from community.accounts.recovery import request_password_reset, reset_password
from community.accounts.registration import (
    SignIn,
    confirm_email,
    register_resident,
    request_email_change,
    send_confirmation,
    sign_in,
)
from community.accounts.roles import (
    ROLE_DESCRIPTIONS,
    ROLE_LABELS,
    UserPage,
    list_users,
    record_user_audit,
    require_admin,
    role_problem,
    set_role,
    set_role_by_operator,
)
from community.accounts.suspension import SUSPENSION_REASON_MAX, reinstate_user, suspend_user
from community.accounts.tokens import LINK_NOT_VALID, check_token
from community.accounts.users import (
    DELETED_NAME,
    DUPLICATE_EMAIL,
    SIGN_IN_FAILED,
    SUSPENDED,
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
    "AuditFilters",
    "AuditPage",
    "DELETED_NAME",
    "DUPLICATE_EMAIL",
    "LINK_NOT_VALID",
    "PHONE_MAX_LENGTH",
    "SUSPENDED",
    "SUSPENSION_REASON_MAX",
    "SignIn",
    "audit_actions",
    "audit_target_types",
    "check_token",
    "confirm_email",
    "list_audit_entries",
    "phone_problem",
    "register_resident",
    "reinstate_user",
    "request_email_change",
    "request_password_reset",
    "require_admin",
    "reset_password",
    "send_confirmation",
    "sign_in",
    "suspend_user",
    "update_profile",
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
