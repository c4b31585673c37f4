"""A redis-server of a test's own, on a free port, without persistence.

For tests whose assertions are about what Redis holds: on the shared Redis (6379) other tests' workers and
processes come and go, and nothing those tests read there can be told apart from what they wrote. The fault
suite kills and restarts its private server, which it must never do to the shared one.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import redis

from tests.builders.mail import free_port


class PrivateRedis:
    """One redis-server process; ``start`` again after ``kill`` serves the same URL, empty."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.ping()
                return
            except redis.RedisError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"the private Redis on port {self.port} did not start") from None
                time.sleep(0.1)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

    def keys(self) -> list:
        """The rate limiter's keys."""
        return self.client().keys("LIMITS*")
