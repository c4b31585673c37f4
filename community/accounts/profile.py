"""A person's own details: the name others see and an optional telephone number.

Changing the email address goes through a confirmation link (``community.accounts.registration``).
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from community.accounts.roles import record_user_audit
from community.accounts.users import name_problem
from community.errors import ValidationFailed
from community.i18n import _
from community.models import User

__all__ = ["PHONE_MAX_LENGTH", "phone_problem", "update_profile"]

PHONE_MAX_LENGTH = 40
# Digits with the spaces, brackets, hyphens and leading + people write them with; 7 to 15 digits (E.164).
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")


def phone_problem(phone: str | None) -> str | None:
    """The GOV.UK message for a telephone number that cannot be used, or None (it may be left out).

    >>> phone_problem("07700 900 982") is None, phone_problem("") is None
    (True, True)
    >>> phone_problem("call me")
    'Enter a telephone number, like 07700 900 982 or +44 20 7946 0000'
    """
    phone = (phone or "").strip()
    if not phone:
        return None
    digits = sum(character.isdigit() for character in phone)
    if len(phone) > PHONE_MAX_LENGTH or not _PHONE_CHARACTERS.match(phone) or not 7 <= digits <= 15:
        return _("Enter a telephone number, like 07700 900 982 or +44 20 7946 0000")
    return None


def update_profile(session: Session, *, user: User, display_name: str, phone: str | None) -> User:
    """Change the name and telephone number (both shown only as the privacy notice says)."""
    errors = {}
    for field, problem in (("display_name", name_problem(display_name)), ("phone", phone_problem(phone))):
        if problem:
            errors[field] = problem
    if errors:
        raise ValidationFailed(errors)
    name, number = display_name.strip(), (phone or "").strip() or None
    pairs = (("name", user.display_name, name), ("phone", user.phone, number))
    changed = [what for what, before, after in pairs if before != after]
    user.display_name, user.phone = name, number
    if changed:
        record_user_audit(session, actor=user, action="account.details_changed", user=user,
                          detail=" and ".join(changed))
    session.flush()
    return user
