"""A real SMTP server in the test process (aiosmtpd), and the app set up to send to it.

``SmtpInbox`` records every message it accepts (parsed) and can be told to answer some recipients with a
temporary (4xx) or permanent (5xx) refusal, or to take its time over each message.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, inbox: SmtpInbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        answer = self.inbox.answer_for(address)
        if answer is not None:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.inbox.delay:
            time.sleep(self.inbox.delay)  # blocks the server's loop: one message at a time, slowly
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.inbox.lock:
            self.inbox.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted"


class SmtpInbox:
    def __init__(self, *, auth: tuple[str, str] | None = None) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.delay = 0.0
        # address → list of replies to give, one per attempt, before accepting ("451 ..." or "550 ...")
        self.refusals: dict[str, list[str]] = {}
        self.always_refuse: dict[str, str] = {}
        kwargs: dict = {}
        if auth is not None:
            user, password = auth

            def check(server, session, envelope, mechanism, data):
                from aiosmtpd.smtp import AuthResult, LoginPassword

                ok = isinstance(data, LoginPassword) and data.login.decode() == user \
                    and data.password.decode() == password
                return AuthResult(success=ok)

            kwargs = {"authenticator": check, "auth_require_tls": False, "auth_required": True}
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, **kwargs)

    def answer_for(self, address: str) -> str | None:
        if address in self.always_refuse:
            return self.always_refuse[address]
        pending = self.refusals.get(address)
        if pending:
            return pending.pop(0)
        return None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpInbox:
        self.controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        if getattr(self, "running", False):
            self.running = False
            self.controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for rcpts, m in self.messages if address in rcpts]

    def wait_for(self, count: int, timeout: float = 10.0,
                 where: Callable[[EmailMessage], bool] = lambda _m: True) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = [m for _r, m in self.messages if where(m)]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"Expected {count} messages, got {len(found)}")


def email_id_of(message: EmailMessage) -> int:
    """The outbox row a message came from (its Message-ID says)."""
    found = re.search(r"weave\.(\d+)@", str(message["Message-ID"]))
    assert found, message["Message-ID"]
    return int(found.group(1))


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return part.get_content()
