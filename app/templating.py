"""Jinja set-up: our templates first, then the GOV.UK Frontend macros and WTForms widgets.

The service navigation is built from a registry so that each feature adds its own links without editing
``base.html``. A blueprint registers its items where it is defined::

    from app.templating import register_nav_item, signed_in

    bp = Blueprint("residents", __name__)
    register_nav_item(bp, _l("Find help near you"), "residents.nearby", visible=signed_in, order=20)

Items whose endpoint is not registered on the app are left out, so a link can be declared before (or
without) the view it points to. The unread-notifications count works the same way, through
``register_notifications``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, current_app, g, has_request_context, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, Template, pass_context

from community.i18n import Text, translate

SERVICE_NAME = "Weave"

NAV_KEY = "weave.nav_items"
NOTIFICATIONS_KEY = "weave.notifications"

Visible = Callable[[Any], bool]


def everyone(_user) -> bool:
    return True


def signed_in(user) -> bool:
    return bool(user.is_authenticated)


def signed_out(user) -> bool:
    return not user.is_authenticated


def connectors(user) -> bool:
    return bool(user.is_authenticated and user.is_connector)


def admins(user) -> bool:
    return bool(user.is_authenticated and user.is_admin)


@dataclass(frozen=True)
class NavItem:
    text: Any  # a lazy string: translated each time the navigation is drawn
    endpoint: str
    visible: Visible = signed_in
    # Lower comes first; account links sit at 90 and above so features appear before them.
    order: int = 50


@dataclass(frozen=True)
class NotificationsSource:
    endpoint: str
    count: Callable[[Any], int]


def _on_app(target: Flask | Blueprint, action: Callable[[Flask], None]) -> None:
    if isinstance(target, Blueprint):
        target.record_once(lambda state: action(state.app))
    else:
        action(target)


def register_nav_item(
    target: Flask | Blueprint, text: Any, endpoint: str, *, visible: Visible = signed_in, order: int = 50
) -> None:
    """Add a link to the service navigation for the users ``visible(current_user)`` is true for.

    ``text`` is a lazy string (``lazy_gettext``) so that each reader sees it in their language.
    """
    item = NavItem(text=text, endpoint=endpoint, visible=visible, order=order)
    _on_app(target, lambda app: app.extensions.setdefault(NAV_KEY, []).append(item))


def register_notifications(target: Flask | Blueprint, endpoint: str, count: Callable[[Any], int]) -> None:
    """Show "Notifications (n)" in the navigation, with ``count(user)`` for the signed-in user."""
    source = NotificationsSource(endpoint=endpoint, count=count)
    _on_app(target, lambda app: app.extensions.__setitem__(NOTIFICATIONS_KEY, source))


def has_endpoint(endpoint: str) -> bool:
    """True if a view is registered for ``endpoint`` (features are added over time)."""
    return endpoint in current_app.view_functions


def nav_items(user) -> list[dict]:
    """The service navigation for ``user``, ready for ``govukServiceNavigation``."""
    items = sorted(current_app.extensions.get(NAV_KEY, []), key=lambda item: item.order)
    return [
        {
            "text": item.text,
            "href": url_for(item.endpoint),
            "current": request.endpoint == item.endpoint,
            "order": item.order,
        }
        for item in items
        if has_endpoint(item.endpoint) and item.visible(user)
    ]


def _request_nav_items() -> list[dict]:
    """``nav_items`` for this request's visitor, worked out once a request: every template render asks (the
    GOV.UK form widgets render a template per field), and an item's ``visible`` may query the database."""
    key = (getattr(current_user, "id", None), request.endpoint)
    cached = g.get("weave_nav_items")
    if cached is None or cached[0] != key:
        cached = (key, nav_items(current_user))
        g.weave_nav_items = cached
    return cached[1]


def with_notifications(items: list[dict], unread: int | None, url: str | None) -> list[dict]:
    """Put "Notifications (n)" before the account links when there is a count to show."""
    if unread is None:
        return items
    text = _("Notifications (%(unread)s)", unread=unread)
    link = {"text": text, "href": url, "current": False, "order": 85}
    before = [item for item in items if item.get("order", 50) < link["order"]]
    after = [item for item in items if item.get("order", 50) >= link["order"]]
    return [*before, link, *after]


