"""Where email goes: an SMTP server (``WEAVE_SMTP_URL``) or GOV.UK Notify, chosen by ``WEAVE_EMAIL_BACKEND``.

A backend's ``send(message, outgoing)`` delivers one email or raises ``TemporaryFailure`` (try again later)
or ``PermanentFailure`` (never); ``close()`` ends the pass. One backend object serves one sending pass in one
thread (an SMTP connection is kept open across the pass).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from flask import Flask

from community.outbox import Outgoing, PermanentFailure, TemporaryFailure

__all__ = ["BACKENDS", "Backend", "SmtpBackend", "SmtpSettings", "make_backend", "ConfigurationError"]

BACKENDS = ("smtp", "notify", "outbox-only")


class ConfigurationError(RuntimeError):
    """The email settings are missing or wrong (said in one line)."""


class Backend(Protocol):
    def send(self, message: EmailMessage, outgoing: Outgoing) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    implicit_tls: bool = False  # smtps://, port 465
    starttls: bool = False
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """``smtp://user:password@host:587?starttls=1`` or ``smtps://user:password@host:465``.

        >>> s = SmtpSettings.from_url("smtp://ann%40x.org:p%2Fw@mail.example:2525?starttls=1")
        >>> s.host, s.port, s.username, s.password, s.implicit_tls, s.starttls
        ('mail.example', 2525, 'ann@x.org', 'p/w', False, True)
        """
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ConfigurationError("WEAVE_SMTP_URL must look like smtp://user:password@host:587?starttls=1")
        query = parse_qs(parts.query)

        def flag(name: str) -> bool:
            return query.get(name, ["0"])[-1].lower() in ("1", "true", "yes", "on")

        implicit = parts.scheme == "smtps"
        timeout = float(query.get("timeout", ["30"])[-1])
        return cls(
            host=parts.hostname, port=parts.port or (465 if implicit else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            implicit_tls=implicit, starttls=flag("starttls"), timeout=timeout,
        )


# Replies that are about our own set-up, not the email: retried, because fixing the settings fixes them.
_OUR_PROBLEM = {530, 534, 535, 538}


def _classify(code: int, text: bytes | str) -> TemporaryFailure | PermanentFailure:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    reason = f"{code} {said}".strip()
    if 400 <= code < 500 or code in _OUR_PROBLEM:
        return TemporaryFailure(reason)
    return PermanentFailure(reason)


class SmtpBackend:
    def __init__(self, settings: SmtpSettings, *, context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self.context = context or ssl.create_default_context()
        self.connection: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        connection: smtplib.SMTP
        if s.implicit_tls:
            connection = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self.context)
        else:
            connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            # Commands and replies are small: without this, Nagle's algorithm and delayed ACKs hold each
            # message back by tens of milliseconds.
            if connection.sock is not None:
                connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection.ehlo()
            if s.starttls:
                connection.starttls(context=self.context)
                connection.ehlo()
            if s.username:
                connection.login(s.username, s.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, message: EmailMessage, outgoing: Outgoing) -> None:
        try:
            if self.connection is None:
                self.connection = self._open()
            refused = self.connection.send_message(message, to_addrs=[outgoing.to_address])
            if refused:
                code, text = next(iter(refused.values()))
                raise _classify(code, text)
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise _classify(code, text) from None
        except smtplib.SMTPResponseException as error:
            self._drop()
            raise _classify(error.smtp_code, error.smtp_error) from None
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from None

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except OSError:
                pass

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()


def make_backend(app: Flask) -> Backend | None:
    """The configured backend, or None for ``outbox-only`` (email stays in the table)."""
    name = app.config.get("EMAIL_BACKEND") or "outbox-only"
    if name == "outbox-only":
        return None
    if name == "smtp":
        url = app.config.get("SMTP_URL")
        if not url:
            raise ConfigurationError("WEAVE_EMAIL_BACKEND is smtp but WEAVE_SMTP_URL is not set")
        return SmtpBackend(SmtpSettings.from_url(url))
    if name == "notify":
        from app.email.notify import NotifyBackend

        return NotifyBackend.from_config(app)
    raise ConfigurationError(f"WEAVE_EMAIL_BACKEND={name!r} is not one of {', '.join(BACKENDS)}")
