"""The connector pages, read as a connector reads them: dashboard and runs, coverage, demand, network."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from sqlalchemy import select

from app.jobs import wait_for_background_jobs
from community.db import utcnow
from community.insights.demand import SUPPRESSED
from community.insights.runs import create_run
from community.models import AnalysisRun, AuditEntry, Need
from tests.builders.insights import finished_run, make_met_need
from tests.builders.posts import make_need


def texts(page, selector: str) -> list[str]:
    return [" ".join(element.get_text().split()) for element in page.select(selector)]


# --- dashboard and runs -----------------------------------------------------------------------------


def test_the_dashboard_shows_the_last_30_days_figures_and_offers_to_run_the_analysis(
    connector_page, factory, place
):
    with factory() as s:
        for need in s.scalars(select(Need).where(Need.status == "met")):
            need.met_at = utcnow()
        make_met_need(s, resident=s.merge(place.eve), helper=s.merge(place.bea), met_days_ago=0)
        s.commit()

    page = connector_page.get("connectors.dashboard")

    assert page.h1.get_text() == "Council dashboard"
    figures = texts(page, ".weave-figures__item")
    assert "2 needs met in the last 30 days, up 2 on the 30 days before" in figures
    assert any(f.startswith("2 needs waiting for someone to help") for f in figures), figures
    button = page.select_one("form[action='/connectors/runs'] button")
    assert button.get_text(strip=True) == "Run analysis now"
    assert "Shown after the first analysis run." in page.get_text()


def test_council_dashboard_is_in_the_navigation_for_connectors_only(client_request, place):
    client_request.sign_in(place.eve)
    assert "Council dashboard" not in texts(client_request.get("main.home"), "nav a")
    client_request.sign_in(place.connector)
    assert "Council dashboard" in texts(client_request.get("main.home"), "nav a")


def test_run_analysis_now_queues_a_background_run_and_shows_its_progress_page(connector_page, factory):
    connector_page.post("connectors.start_run")
    location = connector_page.response.location
    wait_for_background_jobs(30)

    with factory() as s:
        run = s.scalars(select(AnalysisRun)).one()
    assert location == f"/connectors/runs/{run.id}"
    assert (run.status, run.progress) == ("finished", 100)
    status = connector_page.client.get(f"/connectors/runs/{run.id}/status").get_json()
    assert (status["status"], status["progress"], status["finished"]) == ("finished", 100, True)
    page = connector_page.get_url(location)
    assert "Finished" in page.get_text()


def test_while_a_run_is_unfinished_the_dashboard_shows_a_live_progress_bar_with_a_no_script_fallback(
    connector_page, factory, place
):
    with factory() as s:
        run = create_run(s, created_by=s.merge(place.connector))
        run.status, run.progress, run.stage, run.started_at = "running", 42, "Finding communities", utcnow()
        s.commit()

    page = connector_page.get("connectors.dashboard")

    bar = page.select_one("progress")
    assert (bar["max"], bar["value"]) == ("100", "42")
    label = page.select_one(f"label[for='{bar['id']}']")
    assert label.get_text(" ", strip=True) == "42% done: Finding communities"
    box = page.select_one("[data-run-status-url]")
    assert box["data-run-status-url"] == f"/connectors/runs/{run.id}/status"
    assert page.select_one("[aria-live=polite]") is not None
    check = page.select_one("[data-run-check] a")
    assert (check.get_text(" ", strip=True), check["href"]) == (
        f"Check progress of analysis run {run.id}", f"/connectors/runs/{run.id}"
    )
    assert page.select_one("form[action='/connectors/runs']") is None


def test_a_failed_run_says_why_and_the_last_finished_results_stay(connector_page, factory, place):
    good = finished_run(factory, place)
    with factory() as s:
        failed = AnalysisRun(status="failed", stage="Failed", error="MemoryError: out of memory",
                             finished_at=utcnow())
        s.add(failed)
        s.commit()

    page = connector_page.get("connectors.run", run_id=failed.id)
    assert "MemoryError: out of memory" in page.select_one(".govuk-error-summary").get_text()
    runs_page = connector_page.get("connectors.runs")
    assert "MemoryError: out of memory" in runs_page.get_text()
    dashboard = connector_page.get("connectors.dashboard")
    assert f"from analysis run {good}," in dashboard.get_text()


def test_an_unknown_run_is_not_found(connector_page):
    connector_page.get("connectors.run", run_id=999, _expected_status=404)
    assert connector_page.client.get("/connectors/runs/999/status").status_code == 404


# --- coverage ---------------------------------------------------------------------------------------


def test_coverage_shows_the_rule_the_map_in_a_frame_and_the_same_figures_as_a_table(connector_page, place):
    page = connector_page.get("connectors.coverage", category="lifts-and-transport", window=30)

    assert "Demand is the number of needs posted plus searches that found nobody" in page.get_text()
    # The rule on the page says recent helping counts as supply, and the table shows it.
    assert "plus the people who recently helped" in page.get_text()
    assert "A place where neighbours met most needs is not a gap." in page.get_text()
    assert "People who helped" in [th.get_text(strip=True) for th in page.select("table thead th")]
    frame = page.select_one("iframe")
    assert frame["title"] == "Map of coverage of lifts and transport by ward"
    assert frame["src"] == "/maps/coverage?category=lifts-and-transport&window=30"
    (row,) = page.select("table tbody tr")
    cells = [c.get_text(" ", strip=True) for c in row.select("th, td")]
    assert cells[:5] == ["Acton Central", "Thin", "4", "1", "2"]
    assert row.select_one("a")["href"] == f"/connectors/coverage/wards/{place.ward.code}?window=30"
    assert page.select_one("#category option[selected]")["value"] == "lifts-and-transport"


def test_a_ward_shows_every_kind_of_help_and_the_groups_serving_it(connector_page, place):
    page = connector_page.get("connectors.ward", code=place.ward.code)

    assert page.h1.get_text() == "Acton Central"
    assert len(page.select("table tbody tr")) == 3
    assert texts(page, ".govuk-summary-list__key") == ["Acton Friends", "Acton Larder", "Acton Lifts"]
    connector_page.get("connectors.ward", code="E05999999", _expected_status=404)


def test_the_coverage_download_suppresses_small_counts_of_needs(connector_page, factory, place):
    with factory() as s:
        for _ in range(5):
            make_need(s, poster=s.merge(place.dee), category=s.merge(place.food), area_id=place.ward.id)
        s.commit()

    response = connector_page.client.get("/connectors/coverage.csv")

    assert response.mimetype == "text/csv"
    rows = {row["category"]: row for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    assert rows["Food And Shopping"]["needs_posted"] == "6"
    assert rows["Lifts And Transport"]["needs_posted"] == SUPPRESSED
    assert rows["Lifts And Transport"]["groups_serving"] == "1"
    assert "people_who_helped" in rows["Food And Shopping"]


# --- demand ------------------------------------------------------------------------------------------


def test_demand_is_an_accessible_svg_chart_with_a_table_twin(connector_page):
    page = connector_page.get("connectors.demand", weeks=12)

    chart = page.select_one("svg.connectors-chart")
    assert chart["role"] == "img"
    assert chart["aria-labelledby"] == "demand-chart-title demand-chart-desc"
    assert page.select_one("#demand-chart-title").get_text().startswith("Bar chart of needs posted each week")
    assert len(page.select("table tbody tr")) == 12
    assert sum(int(r.select("td")[0].get_text()) for r in page.select("table tbody tr")) == 5
    assert len(chart.select("rect")) >= 2


def test_the_demand_download_suppresses_small_counts(connector_page):
    response = connector_page.client.get("/connectors/demand.csv?weeks=12")

    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["week_starting", "ward_code", "ward", "category", "needs_posted", "met", "not_met",
                       "still_open"]
    assert rows[1:] and all(row[4] == SUPPRESSED for row in rows[1:])


# --- network -----------------------------------------------------------------------------------------


def test_before_any_run_the_network_page_says_to_run_it(connector_page):
    page = connector_page.get("connectors.network")

    assert "has not been analysed yet" in page.get_text()


def test_the_network_page_lists_gaps_brokers_and_introductions_with_their_reasons(
    connector_page, factory, place
):
    run_id = finished_run(factory, place)

    page = connector_page.get("connectors.network")

    text = page.get_text(" ")
    assert "Acton Larder works alone" in text
    assert "Dee Waiting has nobody to turn to" in text
    assert "Acton Larder and Acton Lifts" in text
    assert "Both serve Acton Central." in text
    introduce = page.find("a", string="Introduce Acton Larder to Acton Lifts")
    assert introduce["href"] == f"/connectors/introductions/new/{run_id}/1"
    assert page.select_one("iframe")["src"] == "/maps/network"
    assert "Acton Larder" in texts(page, "#network-table tbody th")


def test_a_sampled_run_says_how_many_pairs_its_brokers_were_estimated_from(connector_page, factory, place):
    run_id = finished_run(factory, place)
    with factory() as s:
        run = s.get(AnalysisRun, run_id)
        results = json.loads(run.results)
        assert results["analysis"]["betweenness"]["method"] == "exact"  # a small place is counted exactly
        results["analysis"]["betweenness"] |= {"method": "pairs", "samples": 1_000_000}
        run.results = json.dumps(results)
        s.commit()

    text = connector_page.get("connectors.network").get_text(" ")

    assert "estimated from 1,000,000 pairs of people and groups drawn at random" in text


def test_a_gap_shows_its_reason_and_the_introductions_that_would_close_it(connector_page, factory, place):
    run_id = finished_run(factory, place)
    network = connector_page.get("connectors.network")
    href = network.find("a", string="Acton Larder works alone")["href"]

    page = connector_page.get_url(href)

    assert page.h1.get_text() == "Acton Larder works alone"
    assert "has 3 members but no partnerships" in page.get_text()
    links = [a["href"] for a in page.select("a") if a.get_text().startswith("Introduce ")]
    assert f"/connectors/introductions/new/{run_id}/1" in links
    connector_page.get("connectors.gap", run_id=run_id, number=99, _expected_status=404)


def test_viewing_a_persons_details_is_audited_every_time(connector_page, factory, place):
    finished_run(factory, place)
    for _ in range(2):
        page = connector_page.get("connectors.person", user_id=place.dee.id)
    assert page.h1.get_text() == "Dee Waiting"
    assert "Your view of these details has been recorded." in page.get_text()

    with factory() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.target_type == "user")).all()
    viewed = (place.connector.id, "viewed", place.dee.id)
    assert [(e.actor_id, e.action, e.target_id) for e in entries] == [viewed, viewed]


def test_the_map_documents_load_their_data_from_the_connector_api(connector_page, factory, place):
    finished_run(factory, place)
    coverage = connector_page.client.get("/maps/coverage?category=food-and-shopping")
    network = connector_page.client.get("/maps/network")

    assert coverage.status_code == network.status_code == 200
    assert "/api/v1/coverage/wards?category=food-and-shopping" in coverage.get_data(as_text=True)
    html = network.get_data(as_text=True)
    assert "/api/v1/network/map/groups" in html and "/api/v1/network/map/links" in html
    assert "/api/v1/groups/map/wards" in html  # ward outlines under the network
    assert "Acton Larder" not in html
    assert connector_page.client.get("/maps/coverage?category=nothing").status_code == 404


def test_old_runs_stay_readable_after_new_ones(connector_page, factory, place):
    first = finished_run(factory, place)
    with factory() as s:
        s.get(AnalysisRun, first).finished_at = utcnow() - timedelta(days=1)
        s.commit()
    page = connector_page.get("connectors.gap", run_id=first, number=1)
    assert page.h1 is not None
    assert json.loads(connector_page.client.get(f"/connectors/runs/{first}/status").data)["id"] == first


def test_after_a_run_the_dashboard_lists_brokers_at_risk_and_the_most_critical(
    connector_page, factory, place
):
    finished_run(factory, place)

    page = connector_page.get("connectors.dashboard")

    text = page.get_text(" ")
    assert "Brokers at risk" in text
    assert "would lose touch with the rest" in text
    assert "most critical people and groups" in text


def test_a_gap_about_a_resident_is_a_view_of_their_details_and_is_audited(connector_page, factory, place):
    run_id = finished_run(factory, place)
    network = connector_page.get("connectors.network")
    href = network.find("a", string="Dee Waiting has nobody to turn to")["href"]

    page = connector_page.get_url(href)

    assert "Dee Waiting has asked for" in page.get_text()
    with factory() as s:
        entry = s.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (place.connector.id, "user", place.dee.id)
    assert entry.detail.endswith(f"of analysis run {run_id}")
