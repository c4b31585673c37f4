"""Forms and the one way a view changes data.

``BaseForm`` strips whitespace from every text field, as GOV.UK Notify does. ``submit`` (a form),
``confirm`` (a button with nothing to re-display) and ``record`` (a write while a page is read) run one
service in one transaction (``app.database.in_transaction``); a view never commits or rolls back itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import abort, flash, redirect
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from werkzeug.wrappers import Response
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

from app.database import in_transaction
from community.errors import Conflict, DomainError, NotFound, ValidationFailed
from community.i18n import _, translate
from community.limits import TextLimit


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def within(limit: TextLimit) -> Length:
    """A domain text limit (``community.limits``), its number and its words, as a form check.

    The words are translated when the check fails, in the reader's language (forms are made at import).
    """
    return Length(max=limit.max, message=LazyString(translate, limit.message))


class BaseForm(FlaskForm):
    """Pass ``keep_whitespace=True`` to a field (passwords) to keep what the user typed exactly.

    ``refusal`` holds a service's refusal the page shows above the form (see ``show_refusal``).
    """

    refusal: str | None = None

    class Meta:
        def bind_field(self, form, unbound_field, options):
            kwargs = dict(unbound_field.kwargs)
            keep = kwargs.pop("keep_whitespace", False)
            if not keep:
                kwargs["filters"] = [*(kwargs.get("filters") or []), _strip]
            field = UnboundField(unbound_field.field_class, *unbound_field.args, **kwargs)
            return field.bind(form=form, **options)

    def set_errors(self, errors: dict[str, str]) -> None:
        """Put a service's ValidationFailed messages on the matching fields (or on the form), translated."""
        for name, text in errors.items():
            message = translate(text)
            field = getattr(self, name, None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [*field.errors, message]
            else:
                self.form_errors.append(message)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators=extra_validators)
        if "csrf_token" in self.errors:
            # A timed-out form is the common case; say what to do, not what a token is.
            self.csrf_token.errors = [translate(CSRF_EXPIRED_MESSAGE)]
        return ok


# Marked the domain's way (a str that remembers its message id) so it stays a plain constant for tests.
CSRF_EXPIRED_MESSAGE = _(
    "This form timed out. We have kept your answers: check them and submit the form again."
)


class GovDateBoxes(GovDateInput):
    """GOV.UK's day, month and year boxes, whatever was posted for them.

    The library's widget unpacks exactly three posted values: a form posted without its date boxes (or with
    too many) would make the page fail instead of showing it again. Short of three are taken as empty.
    """

    def map_gov_params(self, field, **kwargs):
        if field.raw_data is not None:
            field.raw_data = (list(field.raw_data) + ["", "", ""])[:3] if field.raw_data else None
        return super().map_gov_params(field, **kwargs)


def redisplay_on_csrf_error(view):
    """Mark a form view as safe to re-run when its CSRF token fails.

    The view's own ``FlaskForm`` fails validation on the same token, so nothing is written; the user gets
    the form back with their input and a message, instead of a bare error page.
    """
    view.csrf_redisplay = True
    return view


# A refusal turns a domain error into the response the user sees; None means "show the form again".
Refusal = Callable[[DomainError, "BaseForm | None"], "Response | None"]
Refusals = Mapping[type[DomainError] | tuple[type[DomainError], ...], Refusal]
Text = str | Callable[[Any], "str | None"] | None
Url = str | Callable[[Any], str]


def tell(url: str, *, category: str = "info", fallback: str = "") -> Refusal:
    """Refusal: flash the error's message (or ``fallback``) in ``category`` and redirect to ``url``."""

    def refuse(error: DomainError, _form: BaseForm | None) -> Response:
        flash(str(translate(error.message) or fallback), category)
        return redirect(url)

    return refuse


def on_field(name: str) -> Refusal:
    """Refusal: the error's message on the form's field ``name``; the form is shown again."""

    def refuse(error: DomainError, form: BaseForm | None) -> None:
        form.set_errors({name: error.message})

    return refuse


