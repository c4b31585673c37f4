"""Form base class: whitespace stripped from every text field, as GOV.UK Notify does."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Pass ``keep_whitespace=True`` to a field (passwords) to keep what the user typed exactly."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            kwargs = dict(unbound_field.kwargs)
            keep = kwargs.pop("keep_whitespace", False)
            if not keep:
                kwargs["filters"] = [*(kwargs.get("filters") or []), _strip]
            field = UnboundField(unbound_field.field_class, *unbound_field.args, **kwargs)
            return field.bind(form=form, **options)

    def set_errors(self, errors: dict[str, str]) -> None:
        """Put a service's ValidationFailed messages on the matching fields (or on the form)."""
        for name, message in errors.items():
            field = getattr(self, name, None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [*field.errors, message]
            else:
                self.form_errors.append(message)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators=extra_validators)
        if "csrf_token" in self.errors:
            # A timed-out form is the common case; say what to do, not what a token is.
            self.csrf_token.errors = [CSRF_EXPIRED_MESSAGE]
        return ok


CSRF_EXPIRED_MESSAGE = (
    "This form timed out. We have kept your answers: check them and submit the form again."
)


def redisplay_on_csrf_error(view):
    """Mark a form view as safe to re-run when its CSRF token fails.

    The view's own ``FlaskForm`` fails validation on the same token, so nothing is written; the user gets
    the form back with their input and a message, instead of a bare error page.
    """
    view.csrf_redisplay = True
    return view


def submit(form, action, *, success, next_url, conflict_url: str | None = None):
    """Run one service for a valid form, the post/redirect/get way.

    ``action(session)`` calls the service. On success the session is committed, ``success`` (text, or a
    function of the result) is flashed and the user is redirected to ``next_url(result)``. A
    ``ValidationFailed`` rolls back and puts its messages on the form: the caller re-renders it with the
    user's input (this returns None). A ``Conflict`` is flashed and redirects to ``conflict_url`` when one is
    given; other domain errors propagate to the caller.
    """
    from flask import flash, redirect

    from app.database import db_session
    from community.errors import Conflict, ValidationFailed

    session = db_session()
    try:
        result = action(session)
    except ValidationFailed as error:
        session.rollback()
        form.set_errors(error.errors)
        return None
    except Conflict as error:
        if conflict_url is None:
            raise
        session.rollback()
        flash(error.message, "info")
        return redirect(conflict_url)
    session.commit()
    flash(success(result) if callable(success) else success, "success")
    return redirect(next_url(result))
