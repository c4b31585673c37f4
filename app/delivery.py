"""What goes over the wire: compressed responses and static files a browser keeps for a year.

Compression (Flask-Compress): HTML, JSON (the API, problem bodies, GeoJSON), CSS, JavaScript and SVG are
sent brotli- or gzip-compressed to a browser that asks (``Accept-Encoding``), once larger than 500 bytes.
weave.css goes from 133 KB to about 16 KB, a ward's map JSON from ~400 KB to ~30 KB.

Static files are fingerprinted: ``url_for('static', filename=...)`` adds ``?v=<hash of the file's
content>``, so a file's URL changes exactly when its content does. A request carrying the current hash is
answered with ``Cache-Control: public, max-age=31536000, immutable`` (browsers and proxies keep it a year
and never ask again); any other request for a static file (no hash, or an old one) must be revalidated
(``no-cache``, with the ETag Flask sends). Files a stylesheet names by relative URL (fonts, images inside
weave.css) carry no hash and are revalidated the same way.

Why a query string and not WhiteNoise's hashed file names: the files are built by npm into app/static and
named by templates, Folium map documents and CSS alike; a manifest would have to be threaded through all
three. The hash in the query string gives the same "new content, new URL" with nothing to keep in step,
and every cache in front of Weave (browsers, nginx, CDNs) keys on the whole URL.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, current_app, request
from flask_compress import Compress

YEAR = 365 * 24 * 3600
COMPRESSED_TYPES = [
    "text/html", "text/css", "text/plain", "text/csv", "text/javascript", "application/javascript",
    "application/json", "application/problem+json", "application/geo+json", "image/svg+xml",
]

compress = Compress()


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        [t for t in COMPRESSED_TYPES if t != "text/html" or app.config.get("COMPRESS_HTML", True)],
    )
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    # Static files are sent as streams; Flask-Compress leaves gzip out of streams by default.
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    compress.init_app(app)
    app.url_defaults(_fingerprint_static_urls)
    app.after_request(_static_cache_headers)


_hashes: dict[tuple[str, float, int], str] = {}


def content_hash(path: Path) -> str | None:
    """The first 12 hex digits of the file's SHA-256, remembered while its size and time are unchanged."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    key = (str(path), stat.st_mtime, stat.st_size)
    digest = _hashes.get(key)
    if digest is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        _hashes[key] = digest
    return digest


def _static_file(filename: str) -> Path | None:
    folder = current_app.static_folder
    if not folder or not filename:
        return None
    root = Path(folder).resolve()
    path = (root / filename).resolve()
    if root not in path.parents:
        return None
    return path


def _fingerprint_static_urls(endpoint: str | None, values: dict) -> None:
    if endpoint != "static" or "v" in values:
        return
    path = _static_file(values.get("filename") or "")
    digest = content_hash(path) if path is not None else None
    if digest:
        values["v"] = digest


def _static_cache_headers(response):
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    path = _static_file((request.view_args or {}).get("filename", ""))
    asked = request.args.get("v")
    current = content_hash(path) if path is not None else None
    if asked and current and asked == current:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response


__all__ = ["COMPRESSED_TYPES", "YEAR", "compress", "content_hash", "init_app"]
