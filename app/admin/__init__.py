"""Pages for admins: the admin area's front page and its tasks (people, the council, categories, the
audit log). Every page here is for admins only (``views.require_admin``)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("admin", __name__, url_prefix="/admin")

from app.admin import audit, categories, council, hub, outbox, people, views  # noqa: E402,F401
from app.admin.hub import register_admin_task  # noqa: E402

register_admin_task(bp, _l("People"), "admin.users",
                    _l("Find someone's account, change their role, suspend or reinstate them, download or "
                       "delete their data."), order=10)
register_admin_task(bp, _l("Council details"), "admin.council",
                    _l("The council's name, and the area it covers."), order=20)
register_admin_task(bp, _l("Areas and postcodes"), "admin.areas",
                    _l("What boundaries and postcodes are loaded, and loading more."), order=30)
register_admin_task(bp, _l("Categories of help"), "admin.categories",
                    _l("Add, rename, reorder and retire the kinds of help people offer and ask for."),
                    order=40)
register_admin_task(bp, _l("Email"), "admin.outbox_page",
                    _l("Email waiting to be sent, email that failed, and sending it again."), order=80)
register_admin_task(bp, _l("Audit log"), "admin.audit_log",
                    _l("Who looked at or changed people's information, and when."), order=90)
