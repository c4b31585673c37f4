"""What API views share: JSON parsing, the signed-in user, one transaction, domain errors as problems."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app.database import in_transaction
from app.errors import problem
from community.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from community.i18n import translate


def json_body() -> dict:
    """The request's JSON object, or a 400 problem raised as an exception."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(
            problem(400, "Bad Request", _("Send a JSON object with Content-Type application/json"))
        )
    return data


class ApiError(Exception):
    def __init__(self, response) -> None:
        super().__init__(response.status_code)
        self.response = response


def api_view(view: Callable) -> Callable:
    """Turn domain errors into problem bodies, their messages translated for the reader.

    The ``title`` is the HTTP status's own name and stays English, as RFC 9457 expects; ``detail`` and the
    per-field ``errors`` are for people.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ApiError as error:
            return error.response
        except ValidationFailed as error:
            errors = {name: translate(message) for name, message in error.errors.items()}
            return problem(422, "Unprocessable Content", "; ".join(errors.values()), errors=errors)
        except PermissionDenied as error:
            return problem(403, "Forbidden", translate(error.message) or _("You cannot do that"))
        except NotFound as error:
            return problem(404, "Not Found", translate(error.message) or _("Not found"))
        except Conflict as error:
            return problem(409, "Conflict", translate(error.message))
        except DomainError as error:
            return problem(400, "Bad Request", translate(error.message))

    return wrapper


def committed(action):
    """Run ``action(session)`` (one service), commit, and return its result for the view to answer with.

    The API's one way to change data. Any error rolls back and propagates: ``api_view`` turns a domain
    error into its problem body.
    """
    return in_transaction(action)


def require_user():
    if not current_user.is_authenticated:
        raise ApiError(problem(401, "Unauthorized", _("Sign in to use this part of the API")))
    return current_user


def require_connector():
    user = require_user()
    if not user.is_connector:
        raise ApiError(problem(403, "Forbidden", _("Only council connectors can use this part of the API")))
    return user