def _unread_notifications(user) -> tuple[int | None, str | None]:
    source: NotificationsSource | None = current_app.extensions.get(NOTIFICATIONS_KEY)
    if source is None or not user.is_authenticated or not has_endpoint(source.endpoint):
        return None, None
    return source.count(user), url_for(source.endpoint)


def _council_name() -> str | None:
    # Imported here: app.council_name reads the database, which imports this module's neighbours.
    from app.council_name import cached_council_name

    return cached_council_name()


def _page_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "en"


def _translate_domain_text(value: Any) -> Any:
    return translate(value) if isinstance(value, Text) else value


def _translating_values(gettext: Callable) -> Callable:
    """Flask-Babel's template gettext, translating domain words passed as values: ``{% trans x=... %}``."""

    @pass_context
    def wrapped(context, *args, **variables):
        variables = {name: _translate_domain_text(value) for name, value in variables.items()}
        return gettext(context, *args, **variables)

    return wrapped


class _Template(Template):
    """Jinja's template, with its test for imports that need a module of their own made in C.

    Every ``{% from ... import ... %}`` asks whether the importing page has globals the imported template
    lacks, as ``set - ChainMap.keys()``: a Python-level membership test per global, about forty microseconds
    an import, and a page makes sixteen. The question and the answer are Jinja's own; only the sum is done
    over the chain's plain dictionaries.
    """

    def _get_default_module(self, ctx=None):  # type: ignore[no-untyped-def]
        if ctx is not None and ctx.globals_keys:
            maps = getattr(self.globals, "maps", None)
            if maps is not None and ctx.globals_keys.difference(*maps):
                return super()._get_default_module(ctx)
            if maps is not None:
                return super()._get_default_module(None)
        return super()._get_default_module(ctx)


def init_app(app: Flask) -> None:
    app.jinja_env.template_class = _Template
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("app"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
    # {% do rows.append(...) %} instead of {% set _ = ... %}, which would hide gettext's ``_``.
    app.jinja_env.add_extension("jinja2.ext.do")
    # Domain words (labels, messages from community.i18n) are translated as they are written out.
    app.jinja_env.finalize = _translate_domain_text
    # English stored in the database (an analysis run's stage): ``{{ run.stage|translate }}``.
    app.jinja_env.filters["translate"] = translate
    for name in ("gettext", "ngettext"):
        app.jinja_env.globals[name] = _translating_values(app.jinja_env.globals[name])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["has_endpoint"] = has_endpoint
    app.jinja_env.globals["with_notifications"] = with_notifications

    register_nav_item(app, _l("Admin"), "admin.index", visible=admins, order=80)
    register_nav_item(app, _l("Your account"), "auth.account", visible=signed_in, order=90)
    register_nav_item(app, _l("Sign out"), "auth.sign_out_confirm", visible=signed_in, order=95)
    register_nav_item(app, _l("Sign in"), "auth.sign_in", visible=signed_out, order=90)
    register_nav_item(app, _l("Create an account"), "auth.register", visible=signed_out, order=95)

    @app.context_processor
    def _globals() -> dict:
        context = {
            "service_name": SERVICE_NAME,
            # Read only by the pages that show it (the footer): one small query.
            "council_name": _council_name,
            # <html lang>: "en" for British English, "cy" once Welsh is chosen.
            "htmlLang": _page_language(),
            "current_year": datetime.now(UTC).year,
            "nav_items": [],
            # A view may pass its own value; None means "do not show a notifications link".
            "unread_notifications": None,
            "notifications_url": None,
        }
        # Templates rendered outside a request (emails from CLI commands, jobs) have no visitor.
        if has_request_context():
            unread, notifications_url = _unread_notifications(current_user)
            context.update(
                nav_items=_request_nav_items(),
                unread_notifications=unread,
                notifications_url=notifications_url,
            )
        return context
