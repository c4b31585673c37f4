"""Personal API tokens: the account's owner (or an admin, for anyone) makes and revokes them."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db_session
from app.directory.forms import ConfirmForm, TokenForm
from app.forms import confirm, not_allowed, record, redisplay_on_csrf_error
from community import directory
from community.errors import NotFound, PermissionDenied, ValidationFailed
from community.models import ApiToken, User

bp = Blueprint("api_tokens", __name__, url_prefix="/api-tokens")


def _me() -> User:
    return current_user._get_current_object()


def _owner() -> User:
    """Whose tokens: one's own, or (for an admin) the account ``?user=`` names."""
    user_id = request.args.get("user", type=int) or current_user.id
    if user_id != current_user.id and not current_user.is_admin:
        abort(403)
    owner = db_session().get(User, user_id)
    if owner is None or owner.deleted_at is not None:
        abort(404)
    return owner


def _tokens_url(owner: User) -> str:
    return url_for("api_tokens.index", user=owner.id if owner.id != current_user.id else None)


@bp.route("/", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def index():
    owner = _owner()
    form = TokenForm()
    if form.validate_on_submit():
        try:
            # The secret is shown on this response once and never again, so it is not redirected.
            token, secret = record(lambda s: directory.create_api_token(
                s, actor=_me(), user_id=owner.id, name=form.name.data or "", scope=form.scope.data or ""))
        except ValidationFailed as error:
            form.set_errors(error.errors)
        else:
            return render_template("directory/token_made.html", token=token, secret=secret, owner=owner,
                                   back=_tokens_url(owner))
    tokens = directory.list_api_tokens(db_session(), actor=_me(), user_id=owner.id)
    return render_template("directory/tokens.html", tokens=tokens, form=form, owner=owner,
                           mine=owner.id == current_user.id)


@bp.route("/<int:token_id>/revoke", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def revoke(token_id: int):
    token = db_session().get(ApiToken, token_id)
    if token is None or (token.user_id != current_user.id and not current_user.is_admin):
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        return confirm(
            lambda s: directory.revoke_api_token(s, actor=_me(), token_id=token.id),
            success=_("The token %(name)s has been revoked: it no longer works.", name=token.name),
            next_url=_tokens_url(token.user), refusals={(NotFound, PermissionDenied): not_allowed},
        )
    return render_template("directory/token_revoke.html", token=token, form=form,
                           back=_tokens_url(token.user))