def show_refusal(error: DomainError, form: BaseForm | None) -> None:
    """Refusal: the message goes on ``form.refusal``, which the page shows above the form shown again."""
    form.refusal = translate(error.message)


def not_allowed(error: DomainError, _form: BaseForm | None) -> None:
    """Refusal: NotFound is a 404, anything else a 403; a hidden thing's existence is never confirmed."""
    abort(404 if isinstance(error, NotFound) else 403)


def _on_form(error: DomainError, form: BaseForm | None) -> None:
    form.set_errors(error.errors)


def _refusal_for(error: DomainError, refusals: Refusals) -> Refusal | None:
    return next((refuse for kinds, refuse in refusals.items() if isinstance(error, kinds)), None)


class _Refused:
    def __init__(self, response: Response | None) -> None:
        self.response = response


def _run(action, refusals: Refusals, form: BaseForm | None):
    """The service's result, committed; or, rolled back, a ``_Refused`` for an error ``refusals`` names."""
    try:
        return in_transaction(action)
    except DomainError as error:
        refuse = _refusal_for(error, refusals)
        if refuse is None:
            raise
        return _Refused(refuse(error, form))


def _done(result, *, success: Text, next_url: Url, after: Callable[[Any], object] | None) -> Response:
    # ``after`` runs between the commit and the flash: signing in or out clears the session the flash is in.
    if after is not None:
        after(result)
    message = success(result) if callable(success) else success
    if message:
        # str(): a lazy message is flashed as the reader's words, not kept as markup in the session.
        flash(str(message), "success")
    return redirect(next_url(result) if callable(next_url) else next_url)


def submit(form: BaseForm, action, *, success: Text, next_url: Url, conflict_url: str | None = None,
           refusals: Refusals | None = None, after: Callable[[Any], object] | None = None):
    """Run one service for a valid form, the post/redirect/get way.

    ``action(session)`` calls the service. On success the session is committed, ``after(result)`` runs (if
    given), ``success`` (text, or a function of the result; None flashes nothing) is flashed and the user is
    redirected to ``next_url`` (a URL, or a function of the result). Any error rolls back. A
    ``ValidationFailed`` puts its messages on the form: the caller re-renders it with the user's input (this
    returns None). A ``Conflict`` is flashed and redirects to ``conflict_url`` when one is given.
    ``refusals`` maps other domain errors (or overrides those two) to a ``Refusal`` such as ``tell``,
    ``on_field``, ``show_refusal`` or ``not_allowed``; errors nothing names propagate to the caller.
    """
    handlers = dict(refusals or {})
    if conflict_url is not None:
        handlers.setdefault(Conflict, tell(conflict_url))
    handlers.setdefault(ValidationFailed, _on_form)
    outcome = _run(action, handlers, form)
    if isinstance(outcome, _Refused):
        return outcome.response
    return _done(outcome, success=success, next_url=next_url, after=after)


def confirm(action, *, success: Text, next_url: Url, refusals: Refusals | None = None,
            after: Callable[[Any], object] | None = None) -> Response:
    """Run one service for a POST with nothing to show again (accept, decline, withdraw, mark read, hide).

    As ``submit`` without a form: commit, ``after``, flash ``success``, redirect to ``next_url``. Every error
    rolls back; those ``refusals`` names become their responses (``tell``, ``not_allowed``), others propagate.
    """
    outcome = _run(action, refusals or {}, None)
    if isinstance(outcome, _Refused):
        if outcome.response is None:
            raise TypeError("a confirm refusal must answer with a response: there is no form to show again")
        return outcome.response
    return _done(outcome, success=success, next_url=next_url, after=after)


def record(action):
    """Run a service that writes while a page is read (an audit entry, the record of a search) and commit.

    The page goes on to show the result; any error rolls back and propagates.
    """
    return in_transaction(action)
