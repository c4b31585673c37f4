"""Pages for the directory: importing one (admins), claiming an imported group's listing (anyone signed
in) and deciding claims (admins and council connectors)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("directory", __name__, url_prefix="/directory")

from app.admin.hub import register_admin_task  # noqa: E402
from app.directory import views  # noqa: E402,F401

register_admin_task(bp, _l("Import a directory"), "directory.import_page",
                    _l("Load community groups from an Open Referral UK directory or the CSV template: check "
                       "the file first, then import."), order=45)
register_admin_task(bp, _l("Listing claims"), "directory.claims",
                    _l("People asking to run an imported group’s listing."), order=46)
