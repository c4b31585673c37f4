"""A small stand-in for the GOV.UK Notify API (http.server in a thread) that checks what it is sent.

It checks each request the way Notify does: a ``Bearer`` JWT signed (HS256) with the key's secret, issued
by the key's service id, issued within the last 30 seconds; a JSON body with an address, the template and
its personalisation. It answers 201 with a notification, or the error ``answers`` gives for an address.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = "7b5f3a3c-6a52-4b2e-9d4e-1f0c3f1b2a11"
SECRET = "0f2d6c1e-3b4a-4e8f-8a7b-5c6d7e8f9a0b"
API_KEY = f"weave_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "c0ffee00-1234-4a5b-8c9d-0123456789ab"


class FakeNotify:
    def __init__(self) -> None:
        self.received: list[dict] = []
        self.refused: list[tuple[int, str]] = []
        # address → list of (status, message) answers to give, one per request, before accepting
        self.answers: dict[str, list[tuple[int, str]]] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, error: str, message: str) -> None:
                fake.refused.append((status, message))
                errors = [{"error": error, "message": message}]
                self._answer(status, {"status_code": status, "errors": errors})

            def do_POST(self) -> None:  # noqa: N802
                if self.path != "/v2/notifications/email":
                    return self._error(404, "NotFound", f"no such path {self.path}")
                auth = self.headers.get("Authorization", "")
                if not auth.startswith("Bearer "):
                    return self._error(401, "AuthError", "Unauthorized: no authentication token")
                try:
                    claims = jwt.decode(auth[7:], SECRET, algorithms=["HS256"],
                                        options={"require": ["iss", "iat"]})
                except jwt.PyJWTError as error:
                    return self._error(403, "AuthError", f"Invalid token: {error}")
                if claims["iss"] != SERVICE_ID or abs(time.time() - claims["iat"]) > 30:
                    return self._error(403, "AuthError", "Invalid token: wrong issuer or time")
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                if body.get("template_id") != TEMPLATE_ID or "email_address" not in body:
                    return self._error(400, "BadRequestError", "template_id or email_address is wrong")
                personalisation = body.get("personalisation") or {}
                if not {"subject", "body"} <= set(personalisation):
                    return self._error(400, "BadRequestError", "Missing personalisation: subject, body")
                pending = fake.answers.get(body["email_address"])
                if pending:
                    status, message = pending.pop(0)
                    return self._error(status, "Error", message)
                fake.received.append(body)
                self._answer(201, {"id": str(uuid.uuid4()), "reference": body.get("reference"),
                                   "content": {"subject": personalisation["subject"],
                                               "body": personalisation["body"], "from_email": "x@notify"},
                                   "uri": "", "template": {"id": TEMPLATE_ID, "version": 1, "uri": ""}})
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeNotify:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
