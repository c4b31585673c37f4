"""A person who has used every feature of Weave, for the erasure and export tests.

``use_everything`` makes someone with a distinctive name, email address and phone number, and has them (and
people around them) do everything Weave can do with a person: post needs and offers, answer with messages,
be accepted, run and join groups, volunteer with a DBS check, report and be reported, be the introducer of
an introduction, work in a council team and escalate a need, appear in a network analysis, get notices and
emails, be audited, change their email.
Other people write the person's full name into free text (messages, reports, notes), as people do.
Feature helpers with new tables extend it so that the erasure scan covers them too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from community.accounts import record_user_audit, request_email_change, request_password_reset
from community.alerts import create_subscription, set_digest
from community.council import (
    assign_escalation,
    raise_escalation,
    refer_resident,
    resolve_escalation,
    return_referral,
)
from community.db import utcnow
from community.directory.claims import claim_listing
from community.directory.tokens import create_api_token
from community.groups.memberships import approve_membership, request_to_join
from community.groups.partnerships import propose_partnership
from community.groups.volunteers import record_dbs_check, update_volunteer_details
from community.insights.introductions import send_introduction
from community.models import AnalysisRun, AuditEntry, DirectoryListing, Group, Membership, RunStatus, User
from community.notifications import queue_email
from community.posts.claims import accept_response, offer_help
from community.posts.moderation import report_concern
from community.posts.needs import NeedDetails, OnBehalf, post_need
from community.posts.offers import OfferDetails, post_offer
from community.posts.posting import LocationChoice
from tests.builders.council import add_to_team, make_team
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quillfeather@scan.example"
PHONE = "07700 900 461"
SALT = "weave-testing-salt"


@dataclass
class Everything:
    person: User
    neighbour: User
    coordinator: User
    connector: User
    group: Group
    own_group: Group


def _link(secret: str) -> tuple[str, str]:
    return "A link", f"Your link: https://weave.example/link/{secret}"


def use_everything(session) -> Everything:
    ward = make_ward(session)
    shopping = make_category(session, slug="shopping")
    care = make_category(session, slug="personal-care", regulated=True)
    person = make_user(session, name=NAME, email=EMAIL, phone=PHONE, area_id=ward.id)
    neighbour = make_user(session, name="Nell Neighbour")
    coordinator = make_user(session, name="Cora Coordinator")
    connector = make_user(session, name="Connie Connector", role="connector")

    # Groups: one run by a coordinator, which the person joins and volunteers for; one the person set up
    # with their own address and phone (a second coordinator keeps it going after they leave).
    group = make_serving_group(session, name="Harbour Helpers", coordinator=coordinator, areas=[ward],
                               categories=[shopping, care])
    own_group = make_serving_group(session, name="Quay Street Pantry", coordinator=person, areas=[ward],
                                   categories=[shopping], contact_email=EMAIL, contact_phone=PHONE,
                                   description=f"Set up by {NAME}: ring {PHONE}.")
    own_group.created_by_id = person.id
    make_membership(session, user=coordinator, group=own_group, role="coordinator")
    membership = request_to_join(session, group_id=group.id, user=person)
    approve_membership(session, membership_id=membership.id, group_id=group.id, actor=coordinator)
    update_volunteer_details(session, membership_id=membership.id, group_id=group.id, actor=person,
                             category_ids=[shopping.id, care.id], availability=f"Evenings; ask for {NAME}")
    record_dbs_check(session, membership_id=membership.id, group_id=group.id, actor=coordinator,
                     level="enhanced_barred", checked_on=date.today() - timedelta(days=30),
                     expires_on=date.today() + timedelta(days=700))
    propose_partnership(session, from_group_id=own_group.id, to_group_id=group.id, kind="referral",
                        note=f"{NAME} suggested we work together", actor=coordinator)

    # Posts: the person's own need and offer, a need they answer, a need posted for someone offline.
    need = post_need(session, poster=person, salt=SALT, details=NeedDetails(
        category_id=shopping.id, title=f"Shopping for {NAME}", body=f"Call {PHONE} or {EMAIL}",
        urgency="this_week"))
    post_offer(session, helper=person, salt=SALT, details=OfferDetails(
        category_id=shopping.id, title="Shopping runs", body=f"Ask for {NAME}", radius_km=2.0,
        availability="Weekends"))
    neighbours_need = post_need(session, poster=neighbour, salt=SALT, details=NeedDetails(
        category_id=shopping.id, title="Lift to the shops", body="Any day", urgency="this_week"))
    mine = offer_help(session, need_id=neighbours_need.id, helper=person, message=f"I can, {NAME} here")
    accept_response(session, response_id=mine.id, actor=neighbour)
    offer_help(session, need_id=need.id, helper=neighbour, message=f"Happy to help you, {NAME}")
    post_need(session, poster=coordinator, salt=SALT, details=NeedDetails(
        category_id=shopping.id, title="Shopping for Mr Evans", body="He has no phone", urgency="no_rush",
        location=LocationChoice(use_home=False, area_id=ward.id)),
        on_behalf=OnBehalf(name="Mr Evans", contact=f"through {NAME}, {PHONE}",
                           consent_statement=f"Agreed with {NAME} on the phone", group_id=group.id))

    # The council: the person works in a team with the connector, who refers someone and takes it back;
    # the person escalates the need they help with, and the escalation is assigned to them and resolved.
    team = make_team(session, name="Adult Social Care", default=True, safeguarding=True)
    add_to_team(session, team, person)
    add_to_team(session, team, connector)
    referral = refer_resident(
        session, officer=connector, team_id=team.id, salt=SALT, consent=True, consent_scope="outcome",
        show_team=False, details=NeedDetails(category_id=shopping.id, title="Shopping for Mrs Patel",
                                             body=f"{NAME} knows her", urgency="this_week",
                                             location=LocationChoice(use_home=False, area_id=ward.id)),
        person=OnBehalf(name="Mrs Patel", contact=f"through {NAME}", consent_statement=f"Agreed with {NAME}"))
    return_referral(session, actor=connector, referral_id=referral.id, reason=f"{NAME} will ring the council")
    escalation = raise_escalation(session, actor=person, need_id=neighbours_need.id, kind="beyond",
                                  summary=f"Ring {NAME} on {PHONE}")
    assign_escalation(session, actor=connector, escalation_id=escalation.id, officer_id=person.id)
    resolve_escalation(session, actor=connector, escalation_id=escalation.id, outcome="service_provided",
                       note=f"{NAME} was a great help")

    # Moderation: the person reports, and is reported.
    report_concern(session, reporter=person, target_type="need", target_id=neighbours_need.id,
                   reason="Looks like an advert")
    report_concern(session, reporter=neighbour, target_type="need", target_id=need.id,
                   reason=f"{NAME} posted their phone number in the text")

    # Insights: an introduction the person brokers, and an analysis that names them.
    other = make_serving_group(session, name="Saltmarsh Mutual Aid", areas=[ward])
    send_introduction(session, connector=connector, group_a_id=group.id, group_b_id=other.id,
                      reason=f"{NAME} volunteers with both", introducer_user_id=person.id,
                      note=f"Ask {NAME} on {PHONE}: she knows both groups")
    node = f"user:{person.id}"
    session.add(AnalysisRun(status=RunStatus.FINISHED, progress=100, stage="Finished", finished_at=utcnow(),
                            results=json.dumps({
                                "analysis": {"brokers": [{"node": node, "score": 0.9,
                                                          "why": f"{NAME} links two groups"}]},
                                "labels": {node: NAME, f"group:{group.id}": group.name},
                            })))

    # Alerts: around home, in a ward, where a group works; a digest stopped.
    create_subscription(session, user=person, post_kind="needs", place="near_home", frequency="immediate",
                        radius_km=1.0, category_ids=[shopping.id])
    create_subscription(session, user=person, post_kind="offers", place="wards", frequency="daily",
                        area_ids=[ward.id])
    create_subscription(session, user=person, post_kind="needs", place="group_area", frequency="weekly",
                        group_id=group.id)
    set_digest(session, user_id=person.id, digest="coordinator", receiving=False)

    # Notices, emails, the audit log, links.
    queue_email(session, user_id=neighbour.id, subject=f"{NAME} offered to help",
                body=f"{NAME} ({EMAIL}) can help.")
    request_password_reset(session, email=EMAIL, compose=_link)
    request_email_change(session, user=person, new_email="zq@elsewhere.example",
                         password="copper kettle harbour lantern", confirm=_link,
                         tell_old_address=lambda: ("Your email address is changing", f"Hello {NAME}"),
                         address_taken=lambda: ("", ""))
    session.add(AuditEntry(actor_id=connector.id, action="viewed", target_type="user", target_id=person.id,
                           detail=f"contact details of {NAME} <{EMAIL}>"))
    record_user_audit(session, actor=None, action="user.role_changed", user=person,
                      detail=f"{NAME} made a resident")
    # The directory: they claim an imported group's listing, naming themselves; they make an API token.
    imported = make_serving_group(session, name="Imported Harbour Club", coordinator=None, areas=[ward])
    session.add(DirectoryListing(group_id=imported.id, source="directory.json"))
    session.flush()
    claim_listing(session, actor=person, group_id=imported.id, message=f"I am {NAME}, the club's secretary")
    create_api_token(session, actor=person, user_id=person.id, name=f"{NAME}'s ward script", scope="read")
    session.flush()
    assert session.get(Membership, membership.id).status == "active"
    return Everything(person, neighbour, coordinator, connector, group, own_group)
