"""SMTP over TLS, both ways a council's mail server may ask for it: STARTTLS on the submission port and
implicit TLS (smtps, port 465). The server is a real aiosmtpd with a certificate from a test authority
(trustme); the sender trusts that authority only, so a wrong certificate is refused as it would be in
production."""

from __future__ import annotations

import ssl
from email.message import EmailMessage

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app.email.backends import SmtpBackend, SmtpSettings
from community.outbox import Outgoing, TemporaryFailure
from tests.builders.mail import SmtpInbox, _Handler

USER, PASSWORD = "weave@council.example", "s3cret/pass"


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


def _check(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == (USER, PASSWORD)
    return AuthResult(success=ok)


def _server_context(authority) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


def _client_context(authority) -> ssl.SSLContext:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


@pytest.fixture()
def starttls_inbox(authority):
    """Sign-in only after STARTTLS (aiosmtpd's default), and STARTTLS required before anything else."""
    inbox = SmtpInbox()
    inbox.controller = Controller(
        _Handler(inbox), hostname="127.0.0.1", port=inbox.port, tls_context=_server_context(authority),
        require_starttls=True, authenticator=_check, auth_required=True,
    )
    yield inbox.start()
    inbox.stop()


@pytest.fixture()
def smtps_inbox(authority):
    inbox = SmtpInbox()
    inbox.controller = Controller(
        _Handler(inbox), hostname="127.0.0.1", port=inbox.port, ssl_context=_server_context(authority),
        # aiosmtpd does not count an implicit-TLS session as TLS when it decides to offer AUTH; the whole
        # connection is TLS here (the client wraps the socket before the greeting).
        authenticator=_check, auth_required=True, auth_require_tls=False,
    )
    yield inbox.start()
    inbox.stop()


def _message(to: str) -> tuple[EmailMessage, Outgoing]:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "weave@council.example", to, "A neighbour needs help"
    message.set_content("Someone near you needs a lift to the shops.")
    return message, Outgoing(id=1, to_address=to, subject=message["Subject"], body="", user_id=None,
                             unsubscribe=None, attempts=0)


def _url(scheme: str, port: int, query: str = "") -> str:
    return f"{scheme}://weave%40council.example:s3cret%2Fpass@127.0.0.1:{port}{query}"


def test_starttls_then_sign_in_delivers(starttls_inbox, authority):
    backend = SmtpBackend(SmtpSettings.from_url(_url("smtp", starttls_inbox.port, "?starttls=1")),
                          context=_client_context(authority))
    backend.send(*_message("ann@example.org"))
    backend.close()
    [received] = starttls_inbox.wait_for(1)
    assert received["Subject"] == "A neighbour needs help"
    assert starttls_inbox.to("ann@example.org")


def test_implicit_tls_delivers(smtps_inbox, authority):
    backend = SmtpBackend(SmtpSettings.from_url(_url("smtps", smtps_inbox.port)),
                          context=_client_context(authority))
    backend.send(*_message("bob@example.org"))
    backend.close()
    assert smtps_inbox.wait_for(1)[0]["To"] == "bob@example.org"


def test_without_starttls_a_server_that_requires_it_refuses(starttls_inbox, authority):
    # The control for the first test: the same server really does insist on TLS before anything else.
    backend = SmtpBackend(SmtpSettings.from_url(_url("smtp", starttls_inbox.port)),
                          context=_client_context(authority))
    # Before STARTTLS the server offers no sign-in, so the password is never sent in the clear.
    with pytest.raises(TemporaryFailure, match="AUTH extension not supported"):
        backend.send(*_message("ann@example.org"))
    backend.close()
    assert starttls_inbox.messages == []


def test_a_certificate_from_an_unknown_authority_is_refused_and_retried_later(starttls_inbox):
    # The system's trust store does not know the test authority: the sender must not send in the clear or
    # trust the certificate anyway; it is a temporary failure, retried like a dropped connection.
    backend = SmtpBackend(SmtpSettings.from_url(_url("smtp", starttls_inbox.port, "?starttls=1")))
    with pytest.raises(TemporaryFailure, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        backend.send(*_message("ann@example.org"))
    backend.close()
    assert starttls_inbox.messages == []
