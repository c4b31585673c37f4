"""The network page's pictures and honest age, and what-if removal for any group or person."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from community.db import utcnow
from community.models import AnalysisRun, AuditEntry
from tests.builders.groups import make_partnership
from tests.builders.insights import finished_run


def test_brokers_are_a_ranked_chart_with_a_table_twin(connector_page, factory, place):
    finished_run(factory, place)

    page = connector_page.get("connectors.network")

    chart = page.select_one("svg[aria-labelledby='broker-chart-title broker-chart-desc']")
    assert chart is not None and chart["role"] == "img"
    bars = chart.select("rect")
    rows = page.select("#broker-table tbody tr")
    assert len(bars) == len(rows) > 0
    widths = [float(b["width"]) for b in bars]
    assert widths == sorted(widths, reverse=True)  # ranked, longest first
    assert rows[0].select_one("th").get_text(" ", strip=True).startswith(
        chart.select("text")[5].get_text().split(". ", 1)[1][:10]
    )


def test_the_group_drawing_names_every_node_and_marks_brokers_and_cut_points(connector_page, factory, place):
    finished_run(factory, place)

    page = connector_page.get("connectors.network")

    nodes = page.select("svg.connectors-drawing a.connectors-drawing__node")
    names = {a["aria-label"].split(" (")[0] for a in nodes}
    assert names == {"Acton Larder", "Acton Lifts", "Acton Friends"}
    for a in nodes:
        assert a["href"].startswith("#drawing-row-")
        assert page.select_one(a["href"]) is not None  # the table twin has its row
        assert a.select_one("text.connectors-drawing__label").get_text() == a["aria-label"].split(" (")[0]
    lifts = next(a for a in nodes if a["aria-label"].startswith("Acton Lifts"))
    assert "cut point" in lifts["aria-label"] and lifts.select_one("rect") is not None
    larder = next(a for a in nodes if a["aria-label"].startswith("Acton Larder"))
    assert "cut point" not in larder["aria-label"]  # its members have no other tie: not a cut point


def test_the_page_says_how_old_the_results_are_and_what_has_happened_since(connector_page, factory, place):
    run_id = finished_run(factory, place)
    page = connector_page.get("connectors.network")
    assert "No new partnerships" in page.select_one("#freshness").get_text()

    with factory() as s:
        run = s.get(AnalysisRun, run_id)
        run.started_at = utcnow() - timedelta(hours=3)
        make_partnership(s, s.merge(place.larder), s.merge(place.lifts_group))
        s.commit()

    page = connector_page.get("connectors.network")

    text = " ".join(page.select_one("#freshness").get_text().split())
    assert "3 hours ago" in text
    assert "2 partnerships" in text and "not in these results" in text
    # Everything made in the three hours before counts too: the SmallCommunity's own ties.
    assert "new members of groups" in text


def test_what_if_for_a_group_found_by_search(connector_page, factory, place):
    finished_run(factory, place)

    found = connector_page.get("connectors.what_if_search", q="lifts")

    links = found.select("#what-if-matches a")
    assert [a.get_text() for a in links] == ["Acton Lifts", "Bea Lifts"]  # groups first, then people
    page = connector_page.get_url(links[0]["href"])
    assert page.h1.get_text() == "What if Acton Lifts left?"
    who = " ".join(page.select_one("#what-if-who").get_text().split())
    # Bea and Eve (tied to each other) would lose touch with the Friends' side; the Lifts' two other
    # members have no tie but the Lifts.
    assert "2 people with ties of their own would lose touch with the rest" in who
    assert "2 people whose only tie is Acton Lifts would have none left" in who
    help_rows = [" ".join(r.get_text(" ").split()) for r in page.select("#what-if-help tbody tr")]
    assert help_rows == [f"{place.lifts.name} Acton Central no group would offer it"]


def test_what_if_for_a_person_is_audited_and_unknown_nodes_are_not_found(connector_page, factory, place):
    finished_run(factory, place)

    page = connector_page.get("connectors.what_if_node", kind="user", number=place.bea.id)

    assert page.h1.get_text() == "What if Bea Lifts left?"
    with factory() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.target_id == place.bea.id)).all()
    assert [e.action for e in entries] == ["viewed"]
    connector_page.get("connectors.what_if_node", kind="user", number=99999, _expected_status=404)
    connector_page.get("connectors.what_if_node", kind="ward", number=1, _expected_status=404)
    nothing = connector_page.get("connectors.what_if_search", q="zzz-nobody")
    assert "No group or person called" in nothing.get_text()


def test_what_if_for_someone_with_no_tie_says_so_and_for_someone_with_ties_does_not(
    connector_page, factory, place
):
    # The what-if graph leaves out the people with no tie (NODE_RULE), so the connector's own
    # account is not in it; Bea coordinates a group, so she is (the control).
    lone = connector_page.get("connectors.what_if_node", kind="user", number=place.connector.id)
    tied = connector_page.get("connectors.what_if_node", kind="user", number=place.bea.id)

    no_ties = "Connie Connector has no ties to anyone yet, so nobody would lose touch."
    assert " ".join(lone.select_one("#what-if-reason").get_text().split()) == no_ties
    assert lone.select_one("#what-if-help") is None
    assert "no ties to anyone yet" not in tied.select_one("#what-if-reason").get_text()
