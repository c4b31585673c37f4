"""Creating a group, its public page, changing and confirming its details, and a connector verifying it."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db_session
from app.forms import confirm, redisplay_on_csrf_error, submit
from app.groups import bp
from app.groups.common import coordinates, load_group, me, require_coordinator, signed_in
from app.groups.forms import ConfirmForm, GroupForm, choices
from community import groups as service
from community.groups import (
    GroupDetails,
    assurance,
    category_options,
    membership_for,
    partnerships_of,
    pending_requests,
    ward_options,
)
from community.models import Group
from community.places import find_area, postcodes_available


def _group_form(group: Group | None = None) -> GroupForm:
    session = db_session()
    data = None
    if group is not None and request.method == "GET":
        base = find_area(session, group.base_lat, group.base_lng) if group.base_lat is not None else None
        data = {
            "name": group.name, "description": group.description, "kind": group.kind,
            "category_ids": [c.id for c in group.categories], "area_ids": [a.id for a in group.areas],
            "drawn_area": group.drawn_area or "", "base_area_id": base.id if base else None,
            "contact_email": group.contact_email or "", "contact_phone": group.contact_phone or "",
            "website": group.website or "",
        }
    form = GroupForm(data=data)
    wards = ward_options(session)
    kept = [c.id for c in group.categories] if group is not None else []
    form.category_ids.choices = choices(category_options(session, keep=kept))
    form.area_ids.choices = choices(wards)
    form.base_area_id.choices = choices([("", _("Not based in one place")), *wards])
    return form


def _details(form: GroupForm) -> GroupDetails:
    return GroupDetails(
        name=form.name.data or "",
        description=form.description.data or "",
        kind=form.kind.data or "",
        contact_email=form.contact_email.data or "",
        contact_phone=form.contact_phone.data or "",
        website=form.website.data or "",
        base_postcode=form.base_postcode.data or "",
        base_area_id=form.base_area_id.data,
        category_ids=form.category_ids.data or [],
        area_ids=form.area_ids.data or [],
        drawn_area=form.drawn_area.data or "",
    )


def _render_form(form: GroupForm, group: Group | None):
    return render_template(
        "groups/form.html", form=form, group=group, postcodes=postcodes_available(db_session())
    )


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def create():
    form = _group_form()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: service.create_group(s, actor=me(), details=_details(form)),
            success=lambda group: _(
                "%(group_name)s has been created. You are its coordinator.",
                group_name=group.name,
            ),
            next_url=lambda group: url_for("groups.detail", group_id=group.id),
        )
        if done:
            return done
    return _render_form(form, None)


@bp.get("/groups/<int:group_id>")
def detail(group_id: int):
    group = load_group(group_id)
    session = db_session()
    membership = membership_for(session, current_user.id, group.id) if signed_in() else None
    coordinator = coordinates(group)
    return render_template(
        "groups/detail.html",
        group=group,
        partners=partnerships_of(session, group.id),
        membership=membership if membership and membership.status in ("active", "pending") else None,
        coordinator=coordinator,
        waiting=len(pending_requests(session, group_id=group.id, actor=me())) if coordinator else 0,
        assurance=assurance(group),
    )


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def edit(group_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    form = _group_form(group)
    if form.validate_on_submit():
        done = submit(
            form, lambda s: service.update_group(s, actor=me(), group_id=group.id, details=_details(form)),
            success=_("The group’s details have been saved."),
            next_url=url_for("groups.detail", group_id=group.id),
        )
        if done:
            return done
    return _render_form(form, group)


@bp.route("/groups/<int:group_id>/confirm-details", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def confirm_details(group_id: int):
    group = load_group(group_id)
    require_coordinator(group)
    form = ConfirmForm()
    if form.validate_on_submit():
        return confirm(
            lambda s: service.confirm_details(s, actor=me(), group_id=group.id),
            success=_("Thank you. The group’s details are confirmed as up to date."),
            next_url=url_for("groups.detail", group_id=group.id),
        )
    return render_template("groups/confirm_details.html", group=group, form=form, assurance=assurance(group))


@bp.route("/groups/<int:group_id>/verify", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def verify(group_id: int):
    group = load_group(group_id)
    if not current_user.is_connector:
        abort(403)
    form = ConfirmForm()
    # The action is named, not toggled: a second click on the same button changes nothing.
    action = request.form.get("action")
    if form.validate_on_submit() and action in ("verify", "unverify"):
        if action == "verify":
            rule, message = service.verify_group, _(
                "%(group_name)s is marked as verified.",
                group_name=group.name,
            )
        else:
            rule, message = service.unverify_group, _(
                "%(group_name)s is no longer marked as verified.",
                group_name=group.name,
            )
        return confirm(lambda s: rule(s, actor=me(), group_id=group.id), success=message,
                       next_url=url_for("groups.detail", group_id=group.id))
    return render_template("groups/verify.html", group=group, form=form, assurance=assurance(group))
