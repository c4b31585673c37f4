"""Partnerships between groups: one group proposes, the other accepts or declines; either may end it."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.database import db_session
from app.forms import confirm, on_field, redisplay_on_csrf_error, submit
from app.groups import bp
from app.groups.common import load_group, me, page_number, pagination, refused, require_coordinator
from app.groups.forms import ConfirmForm, ProposeForm, choices
from community import groups as service
from community.errors import Conflict, NotFound, PermissionDenied
from community.groups import LIVE, PARTNERSHIP_KIND_LABELS, partner_candidates
from community.models import Group


def _partners_url(group_id: int) -> str:
    return url_for("groups.partners", group_id=group_id)


def _partnership(group: Group, partnership_id: int):
    try:
        return service.get_partnership(db_session(), partnership_id, group_id=group.id)
    except NotFound:
        abort(404)


@bp.get("/groups/<int:group_id>/partners")
@login_required
def partners(group_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    rows = service.partnerships_of(db_session(), group.id, statuses=LIVE)
    return render_template(
        "groups/partners.html",
        group=group,
        active=[row for row in rows if row.partnership.status == "active"],
        incoming=[row for row in rows if row.partnership.status == "proposed"
                  and row.partnership.proposed_by_group_id != group.id],
        outgoing=[row for row in rows if row.partnership.status == "proposed"
                  and row.partnership.proposed_by_group_id == group.id],
        form=ConfirmForm(),
    )


@bp.route("/groups/<int:group_id>/partners/propose", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def propose_partnership(group_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    session = db_session()
    # A search, never a list of every group: a council has thousands. A GET form finds groups by name
    # (the words stay in the address, so it works without JavaScript), and the results are the choices.
    text = request.args.get("q", "").strip()[:100]
    found = partner_candidates(session, group_id=group.id, text=text, page=page_number(request.args))
    form = ProposeForm()
    form.to_group_id.choices = choices([(other.id, other.name) for other in found.items])
    if form.validate_on_submit():

        def told(partnership) -> str:
            other = session.get(Group, partnership.group_a_id if partnership.group_b_id == group.id
                                else partnership.group_b_id)
            return _("Your proposal has been sent to %(other_name)s.", other_name=other.name)

        done = submit(
            form,
            lambda s: service.propose_partnership(
                s, from_group_id=group.id, to_group_id=form.to_group_id.data, kind=form.kind.data,
                note=form.note.data or "", actor=me(),
            ),
            success=told, next_url=_partners_url(group.id), refusals={Conflict: on_field("to_group_id")},
        )
        if done:
            return done
    return render_template(
        "groups/propose.html", group=group, form=form, kinds=PARTNERSHIP_KIND_LABELS, text=text, found=found,
        pagination=pagination(found.page, found.pages, lambda n: url_for(
            "groups.propose_partnership", group_id=group.id, q=text, page=n)),
    )


def _answer(group_id: int, partnership_id: int, action, done: str):
    group = load_group(group_id)
    require_coordinator(group)
    partnership = _partnership(group, partnership_id)
    back = _partners_url(group.id)
    if ConfirmForm().validate_on_submit():
        return confirm(lambda s: action(s, partnership_id=partnership.id, group_id=group.id, actor=me()),
                       success=done, next_url=back, refusals={(Conflict, PermissionDenied): refused(back)})
    return redirect(back)


@bp.post("/groups/<int:group_id>/partners/<int:partnership_id>/accept")
@login_required
def accept_partnership(group_id: int, partnership_id: int):
    return _answer(group_id, partnership_id, service.accept_partnership, _("The partnership is now active."))


@bp.post("/groups/<int:group_id>/partners/<int:partnership_id>/decline")
@login_required
def decline_partnership(group_id: int, partnership_id: int):
    return _answer(group_id, partnership_id, service.decline_partnership, _("You declined the partnership."))


@bp.route("/groups/<int:group_id>/partners/<int:partnership_id>/end", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def end_partnership(group_id: int, partnership_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    partnership = _partnership(group, partnership_id)
    other_id = partnership.group_b_id if partnership.group_a_id == group.id else partnership.group_a_id
    other = db_session().get(Group, other_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        back = _partners_url(group.id)
        return confirm(
            lambda s: service.end_partnership(s, partnership_id=partnership.id, group_id=group.id,
                                              actor=me()),
            success=lambda _p: _(
                "The partnership with %(other_name)s has ended.",
                other_name=other.name,
            ), next_url=back,
            refusals={Conflict: refused(back)},
        )
    return render_template("groups/end_partnership.html", group=group, partnership=partnership, other=other,
                           form=form, kinds=PARTNERSHIP_KIND_LABELS)
