"""Flask extensions, created unbound and attached in ``init_app``."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, has_app_context
from flask_babel import Babel, get_translations
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from community.accounts import configure_hasher
from community.i18n import Translator, set_translator

log = logging.getLogger(__name__)

class _CSRFProtect(CSRFProtect):
    """CSRF protection, except for API requests that carry a personal API token (``app.api.directory``):
    a browser cannot add that header to a cross-site request, and a bad token is refused there."""

    def _is_exempt(self) -> bool:
        from app.api.directory import bearer_token

        return bearer_token() is not None or super()._is_exempt()


login_manager = LoginManager()
csrf = _CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Sign in to see this page.")
    # Flashed as the reader's language at the time, not as the lazy object.
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    # Strong protection would sign people out when their IP changes (mobile networks); the per-user
    # session version does the real work of ending sessions.
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    _init_babel(app)
    _init_limiter(app)
    configure_hasher(
        time_cost=app.config.get("ARGON2_TIME_COST"), memory_cost=app.config.get("ARGON2_MEMORY_COST")
    )


def select_locale() -> str:
    """The language of this request: today always the default, British English.

    This is the seam for Welsh: once ``app/translations/cy`` exists, add ``"cy"`` to ``LANGUAGES`` and pick
    it here from the reader's choice (a language link that sets a cookie, as GOV.UK services do).
    """
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _init_babel(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en_GB")
    app.config.setdefault("LANGUAGES", ("en_GB",))
    babel.init_app(app, locale_selector=select_locale)
    # The domain marks its messages with community.i18n and leaves their translation to whoever shows
    # them: here, the catalogue of the request's language (the English itself outside a request).
    set_translator(
        Translator(
            gettext=lambda message: request_translations().ugettext(message),
            ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        )
    )
    # Flask-Babel's own template callables, with the catalogue looked up once a request (see below).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: request_translations().ugettext(message),
        ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        pgettext=lambda context, message: request_translations().upgettext(context, message),
        npgettext=lambda context, singular, plural, n: request_translations().unpgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )


def request_translations():
    """``flask_babel.get_translations()``, looked up once for the app context (a request).

    A page says hundreds of words through gettext (a coverage table, 400), and each of Flask-Babel's
    lookups walks its context three times and spells out the locale's name: a third of such a page's
    Python. Flask-Babel keeps the locale for the whole context in ``g`` too, so keeping its catalogue
    there changes nothing it would have chosen (``flask_babel.refresh``, which would, is not used).
    """
    if not has_app_context():
        return get_translations()
    try:
        return g._weave_translations
    except AttributeError:
        g._weave_translations = get_translations()
        return g._weave_translations


def _init_limiter(app: Flask) -> None:
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    if redis_url:
        app.config["RATELIMIT_STORAGE_URI"] = redis_url
        # If Redis goes away, keep limiting in this process's memory rather than failing requests.
        app.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = True
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 0.5})
    else:
        app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    app.config["RATELIMIT_SWALLOW_ERRORS"] = True
    limiter.init_app(app)
    # The limiter is one module-level object and init_app leaves its "storage is down" flag alone: an
    # app built after another one lost its Redis would otherwise never use its own storage.
    limiter._storage_dead = False
