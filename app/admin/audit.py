"""The audit log: who did what to whom, filtered, a page at a time."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from app.admin import bp
from app.admin.forms import AuditFilterForm
from app.admin.views import _admin
from app.database import db_session
from app.groups.forms import choices
from community import accounts


@bp.get("/audit")
def audit_log():
    session = db_session()
    form = AuditFilterForm(formdata=request.args if request.args else None)
    form.action.choices = choices([("", _("Any action")), *((a, a) for a in accounts.audit_actions(session))])
    form.target_type.choices = choices(
        [("", _("Anything")), *((t, t) for t in accounts.audit_target_types(session))]
    )
    valid = form.validate() if request.args else True
    filters = accounts.AuditFilters()
    if valid:
        filters = accounts.AuditFilters(
            actor=(form.actor.data or "")[:254], action=form.action.data or "",
            target_type=form.target_type.data or "", target=(form.target.data or "")[:254],
            date_from=form.date_from.data, date_to=form.date_to.data,
        )
    page_number = request.args.get("page", 1, type=int) or 1
    page = accounts.list_audit_entries(session, viewer=_admin(), filters=filters, page=page_number)
    query = {key: value for key, value in request.args.items(multi=False) if key != "page" and value}
    return render_template("admin/audit.html", form=form, page=page, query=query,
                           filtered=bool(query) and valid)
