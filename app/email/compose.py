"""An outbox row as a real email: plain text and HTML in the GOV.UK email style, with the service's name,
a link to manage email, and (for alerts and digests) RFC 8058 one-click unsubscribe headers.

Runs outside any request (the sender, cron jobs), so links are made from ``BASE_URL``.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import urlsplit

from flask import Flask, render_template
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup, escape

from app.templating import SERVICE_NAME, has_endpoint
from community.outbox import Outgoing

__all__ = ["Composer", "external_url", "unsubscribe_token", "read_unsubscribe_token"]

UNSUBSCRIBE_SALT = "weave.email.unsubscribe"
_ADAPTER = "weave.email.url_adapter"
_LINK = "color:#1d70b8;"
_URL = re.compile(r"https?://[^\s<>\"')]+")


def external_url(app: Flask, endpoint: str, **values) -> str:
    """An absolute URL on this site, built from ``BASE_URL`` (no request needed)."""
    base = app.config["BASE_URL"]
    cached = app.extensions.get(_ADAPTER)
    if cached is None or cached[0] != base:
        parts = urlsplit(base)
        adapter = app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                   url_scheme=parts.scheme or "https")
        cached = app.extensions[_ADAPTER] = (base, adapter)
    return cached[1].build(endpoint, values, force_external=True)


def _serializer(app: Flask) -> URLSafeSerializer:
    return URLSafeSerializer(app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(app: Flask, *, user_id: int, what: str) -> str:
    """A signed token saying "``user_id`` wants no more ``what``" (no sign-in needed to use it)."""
    return _serializer(app).dumps([user_id, what])


def read_unsubscribe_token(app: Flask, token: str) -> tuple[int, str] | None:
    try:
        user_id, what = _serializer(app).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(what, str):
        return None
    return user_id, what


def _paragraphs(text: str) -> list[Markup]:
    """Plain text as HTML paragraphs: escaped, line breaks kept, web addresses made links."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = str(escape(block))
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}" style="{_LINK}">{m.group(0)}</a>', escaped)
        out.append(Markup(linked.replace("\n", "<br>")))
    return out


class Composer:
    """Writes the emails of one sending pass (the council's name is read once)."""

    def __init__(self, app: Flask, *, council: str | None = None) -> None:
        self.app = app
        self.council = council
        host = urlsplit(app.config["BASE_URL"]).hostname or "localhost"
        self.domain = host
        self.sender = formataddr((self.service_name, app.config["EMAIL_FROM"]))

    @property
    def service_name(self) -> str:
        return f"{SERVICE_NAME} – {self.council}" if self.council else SERVICE_NAME

    def manage_url(self) -> str:
        endpoint = "alerts.manage" if has_endpoint("alerts.manage") else "auth.account"
        return external_url(self.app, endpoint)

    def unsubscribe_url(self, outgoing: Outgoing) -> str | None:
        if outgoing.unsubscribe is None or outgoing.user_id is None or not has_endpoint("alerts.unsubscribe"):
            return None
        token = unsubscribe_token(self.app, user_id=outgoing.user_id, what=outgoing.unsubscribe)
        return external_url(self.app, "alerts.unsubscribe", token=token)

    def footer(self, outgoing: Outgoing, unsubscribe: str | None) -> str:
        lines = [_("You got this email from %(service)s.", service=self.service_name)]
        if outgoing.user_id is not None:
            lines.append(_("Choose which emails you get: %(link)s", link=self.manage_url()))
        if unsubscribe:
            lines.append(_("Stop getting these emails: %(link)s", link=unsubscribe))
        return "\n".join(lines)

    def message(self, outgoing: Outgoing) -> EmailMessage:
        unsubscribe = self.unsubscribe_url(outgoing)
        footer = self.footer(outgoing, unsubscribe)
        message = EmailMessage()
        message["Subject"] = outgoing.subject
        message["From"] = self.sender
        message["To"] = outgoing.to_address
        message["Message-ID"] = make_msgid(f"weave.{outgoing.id}", domain=self.domain)
        message["Auto-Submitted"] = "auto-generated"
        if unsubscribe:
            # RFC 8058: mail programs show an "Unsubscribe" button that POSTs to this address.
            message["List-Unsubscribe"] = f"<{unsubscribe}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(f"{outgoing.body.strip()}\n\n---\n{footer}\n")
        html = render_template(
            "email/message.html", subject=outgoing.subject, service=self.service_name,
            paragraphs=_paragraphs(outgoing.body), footer=_paragraphs(footer),
        )
        message.add_alternative(html, subtype="html")
        return message
