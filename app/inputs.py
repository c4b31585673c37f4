"""The edge where a request's input is read: what no view should ever have to guard against itself.

- Integer parts of a URL (``<int:need_id>``) stop at the largest id a database integer holds, so
  ``/needs/2147483648`` is a 404 instead of an overflow inside PostgreSQL; ``request.args.get(name,
  type=int)`` gives its default for such a number, as for any other value that is not a usable number.
- Text that no database column can hold — a NUL character, or half of a UTF-16 surrogate pair such as the
  JSON escape ``"\\ud800"`` — is refused once, here, with a 400 (a problem body under /api/), whether it came
  in the query string, a form, a JSON body or the path; so are JSON numbers past a database integer, and
  NaN or Infinity.
- A request body is limited to ``MAX_CONTENT_LENGTH`` bytes (413), except on the views marked with
  ``allow_large_upload`` (the administrators' file uploads), which get ``UPLOAD_MAX_CONTENT_LENGTH``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import Flask, Request, abort, current_app, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

# PostgreSQL's ``integer``: every id column in Weave.
LARGEST_ID = 2**31 - 1

# NUL, which neither PostgreSQL text nor C strings can hold, and lone UTF-16 surrogates, which UTF-8 cannot.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

V = TypeVar("V", bound=Callable[..., Any])


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` with a ceiling: a number past ``LARGEST_ID`` names nothing, so the answer is 404.

    Raised here rather than by werkzeug's own ``max`` (which only makes the rule not match): then a path
    served for other methods too would answer 405, as if the method were the problem.
    """

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > LARGEST_ID:
            raise NotFound()
        return number


class BoundedArgs(ImmutableMultiDict):
    """Query strings and forms whose ``.get(name, type=int)`` gives the default for a number no database
    integer holds, as it already does for a value that is not a number."""

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's own parameter name
        value = super().get(key, default, type)
        if type is int and isinstance(value, int) and not -LARGEST_ID - 1 <= value <= LARGEST_ID:
            return default
        return value


class WeaveRequest(Request):
    parameter_storage_class = BoundedArgs


def allow_large_upload(view: V) -> V:
    """Mark a view that takes a file upload: its body may be up to ``UPLOAD_MAX_CONTENT_LENGTH``."""
    view.large_upload = True  # type: ignore[attr-defined]
    return view


def has_unstorable_text(value: object) -> bool:
    r"""True if ``value`` (a string, or JSON made of dicts and lists) holds what no column can store: a NUL,
    a lone surrogate, a whole number past a database integer, or a number that is not finite (NaN).

    >>> has_unstorable_text({"title": ["ok", "a\x00b"]})
    True
    >>> has_unstorable_text({"title": "caf\u00e9 \U0001F600", "n": 3, "lat": 51.5, "ok": True})
    False
    >>> has_unstorable_text("\ud800"), has_unstorable_text([2**31]), has_unstorable_text(float("nan"))
    (True, True, True)
    """
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -LARGEST_ID - 1 <= value <= LARGEST_ID
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(has_unstorable_text(k) or has_unstorable_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_unstorable_text(item) for item in value)
    return False


def init_app(app: Flask) -> None:
    """Install the converter (before any blueprint adds its routes) and the request checks."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = WeaveRequest
    app.config.setdefault("UPLOAD_MAX_CONTENT_LENGTH", app.config.get("MAX_CONTENT_LENGTH"))
    app.before_request(_check_input)


def _check_input() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and getattr(view, "large_upload", False):
        request.max_content_length = current_app.config["UPLOAD_MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.max_content_length is not None \
            and request.content_length > request.max_content_length:
        abort(413)
    if _any_unstorable(request.args.items(multi=True)) or _any_unstorable((request.view_args or {}).items()):
        abort(400, description=_refusal())
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            if has_unstorable_text(request.get_json(silent=True)):
                abort(400, description=_refusal())
        elif _any_unstorable(request.form.items(multi=True)):
            abort(400, description=_refusal())


def _any_unstorable(pairs: Iterable[tuple[Any, Any]]) -> bool:
    return any(has_unstorable_text(key) or has_unstorable_text(value) for key, value in pairs)


def _refusal() -> str:
    from flask_babel import gettext as _

    return _("The request holds something that cannot be stored: a NUL character, a broken character, or "
             "a number too large. Remove it and try again.")
