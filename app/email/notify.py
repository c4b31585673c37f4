"""GOV.UK Notify as the email backend (``WEAVE_EMAIL_BACKEND=notify``), through its Python client.

Notify sends from a template the council makes once in its Notify account: subject ``((subject))`` and
message ``((body))`` (README, "Sending email"). Notify draws the GOV.UK-style HTML itself; Weave gives it the
plain text, footer included, and the one-click unsubscribe address, which Notify puts in the
``List-Unsubscribe`` headers. Each email's ``reference`` is ``weave-<outbox id>``.
"""

from __future__ import annotations

from email.message import EmailMessage

from flask import Flask
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from app.email.backends import ConfigurationError
from community.outbox import Outgoing, PermanentFailure, TemporaryFailure

__all__ = ["NotifyBackend"]


def _plain(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if isinstance(part, EmailMessage) else ""


def _reason(error: HTTPError) -> str:
    message = error.message
    if isinstance(message, list):
        message = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in message)
    return f"Notify {error.status_code}: {message}"


class NotifyBackend:
    def __init__(self, *, api_key: str, template_id: str, base_url: str, timeout: float = 30) -> None:
        try:
            self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)
        except AssertionError:
            raise ConfigurationError("WEAVE_NOTIFY_API_KEY is not a Notify API key") from None
        self.template_id = template_id

    @classmethod
    def from_config(cls, app: Flask) -> NotifyBackend:
        key, template = app.config.get("NOTIFY_API_KEY"), app.config.get("NOTIFY_TEMPLATE_ID")
        if not key or not template:
            raise ConfigurationError(
                "WEAVE_EMAIL_BACKEND is notify: set WEAVE_NOTIFY_API_KEY and WEAVE_NOTIFY_TEMPLATE_ID")
        return cls(api_key=key, template_id=template, base_url=app.config["NOTIFY_BASE_URL"])

    def send(self, message: EmailMessage, outgoing: Outgoing) -> None:
        unsubscribe = message["List-Unsubscribe"]
        try:
            self.client.send_email_notification(
                email_address=outgoing.to_address,
                template_id=self.template_id,
                personalisation={"subject": outgoing.subject, "body": _plain(message)},
                reference=f"weave-{outgoing.id}",
                one_click_unsubscribe_url=str(unsubscribe).strip("<> ") if unsubscribe else None,
            )
        except HTTPError as error:
            # 429 (rate limit), 5xx and a failed connection (the client reports 503) pass; a rejected key
            # (403) is our set-up, fixed by the settings; any other 4xx is about this email.
            if error.status_code in (403, 429) or error.status_code >= 500:
                raise TemporaryFailure(_reason(error)) from None
            raise PermanentFailure(_reason(error)) from None

    def close(self) -> None:
        self.client.request_session.close()
