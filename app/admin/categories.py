"""The categories of help: add, rename, flag, reorder, retire and restore, and load them from a file."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.forms import CategoryFileForm, CategoryForm, ConfirmForm, MoveForm
from app.admin.views import _admin
from app.database import db_session
from app.forms import confirm, not_allowed, redisplay_on_csrf_error, show_refusal, submit, tell
from app.inputs import allow_large_upload
from community import places
from community.errors import Conflict, NotFound


def _category(category_id: int):
    try:
        return places.get_category(db_session(), category_id)
    except NotFound:
        abort(404)


@bp.get("/categories")
def categories():
    return render_template("admin/categories.html", categories=places.list_categories(db_session()),
                           move_form=MoveForm(), file_form=CategoryFileForm())


@bp.post("/categories/import")
@redisplay_on_csrf_error
@allow_large_upload
def import_categories():
    file_form = CategoryFileForm()
    if file_form.validate_on_submit():
        upload = file_form.file.data

        def load(session):
            specs = places.read_category_file(upload.read(), filename=upload.filename or "")
            return places.import_categories(session, specs=specs, actor=_admin())

        done = submit(
            file_form, load,
            success=lambda result: _(
                "Loaded %(total)s categories: %(added)s new, %(updated)s changed, %(unchanged)s unchanged.",
                total=result.total, added=result.added, updated=result.updated, unchanged=result.unchanged,
            ),
            next_url=url_for("admin.categories"),
        )
        if done:
            return done
    return render_template("admin/categories.html", categories=places.list_categories(db_session()),
                           move_form=MoveForm(), file_form=file_form, form=file_form)


def _details(form: CategoryForm) -> dict:
    flags = set(form.flags.data or ())
    return {"name": form.name.data or "", "description": form.description.data or "",
            "sensitive": "sensitive" in flags, "regulated": "regulated" in flags}


@bp.route("/categories/new", methods=["GET", "POST"])
@redisplay_on_csrf_error
def new_category():
    form = CategoryForm()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: places.create_category(s, actor=_admin(), **_details(form)),
            success=lambda category: _("%(name)s has been added.", name=category.name),
            next_url=url_for("admin.categories"),
        )
        if done:
            return done
    return render_template("admin/category_form.html", form=form, category=None)


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@redisplay_on_csrf_error
def edit_category(category_id: int):
    category = _category(category_id)
    data = None
    if request.method == "GET":
        flags = [flag for flag in ("sensitive", "regulated") if getattr(category, flag)]
        data = {"name": category.name, "description": category.description, "flags": flags}
    form = CategoryForm(data=data)
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: places.update_category(s, actor=_admin(), category_id=category.id, **_details(form)),
            success=lambda saved: _("%(name)s has been saved.", name=saved.name),
            next_url=url_for("admin.categories"),
        )
        if done:
            return done
    return render_template("admin/category_form.html", form=form, category=category)


@bp.post("/categories/<int:category_id>/move")
def move_category(category_id: int):
    form = MoveForm()
    if not form.validate_on_submit():
        return redirect(url_for("admin.categories"))
    return confirm(
        lambda s: places.move_category(s, actor=_admin(), category_id=category_id,
                                       direction=form.direction.data),
        success=None, next_url=url_for("admin.categories", _anchor=f"category-{category_id}"),
        refusals={NotFound: not_allowed},
    )


@bp.route("/categories/<int:category_id>/retire", methods=["GET", "POST"])
@redisplay_on_csrf_error
def retire_category(category_id: int):
    category = _category(category_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: places.retire_category(s, actor=_admin(), category_id=category.id),
            success=_("%(name)s is retired: it is no longer offered as a choice.", name=category.name),
            next_url=url_for("admin.categories"), refusals={Conflict: show_refusal},
        )
        if done:
            return done
    return render_template("admin/retire_category.html", form=form, category=category, refusal=form.refusal)


@bp.post("/categories/<int:category_id>/restore")
def restore_category(category_id: int):
    category = _category(category_id)
    return confirm(
        lambda s: places.restore_category(s, actor=_admin(), category_id=category.id),
        success=_("%(name)s is offered as a choice again.", name=category.name),
        next_url=url_for("admin.categories"), refusals={Conflict: tell(url_for("admin.categories"))},
    )
