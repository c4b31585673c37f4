"""Admin pages: the council's teams, their officers, routing rules and unit costs."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.council import bp
from app.council.common import me, require_admin
from app.council.forms import ConfirmForm, OfficerForm, RuleForm, TeamForm, UnitCostForm
from app.database import db_session
from app.forms import not_allowed, redisplay_on_csrf_error, submit
from app.residents.common import category_choices
from app.residents.forms import options
from community import council
from community.errors import NotFound
from community.models import Area, User


@bp.before_request
def _admin_pages_are_for_admins():
    if (
        request.endpoint
        and request.endpoint.startswith("council.admin_")
        or request.endpoint == "council.teams"
    ):
        return require_admin()
    return None


def _team(team_id: int):
    try:
        return council.get_team(db_session(), team_id)
    except NotFound:
        abort(404)


@bp.get("/admin/council/teams")
def teams():
    session = db_session()
    return render_template(
        "council/admin_teams.html",
        teams=council.list_teams(session),
        rules=council.list_routing_rules(session),
        costs=council.list_unit_costs(session),
    )


@bp.route("/admin/council/teams/new", methods=["GET", "POST"])
@redisplay_on_csrf_error
def admin_new_team():
    form = TeamForm()
    if request.method == "GET":
        form.acknowledge_hours.data = 24
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.create_team(s, actor=me(), details=form.details()),
            success=lambda team: _("%(name)s has been added.", name=team.name),
            next_url=lambda team: url_for("council.admin_team", team_id=team.id),
        )
        if done:
            return done
    return render_template("council/admin_team_form.html", form=form, team_form=form, team=None)


@bp.route("/admin/council/teams/<int:team_id>", methods=["GET", "POST"])
@redisplay_on_csrf_error
def admin_team(team_id: int):
    team = _team(team_id)
    data = None
    if request.method == "GET":
        data = {
            "name": team.name,
            "description": team.description,
            "acknowledge_hours": team.acknowledge_hours,
            "safeguarding": team.safeguarding,
            "is_default": team.is_default,
            "delivery_kind": team.delivery_kind.value,
            "delivery_url": team.delivery_url or "",
            "open311_service_code": team.open311_service_code or "",
        }
    form = TeamForm(data=data)
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.update_team(s, actor=me(), team_id=team.id, details=form.details()),
            success=lambda saved: _("%(name)s has been saved.", name=saved.name),
            next_url=url_for("council.admin_team", team_id=team.id),
        )
        if done:
            return done
    return render_template(
        "council/admin_team_form.html", form=form, team_form=form, team=team,
        officer_form=OfficerForm(prefix="officer"),
    )


@bp.post("/admin/council/teams/<int:team_id>/officers")
@redisplay_on_csrf_error
def admin_add_officer(team_id: int):
    team = _team(team_id)
    officer_form = OfficerForm(prefix="officer")
    if officer_form.validate_on_submit():
        done = submit(
            officer_form,
            lambda s: council.add_officer(s, actor=me(), team_id=team.id, email=officer_form.email.data),
            success=lambda user: _("%(name)s is now in %(team)s.", name=user.display_name, team=team.name),
            next_url=url_for("council.admin_team", team_id=team.id),
        )
        if done:
            return done
    return render_template(
        "council/admin_team_form.html",
        form=officer_form,
        team_form=TeamForm(formdata=None, obj=team),
        team=team,
        officer_form=officer_form,
    )


@bp.route("/admin/council/teams/<int:team_id>/officers/<int:user_id>/remove", methods=["GET", "POST"])
@redisplay_on_csrf_error
def admin_remove_officer(team_id: int, user_id: int):
    team = _team(team_id)
    person = db_session().get(User, user_id)
    if person is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.remove_officer(s, actor=me(), team_id=team.id, user_id=person.id),
            success=_("%(name)s is no longer in %(team)s.", name=person.display_name, team=team.name),
            next_url=url_for("council.admin_team", team_id=team.id),
            refusals={NotFound: not_allowed},
        )
        if done:
            return done
    return render_template("council/admin_remove_officer.html", form=form, team=team, person=person)


def _rule_choices(form: RuleForm) -> None:
    session = db_session()
    form.category_id.choices = category_choices(session, _("Choose the kind of help"))
    wards = session.execute(select(Area.id, Area.name).where(Area.kind == "ward").order_by(Area.name))
    form.area_id.choices = options([("", _("Every ward")), *wards])
    form.team_id.choices = options(
        [("", _("Choose a team")), *((t.id, t.name) for t in council.list_teams(session))]
    )


@bp.route("/admin/council/routing", methods=["GET", "POST"])
@redisplay_on_csrf_error
def admin_routing():
    form = RuleForm()
    _rule_choices(form)
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.set_routing_rule(
                s,
                actor=me(),
                category_id=form.category_id.data,
                area_id=form.area_id.data,
                team_id=form.team_id.data,
            ),
            success=_("The routing rule has been saved."),
            next_url=url_for("council.teams", _anchor="routing"),
        )
        if done:
            return done
    return render_template("council/admin_routing.html", form=form)


@bp.route("/admin/council/routing/<int:rule_id>/delete", methods=["GET", "POST"])
@redisplay_on_csrf_error
def admin_delete_rule(rule_id: int):
    rule = next((r for r in council.list_routing_rules(db_session()) if r.id == rule_id), None)
    if rule is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: council.delete_routing_rule(s, actor=me(), rule_id=rule.id),
            success=_("The routing rule has been removed."),
            next_url=url_for("council.teams", _anchor="routing"),
            refusals={NotFound: not_allowed},
        )
        if done:
            return done
    return render_template("council/admin_delete_rule.html", form=form, rule=rule)


@bp.route("/admin/council/unit-costs", methods=["GET", "POST"])
@redisplay_on_csrf_error
def admin_unit_costs():
    form = UnitCostForm()
    form.category_id.choices = category_choices(db_session(), _("Choose the kind of help"))
    if form.validate_on_submit():
        amount = form.amount.data
        pence = int((amount * 100).to_integral_value()) if isinstance(amount, Decimal) else None
        done = submit(
            form,
            lambda s: council.set_unit_cost(
                s,
                actor=me(),
                category_id=form.category_id.data,
                amount_pence=pence,
                source=form.source.data or "",
                illustrative=bool(form.illustrative.data),
            ),
            success=_("The unit cost has been saved."),
            next_url=url_for("council.teams", _anchor="costs"),
        )
        if done:
            return done
    return render_template(
        "council/admin_unit_costs.html", form=form, costs=council.list_unit_costs(db_session())
    )
