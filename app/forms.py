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
