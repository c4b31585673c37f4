"""Security headers on every response, and the client's real address behind a reverse proxy.

- ``Content-Security-Policy``: scripts only from this site, or inline with this response's nonce — no
  ``'unsafe-inline'`` scripts, so a script injected into a page does not run. The GOV.UK template's one
  inline script and each Folium map document's script carry the nonce (``csp_nonce()``, ``cspNonce`` in
  templates). Styles may be inline (Leaflet positions everything with style attributes); images may come
  from the map tile server (``MAP_TILES_URL``). Pages may be framed only by this site (the map iframes).
- ``X-Frame-Options: SAMEORIGIN`` for browsers older than ``frame-ancestors``; ``X-Content-Type-Options:
  nosniff``; ``Referrer-Policy: strict-origin-when-cross-origin`` (addresses with ids in them never leave
  the site whole); ``Strict-Transport-Security`` in production only (a developer's http://127.0.0.1 must
  keep working).
- ``WEAVE_TRUSTED_PROXIES`` (a number, 0 by default) says how many reverse proxies stand in front of the
  app: that many ``X-Forwarded-For``/``-Proto``/``-Host`` hops are believed (werkzeug's ProxyFix), so rate
  limits count the client's address, not the proxy's, and links are https. Never set it higher than the
  proxies really there: a client could otherwise choose its own address.
"""

from __future__ import annotations

import functools
import secrets
from urllib.parse import urlsplit

from flask import Flask, current_app, g
from werkzeug.middleware.proxy_fix import ProxyFix

HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """This request's nonce for inline scripts (a new one for every response)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


@functools.lru_cache(maxsize=8)
def tile_origin(tiles_url: str) -> str:
    """The origin map tiles come from, for ``img-src``.

    >>> tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    'https://tile.openstreetmap.org'
    >>> tile_origin("/tiles/{z}/{x}/{y}.png")
    ''
    """
    parts = urlsplit(tiles_url.replace("{s}", "a"))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc
    if "{s}" in tiles_url:  # subdomains a, b, c … of the same server
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


def content_security_policy(nonce: str, *, tiles: str = "") -> str:
    """The policy for one response.

    >>> content_security_policy("abc", tiles="https://tile.example")  # doctest: +NORMALIZE_WHITESPACE
    "default-src 'self'; script-src 'self' 'nonce-abc'; style-src 'self' 'unsafe-inline';
    img-src 'self' data: https://tile.example; font-src 'self' data:; connect-src 'self'; frame-src 'self';
    frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'"
    """
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        " ".join(filter(None, ["img-src 'self' data:", tiles])),
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies, x_prefix=proxies
        )
    app.context_processor(lambda: {"cspNonce": csp_nonce(), "csp_nonce": csp_nonce})
    app.after_request(_add_headers)


def _add_headers(response):
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        content_security_policy(csp_nonce(), tiles=tile_origin(current_app.config.get("MAP_TILES_URL", ""))),
    )
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if current_app.config.get("PRODUCTION"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response
