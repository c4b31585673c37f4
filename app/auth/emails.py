"""The emails accounts send, written here because only the web layer knows the links' URLs.

Each function gives a (subject, body) pair for the domain's ``ComposeLink``/``Compose`` callbacks; the
domain queues them (``community.notifications.queue_email``). Links are absolute, made from the request.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from flask_babel import gettext as _

from app.templating import SERVICE_NAME


def _link(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def confirm_address(secret: str) -> tuple[str, str]:
    return _("Confirm your email address for %(service)s", service=SERVICE_NAME), _(
        "Use this link to confirm your email address and finish creating your account:\n\n%(link)s\n\n"
        "The link works once, for 7 days. If you did not create an account, you can ignore this email.",
        link=_link("auth.confirm_email", secret=secret),
    )


def already_registered() -> tuple[str, str]:
    return _("Someone tried to create an account with your email address"), _(
        "Someone tried to create a %(service)s account with this email address, which already has one.\n\n"
        "If it was you, sign in: %(sign_in)s\nIf you have forgotten your password, reset it: %(reset)s\n\n"
        "If it was not you, you do not need to do anything. Your account has not changed.",
        service=SERVICE_NAME, sign_in=_link("auth.sign_in"), reset=_link("auth.forgot_password"),
    )


def reset_password(secret: str) -> tuple[str, str]:
    return _("Reset your %(service)s password", service=SERVICE_NAME), _(
        "Use this link to choose a new password:\n\n%(link)s\n\nThe link works once, for 1 hour. When you "
        "use it, you will be signed out everywhere.\n\nIf you did not ask to reset your password, you can "
        "ignore this email: your password has not changed.",
        link=_link("auth.reset_password", secret=secret),
    )


def confirm_new_address(secret: str) -> tuple[str, str]:
    return _("Confirm your new email address for %(service)s", service=SERVICE_NAME), _(
        "Use this link to confirm this as your new email address:\n\n%(link)s\n\nThe link works once, for "
        "24 hours. Your account keeps its old address until you use it.",
        link=_link("auth.confirm_email", secret=secret),
    )


def address_changing(new_email: str) -> Callable[[], tuple[str, str]]:
    def compose() -> tuple[str, str]:
        return _("Your %(service)s email address is changing", service=SERVICE_NAME), _(
            "Someone signed in to your account asked to change its email address to %(new)s. It changes only "
            "when the link we sent there is used.\n\nIf this was not you, change your password now: "
            "%(link)s",
            new=new_email, link=_link("auth.change_password"),
        )

    return compose


def address_taken() -> tuple[str, str]:
    return _("Someone tried to use your email address"), _(
        "Someone tried to change the email address of another %(service)s account to this one, which already "
        "has an account. Nothing has changed. If you are not sure why, you do not need to do anything.",
        service=SERVICE_NAME,
    )
