"""A local SMTP server in its own process for the sender benchmark: counts what it accepts.

    python benchmarks/_smtp_sink.py PORT     # prints "ready", then on SIGTERM the number of messages
"""

from __future__ import annotations

import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Counting:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.count += len(envelope.rcpt_tos)
        return "250 Message accepted"


def main() -> None:
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print("ready", flush=True)
    done.wait()
    controller.stop()
    print(handler.count, flush=True)


if __name__ == "__main__":
    main()
