"""The council's details, and the areas and postcodes it has loaded (with an upload for boundaries)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.forms import AreaFileForm, CouncilForm
from app.admin.views import _admin
from app.database import db_session
from app.forms import redisplay_on_csrf_error, submit
from app.inputs import allow_large_upload
from community.places import council_name, council_overview, import_areas, kind_label, set_council_name

# Commands, not words: the same in every language.
CONSOLE_COMMANDS = ("flask areas import wards.geojson --kind ward", "flask postcodes import postcodes.csv")


@bp.route("/council", methods=["GET", "POST"])
@redisplay_on_csrf_error
def council():
    session = db_session()
    form = CouncilForm(data={"name": council_name(session) or ""} if request.method == "GET" else None)
    if form.validate_on_submit():
        done = submit(
            form, lambda s: set_council_name(s, name=form.name.data, actor=_admin()),
            success=_("The council's details have been saved."), next_url=url_for("admin.council"),
        )
        if done:
            return done
    return render_template("admin/council.html", form=form, overview=council_overview(session))


@bp.route("/areas", methods=["GET", "POST"])
@redisplay_on_csrf_error
@allow_large_upload
def areas():
    form = AreaFileForm()
    if form.validate_on_submit():
        upload = form.file.data

        def loaded(result) -> str:
            return _("Loaded %(areas)s: %(new)s new, %(updated)s updated.",
                     areas=kind_label(result.kind, result.total), new=result.created, updated=result.updated)

        # The same service as `flask areas import`: the whole file is checked before anything is written.
        done = submit(
            form, lambda s: import_areas(s, source=upload.read(), kind=form.kind.data),
            success=loaded, next_url=url_for("admin.areas"),
        )
        if done:
            return done
    return render_template("admin/areas.html", form=form, overview=council_overview(db_session()),
                           console_commands=CONSOLE_COMMANDS)
