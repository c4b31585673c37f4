"""Configuration classes, read from the environment.

Pick one with ``WEAVE_CONFIG`` (``development`` by default, ``production``, ``testing``) or pass a class
to ``app.create_app``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("WEAVE_INSTANCE_PATH", BASE_DIR / "instance"))

# Deliberately public: it only exists so a new developer's `make run` works. Production refuses it.
DEVELOPMENT_SECRET_KEY = "weave-development-key-not-for-production"


def _flag(name: str, default: bool) -> bool:
    """An on/off setting: 1, true, yes or on switch it on; 0, false, no or off switch it off."""
    value = os.environ.get(name, "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return default


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs name the old driver; we use psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    DATABASE_URL = _database_url(f"sqlite:///{INSTANCE_DIR / 'weave.sqlite'}")
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Map tiles are the one thing a user's browser may fetch from elsewhere; councils can point this at
    # their own tile server.
    MAP_TILES_URL = os.environ.get(
        "WEAVE_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )
    MAP_TILES_ATTRIBUTION = os.environ.get(
        "WEAVE_MAP_TILES_ATTRIBUTION", "&copy; OpenStreetMap contributors"
    )
    # Secret used to place public (blurred) positions; separate from SECRET_KEY so rotating one does
    # not move every post on the map.
    LOCATION_SALT = os.environ.get("WEAVE_LOCATION_SALT", SECRET_KEY)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # "Keep me signed in" lasts a month, not Flask-Login's default year.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    WTF_CSRF_TIME_LIMIT = 3600

    # A new account must confirm its email address (by a link sent to it) before it can sign in, and
    # registering never reveals whether an address already has an account. On everywhere but the
    # development server, where `make run` serves the demo and emails only reach the outbox table.
    REQUIRE_EMAIL_CONFIRMATION = _flag("WEAVE_REQUIRE_EMAIL_CONFIRMATION", True)

    RATELIMIT_ENABLED = True
    # Failed sign-ins only: from one address, and at one account from any number of addresses.
    SIGN_IN_RATE_LIMIT = os.environ.get("WEAVE_SIGN_IN_RATE_LIMIT", "10 per minute;50 per hour")
    SIGN_IN_ACCOUNT_RATE_LIMIT = os.environ.get(
        "WEAVE_SIGN_IN_ACCOUNT_RATE_LIMIT", "10 per minute;30 per hour"
    )
    REGISTER_RATE_LIMIT = os.environ.get("WEAVE_REGISTER_RATE_LIMIT", "5 per minute;30 per hour")

    # Email (README, "Sending email"): how it leaves the outbox. "outbox-only" keeps it in the table.
    EMAIL_BACKEND = os.environ.get("WEAVE_EMAIL_BACKEND", "outbox-only")
    SMTP_URL = os.environ.get("WEAVE_SMTP_URL") or None  # smtp://user:pass@host:587?starttls=1, smtps://...
    EMAIL_FROM = os.environ.get("WEAVE_EMAIL_FROM", "weave@localhost")
    NOTIFY_API_KEY = os.environ.get("WEAVE_NOTIFY_API_KEY") or None
    NOTIFY_TEMPLATE_ID = os.environ.get("WEAVE_NOTIFY_TEMPLATE_ID") or None
    NOTIFY_BASE_URL = os.environ.get("WEAVE_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
    # Where links in email point when no web request is there to say (the sender, cron jobs).
    BASE_URL = os.environ.get("WEAVE_BASE_URL", "http://localhost:5000")
    # Connections each sending pass opens to the mail server (or Notify), sending side by side.
    EMAIL_CONNECTIONS = int(os.environ.get("WEAVE_EMAIL_CONNECTIONS", "4"))
    # Without Redis, a thread in each web process sends email as soon as it is queued.
    EMAIL_SENDER_THREAD = _flag("WEAVE_EMAIL_SENDER_THREAD", True)
    # The largest request body read (413 past it): forms and JSON are a few kilobytes. The administrators'
    # boundary and category uploads may be larger (app/inputs.py).
    MAX_CONTENT_LENGTH = int(os.environ.get("WEAVE_MAX_CONTENT_LENGTH", 1024 * 1024))
    UPLOAD_MAX_CONTENT_LENGTH = int(os.environ.get("WEAVE_UPLOAD_MAX_CONTENT_LENGTH", 21 * 1024 * 1024))

    # Pages are compressed like JSON and assets unless this is off (README: Compression, BREACH).
    COMPRESS_HTML = _flag("WEAVE_COMPRESS_HTML", True)
    # How many reverse proxies stand in front of the app (their X-Forwarded-* headers are believed).
    TRUSTED_PROXIES = int(os.environ.get("WEAVE_TRUSTED_PROXIES", "0"))
    # json: one JSON object a line with the request id (app/logs.py); text: Python's own format.
    LOG_FORMAT = os.environ.get("WEAVE_LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("WEAVE_LOG_LEVEL", "INFO")

    TESTING = False
    DEBUG = False
    PRODUCTION = False


class DevelopmentConfig(Config):
    DEBUG = False
    REQUIRE_EMAIL_CONFIRMATION = _flag("WEAVE_REQUIRE_EMAIL_CONFIRMATION", False)


class ProductionConfig(Config):
    PRODUCTION = True
    LOG_FORMAT = os.environ.get("WEAVE_LOG_FORMAT", "json")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "weave-testing-key"
    LOCATION_SALT = "weave-testing-salt"
    DATABASE_URL = _database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    REDIS_URL = None
    WTF_CSRF_ENABLED = False
    # Tests exercise the way a real council runs: new addresses are confirmed by a link.
    REQUIRE_EMAIL_CONFIRMATION = True
    EMAIL_BACKEND = "outbox-only"
    BASE_URL = "http://localhost"
    # Argon2 at full strength makes a test suite crawl; tests use the same code with cheaper costs.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def config_from_environment() -> type[Config]:
    name = os.environ.get("WEAVE_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"WEAVE_CONFIG={name!r} is not one of {', '.join(sorted(CONFIGS))}"
        ) from None
