"""The demand-management evidence, exact, from a small world whose every figure is known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from community import council
from community.council.evidence import (
    EvidenceFilter,
    demand_evidence,
    evidence_rows,
    open_data_rows,
    refresh_demand_rollup,
    rollup_made_at,
)
from community.models import Escalation, Referral, UnitCost
from tests.builders.council import make_officer, make_team
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need

NOW = datetime(2026, 6, 20, 12, tzinfo=UTC)


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def test_every_figure_of_a_small_world(session):
    ward, other_ward = make_ward(session, name="Northfield"), make_ward(session, name="Southall")
    food, care = make_category(session, slug="food"), make_category(session, slug="care")
    team = make_team(session, default=True)
    officer = make_officer(session, team)
    doris, ed = make_user(session), make_user(session)

    def need(who, created, status="open", met_after=None, **extra):
        extra.setdefault("category", food)
        extra.setdefault("area_id", ward.id)
        met_at = created + met_after if met_after else None
        return make_need(
            session, poster=who, created_at=created, status=status, met_at=met_at, closed_at=met_at, **extra
        )

    # May: three needs, two met (one in 1 day, one in 3), one not; Doris asks again within 90 days.
    need(doris, at(5, 2), "met", timedelta(days=1))
    need(ed, at(5, 10), "met", timedelta(days=3))
    need(doris, at(5, 20), "closed_unmet")
    # June: Doris again (repeat), met in 2 days but escalated first, so not "met without the council";
    # Ed again (repeat: his May need, of another kind, counts), in the other ward, for care.
    escalated = need(doris, at(6, 5), "met", timedelta(days=2))
    need(ed, at(6, 8), "open", category=care, area_id=other_ward.id)
    session.add(
        Escalation(
            need_id=escalated.id,
            team_id=team.id,
            kind="beyond",
            summary="x",
            category_id=food.id,
            area_id=ward.id,
            created_at=at(6, 6),
            routed_at=at(6, 6),
            status="resolved",
            outcome="service_provided",
        )
    )
    referred = need(officer, at(6, 9), "met", timedelta(hours=12))
    referred.requester_id = None
    session.add(
        Referral(
            team_id=team.id,
            officer_id=officer.id,
            need_id=referred.id,
            consent_version="v",
            consent_at=at(6, 9),
            consent_scope="outcome",
            category_id=food.id,
            area_id=ward.id,
            created_at=at(6, 9),
        )
    )
    # Outside the period (and more than 90 days before Ed's May need): nothing of it counts.
    need(ed, at(1, 5), "met", timedelta(days=1))
    session.add(UnitCost(category_id=food.id, amount_pence=10_000, source="Illustrative", illustrative=True))
    session.flush()

    evidence = demand_evidence(session, flt=EvidenceFilter.last(2, now=NOW), live=True)
    # The rollup the page reads gives the same figures as the needs themselves.
    assert refresh_demand_rollup(session, now=NOW) > 0
    from_rollup = demand_evidence(session, flt=EvidenceFilter.last(2, now=NOW))
    assert from_rollup.groups == evidence.groups and from_rollup.total == evidence.total
    # The page reads one row a month, whatever the filter: the same figures again.
    for flt in (EvidenceFilter.last(2, now=NOW), EvidenceFilter.last(2, now=NOW, area_id=ward.id),
                EvidenceFilter.last(2, now=NOW, category_id=food.id),
                EvidenceFilter.last(2, now=NOW, area_id=ward.id, category_id=food.id)):
        page = demand_evidence(session, flt=flt, by_cell=False)
        live = demand_evidence(session, flt=flt, live=True)
        assert (page.months, page.total) == (live.months, live.total)
    may, june = evidence.months
    assert (may.month, june.month) == ("2026-05", "2026-06")
    assert (may.figures.needs_posted, may.figures.met_in_community, may.figures.not_met) == (3, 2, 1)
    assert (june.figures.needs_posted, june.figures.met_in_community) == (3, 1)
    assert (may.figures.repeat_demand, june.figures.repeat_demand) == (1, 2)
    assert (june.figures.referrals_in, june.figures.referrals_met) == (1, 1)
    assert (june.figures.escalations_out, june.figures.escalations_service_provided) == (1, 1)
    assert may.median_days_to_meet == 2.0  # 1 and 3 days
    assert evidence.total.figures.share_met_without_council == 3 / 6
    assert (may.cost_avoided_pence, june.cost_avoided_pence) == (20_000, 10_000)
    assert evidence.costs_illustrative

    # Filtered to a ward and a kind of help.
    care_only = demand_evidence(session, flt=EvidenceFilter.last(2, now=NOW, category_id=care.id))
    assert care_only.total == demand_evidence(session, flt=care_only.filter, live=True).total
    assert care_only.total.figures.needs_posted == 1 and care_only.total.figures.repeat_demand == 1
    north = demand_evidence(session, flt=EvidenceFilter.last(2, now=NOW, area_id=ward.id))
    assert north.total.figures.needs_posted == 5

    rows = list(evidence_rows(session, evidence))
    header, body = rows[0], rows[1:]
    assert header[:5] == ("month", "ward_code", "ward", "category_slug", "category")
    may_food = next(r for r in body if r[0] == "2026-05" and r[3] == "food")
    assert may_food[5:8] == (3, 2, 1)
    public = list(open_data_rows(session, evidence))
    may_food_public = next(r for r in public[1:] if r[0] == "2026-05" and r[3] == "food")
    assert may_food_public[5:8] == ("1-4", "1-4", "1-4")
    assert 0 in may_food_public  # nothing referred in May: shown as 0, not suppressed


def test_an_empty_place_has_empty_months_and_no_median(session):
    assert rollup_made_at(session) is None
    refresh_demand_rollup(session, now=NOW)
    evidence = demand_evidence(session, flt=EvidenceFilter.last(3, now=NOW))
    assert [m.month for m in evidence.months] == ["2026-04", "2026-05", "2026-06"]
    assert evidence.total.median_days_to_meet is None and not evidence.costs_entered
    assert evidence.total.figures.share_met_without_council is None
    assert council.may_see_evidence(session, None) is False
