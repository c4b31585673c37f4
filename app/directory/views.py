"""The directory's pages: import (check, then import), claim a listing, decide claims."""

from __future__ import annotations

import base64

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db_session
from app.directory import bp
from app.directory.forms import ClaimForm, ConfirmForm, DirectoryImportForm, DirectoryUploadForm
from app.extensions import login_manager
from app.forms import confirm, not_allowed, redisplay_on_csrf_error, submit, tell
from community import directory
from community.directory import DirectoryProblems
from community.errors import Conflict, NotFound, PermissionDenied
from community.groups import get_group


def _me():
    return current_user._get_current_object()


def _require(check) -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not check(current_user):
        abort(403)


@bp.app_template_global()
def listing_claimable(group_id: int) -> bool:
    """For the group page: an imported group nobody runs yet."""
    return directory.claimable(db_session(), group_id)


# --- importing (admins) ----------------------------------------------------------------------------------


def _text(upload) -> str:
    data = upload.read() if upload else b""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DirectoryProblems([_("The file is not UTF-8 text")]) from None


def _carry(text: str) -> str:
    """The checked file, carried through the page unchanged (base64: whitespace and all)."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _carried(value: str | None) -> str:
    try:
        return base64.b64decode((value or "").encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, UnicodeError):
        raise DirectoryProblems([_("Upload the directory file again")]) from None


def _plan(document: str, filename: str, mapping: str):
    listings = directory.read_directory(document, filename=filename)
    return directory.plan_import(db_session(), listings=listings, mapping=directory.read_mapping(mapping),
                                 source=filename)


@bp.route("/import", methods=["GET", "POST"])
@redisplay_on_csrf_error
def import_page():
    _require(lambda user: user.is_admin)
    form = DirectoryUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        filename = upload.filename or ""
        try:
            document, mapping = _text(upload), _text(form.mapping.data)
            plan = _plan(document, filename, mapping)
        except DirectoryProblems as error:
            problems = error.problems
            form.file.errors = [*form.file.errors, _("The file cannot be imported: see the problems below")]
        else:
            confirm_form = DirectoryImportForm(formdata=None, data={
                "document": _carry(document), "filename": filename, "mapping": _carry(mapping)})
            return render_template("directory/import_report.html", plan=plan, form=confirm_form,
                                   filename=filename)
    return render_template("directory/import.html", form=form, problems=problems)


@bp.post("/import/confirm")
@redisplay_on_csrf_error
def import_confirm():
    _require(lambda user: user.is_admin)
    form = DirectoryImportForm()
    if not form.validate_on_submit():
        return render_template("directory/import.html", form=DirectoryUploadForm(formdata=None),
                               problems=[_("Upload the directory file again")])
    filename = form.filename.data or ""

    def load(session):
        listings = directory.read_directory(_carried(form.document.data), filename=filename)
        return directory.apply_import(session, listings=listings, source=filename,
                                      mapping=directory.read_mapping(_carried(form.mapping.data)))

    done = submit(
        form, load,
        success=lambda plan: plan.summary(done=True) + (
            " " + _("%(count)s things could not be mapped: see the check before importing.",
                    count=len(plan.unmapped)) if plan.unmapped else ""),
        next_url=url_for("directory.import_page"),
        refusals={DirectoryProblems: tell(url_for("directory.import_page"), category="error")},
    )
    return done or render_template("directory/import.html", form=DirectoryUploadForm(formdata=None),
                                   problems=[])


# --- claiming a listing -----------------------------------------------------------------------------------


def _group(group_id: int):
    try:
        return get_group(db_session(), group_id)
    except NotFound:
        abort(404)


@bp.route("/groups/<int:group_id>/claim", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def claim(group_id: int):
    group = _group(group_id)
    if not directory.claimable(db_session(), group.id):
        abort(404)
    form = ClaimForm()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: directory.claim_listing(s, actor=_me(), group_id=group.id,
                                                    message=form.message.data or ""),
            success=_("Thank you. The council will look at your claim and tell you what it decides."),
            next_url=url_for("groups.detail", group_id=group.id),
            conflict_url=url_for("groups.detail", group_id=group.id),
        )
        if done:
            return done
    return render_template("directory/claim.html", form=form, group=group)


@bp.get("/claims")
def claims():
    _require(lambda user: user.is_connector)
    page = directory.pending_claims(db_session(), actor=_me(), page=request.args.get("page", 1, type=int))
    return render_template("directory/claims.html", page=page, form=ConfirmForm())


def _decide(claim_id: int, service, success: str):
    _require(lambda user: user.is_connector)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    return confirm(
        lambda s: service(s, actor=_me(), claim_id=claim_id), success=success,
        next_url=url_for("directory.claims"),
        refusals={Conflict: tell(url_for("directory.claims")), (NotFound, PermissionDenied): not_allowed},
    )


@bp.post("/claims/<int:claim_id>/approve")
def approve(claim_id: int):
    return _decide(claim_id, directory.approve_claim,
                   _("Claim approved: they now coordinate the group and can keep its listing true."))


@bp.post("/claims/<int:claim_id>/decline")
def decline(claim_id: int):
    return _decide(claim_id, directory.decline_claim, _("Claim declined."))


