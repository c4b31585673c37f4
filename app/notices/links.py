"""Where a notice takes its reader: the web app turns the domain's ``Target`` into a URL of this site.

The domain says what a notice is about (``community.notifications.Target``); only here does that become a
path, through the endpoints below, so a renamed route changes every notice's link and email at once.
"""

from __future__ import annotations

from flask import Flask, current_app, has_app_context, has_request_context, url_for
from flask_babel import gettext as _

from community.models import Notification
from community.notifications import Target, queue_email, target_of

# (kind, action) → (endpoint, the endpoint's argument that takes the id).
ENDPOINTS: dict[tuple[str, str | None], tuple[str, str | None]] = {
    ("need", None): ("residents.need", "need_id"),
    ("need", "renew"): ("residents.renew_need_page", "need_id"),
    ("offer", None): ("residents.offer", "offer_id"),
    ("group", None): ("groups.detail", "group_id"),
    ("group", "members"): ("groups.members", "group_id"),
    ("group", "partners"): ("groups.partners", "group_id"),
    ("group", "board"): ("groups.board", "group_id"),
    ("group", "confirm-details"): ("groups.confirm_details", "group_id"),
    ("introduction", None): ("introductions.detail", "introduction_id"),
    ("introduction", "sent"): ("connectors.introductions", None),
    ("escalation", None): ("council.escalation", "escalation_id"),
}


def _endpoint(target: Target) -> tuple[str, dict[str, int]] | None:
    found = ENDPOINTS.get((target.kind, target.action))
    if found is None:
        return None
    endpoint, argument = found
    return endpoint, ({argument: target.id} if argument is not None and target.id is not None else {})


def target_url(target: Target | None) -> str | None:
    """The path on this site for ``target`` (in a request), or None when the notice links nowhere."""
    found = _endpoint(target) if target is not None else None
    return url_for(found[0], **found[1]) if found is not None else None


def absolute_target_url(app: Flask, target: Target) -> str | None:
    """The absolute URL for ``target`` made from ``BASE_URL`` (emails written outside a request)."""
    from app.email.compose import external_url

    found = _endpoint(target)
    return external_url(app, found[0], **found[1]) if found is not None else None


def notice_url(notice: Notification) -> str | None:
    return target_url(target_of(notice))


def email_text(notice: Notification, link: str | None) -> tuple[str, str]:
    """The subject and body of the email that goes with ``notice``."""
    subject = _("Weave: %(kind)s", kind=notice.kind.replace("_", " "))
    return subject, f"{notice.message}\n\n{link}" if link else notice.message


def outbox_sender(app: Flask):
    """The default email sender: each notice's email kept in the outbox and logged (no mail server).

    Notices are also sent from the command line and background jobs, outside any request, so the link is
    built from ``app``'s routes and ``BASE_URL``. Either way it is absolute: it is read in a mail program.
    """
    from app.email.compose import external_url


    def send(session, notice: Notification) -> None:
        target = target_of(notice)
        found = _endpoint(target) if target is not None else None
        link = None
        if found is not None:
            if has_request_context():
                link = url_for(found[0], _external=True, **found[1])
            else:
                # The app running this command or job (a process may build more than one, as tests do).
                here = current_app._get_current_object() if has_app_context() else app
                link = external_url(here, found[0], **found[1])
        subject, body = email_text(notice, link)
        queue_email(session, user_id=notice.user_id, subject=subject, body=body)

    return send
