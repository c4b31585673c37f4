"""The layout every page shares, the home page for each kind of user, and the information pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import flash, redirect

from app.templating import NOTIFICATIONS_KEY, connectors, register_nav_item, register_notifications
from community.db import make_sessionmaker, utcnow
from tests.builders.groups import make_group, make_membership
from tests.builders.posts import make_need
from tests.web.conftest import ClientRequest, check_page

VALID_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>A page</title></head>"
    "<body><h1>Heading</h1><p id='one'>Text</p></body></html>"
)


NAV_LINK = ".govuk-service-navigation__link"


def nav_texts(page) -> list[str]:
    return [link.get_text(strip=True) for link in page.select(NAV_LINK)]


def nav_links(page) -> dict[str, str]:
    return {link.get_text(strip=True): link["href"] for link in page.select(NAV_LINK)}


# The page checks themselves: each must be able to fail.


def test_page_check_accepts_a_well_formed_page():
    assert check_page(VALID_PAGE).h1.text == "Heading"


@pytest.mark.parametrize(
    ("broken", "complaint"),
    [
        (VALID_PAGE.replace("<h1>Heading</h1>", ""), "exactly one <h1>"),
        (VALID_PAGE.replace("<h1>Heading</h1>", "<h1>One</h1><h1>Two</h1>"), "exactly one <h1>"),
        (VALID_PAGE.replace("A page", " "), "no <title>"),
        (VALID_PAGE.replace("<p id='one'>Text</p>", "<p id='one'>A</p><p id='one'>B</p>"), "Duplicate ids"),
    ],
)
def test_page_check_rejects_pages_without_the_basics(broken, complaint):
    with pytest.raises(AssertionError, match=complaint):
        check_page(broken)


@pytest.mark.parametrize(
    "broken",
    [
        VALID_PAGE.replace("<!DOCTYPE html>", ""),
        VALID_PAGE.replace("<p id='one'>Text</p>", "<p id='one'>Text</div>"),
        VALID_PAGE.replace("<p id='one'>", "<p id='one' id='two'>"),
    ],
)
def test_page_check_rejects_invalid_html(broken):
    with pytest.raises(pytest.fail.Exception, match="Invalid HTML"):
        check_page(broken)


# The layout.


def test_layout_is_weave_not_gov_uk(client_request):
    page = client_request.get("main.home")

    assert page.html["lang"] == "en"
    assert page.select_one(".govuk-skip-link")["href"] == "#main-content"
    assert page.select_one("main")["id"] == "main-content"
    homepage_link = page.select_one(".govuk-generic-header__homepage-link")
    assert homepage_link.get_text(strip=True) == "Weave"
    assert homepage_link["href"] == "/"
    text = page.get_text()
    assert "GOV.UK" not in text
    assert "Crown copyright" not in text
    assert not page.select(".govuk-header__logotype, .govuk-logo, .govuk-footer__crown")
    # Static URLs carry a fingerprint of their content (app/delivery.py): ?v=<hash>.
    def path(url: str) -> str:
        assert "?v=" in url, url
        return url.split("?")[0]

    assert [path(link["href"]) for link in page.select("link[rel=stylesheet]")] == ["/static/build/weave.css"]
    assert path(page.select_one("link[rel=icon]")["href"]) == "/static/images/favicon.svg"
    assert path(page.select_one("script[type=module]")["src"]) == "/static/js/init.js"


def test_footer_links_to_the_service_information_and_credits_contributors(client_request):
    page = client_request.get("main.home")

    footer = page.select_one("footer")
    assert {link.get_text(strip=True): link["href"] for link in footer.select("a")} == {
        "Accessibility statement": "/accessibility",
        "Privacy notice": "/privacy",
        "Boundary data attribution": "/boundary-data",
    }
    assert "© Weave contributors" in footer.get_text()


def test_page_title_names_the_page_then_the_service(client_request):
    page = client_request.get("main.privacy")

    assert page.title.get_text(strip=True) == "Privacy notice – Weave"


def test_signed_out_navigation_offers_sign_in_and_registration(client_request):
    page = client_request.get("main.home")

    assert list(nav_links(page).items())[-2:] == [("Sign in", "/sign-in"), ("Create an account", "/register")]
    assert "Sign out" not in nav_texts(page)


def test_signed_in_navigation_offers_account_and_sign_out(client_request, make_web_user):
    client_request.sign_in(make_web_user())

    page = client_request.get("main.home")

    assert list(nav_links(page).items())[-2:] == [("Your account", "/account"), ("Sign out", "/sign-out")]
    assert "Sign in" not in nav_texts(page)


@pytest.mark.parametrize(("role", "sees_admin"), [("admin", True), ("connector", False), ("resident", False)])
def test_only_admins_see_the_admin_link(app, client_request, make_web_user, role, sees_admin):
    client_request.sign_in(make_web_user(role=role))

    page = client_request.get("main.home")

    assert (nav_links(page).get("Admin") == "/admin/") is sees_admin
    assert nav_texts(page)[-2:] == ["Your account", "Sign out"]


def test_features_add_navigation_links_for_the_people_they_serve(app, client_request, make_web_user):
    app.add_url_rule("/test-coverage", endpoint="test_coverage", view_func=lambda: "coverage")
    register_nav_item(app, "Coverage", "test_coverage", visible=connectors, order=10)
    register_nav_item(app, "Not built yet", "nowhere.to_be_found", order=20)

    client_request.sign_in(make_web_user(role="connector"))
    connector_nav = nav_texts(client_request.get("main.home"))
    client_request.sign_in(make_web_user(role="resident"))
    resident_nav = nav_texts(client_request.get("main.home"))

    assert "Coverage" in connector_nav
    assert connector_nav.index("Coverage") < connector_nav.index("Your account")
    assert "Coverage" not in resident_nav
    assert "Not built yet" not in connector_nav + resident_nav


def test_a_blueprint_declares_its_navigation_links_once_for_each_app(database_url, db, make_web_user):
    from flask import Blueprint

    from app import create_app
    from config import TestingConfig

    blueprint = Blueprint("test_groups", __name__)
    blueprint.add_url_rule("/test-groups", endpoint="index", view_func=lambda: "groups")
    register_nav_item(blueprint, "Test groups", "test_groups.index", order=30)
    user = make_web_user()
    for _ in range(2):
        app = create_app(TestingConfig, DATABASE_URL=database_url)
        app.register_blueprint(blueprint)
        client_request = ClientRequest(app, app.test_client())
        client_request.sign_in(user)

        assert nav_texts(client_request.get("main.home")).count("Test groups") == 1
        app.extensions["weave.engine"].dispose()


def test_the_current_page_is_marked_in_the_navigation(app, client_request, make_web_user):
    register_nav_item(app, "Home", "main.home", order=10)
    client_request.sign_in(make_web_user())

    page = client_request.get("main.home")

    current = page.select("[aria-current=page]")
    assert [link.get_text(strip=True) for link in current] == ["Home"]


def test_unread_notifications_are_counted_in_the_navigation(app, client_request, make_web_user):
    app.add_url_rule("/test-notifications", endpoint="test_notifications", view_func=lambda: "list")
    register_notifications(app, "test_notifications", count=lambda user: 3)
    client_request.sign_in(make_web_user())

    page = client_request.get("main.home")

    assert nav_texts(page)[-3:] == ["Notifications (3)", "Your account", "Sign out"]
    assert nav_links(page)["Notifications (3)"] == "/test-notifications"


def test_visitors_get_no_notifications_link(app, client_request):
    app.add_url_rule("/test-notifications", endpoint="test_notifications", view_func=lambda: "list")
    register_notifications(app, "test_notifications", count=lambda user: 3)

    page = client_request.get("main.home")

    assert not [text for text in nav_texts(page) if text.startswith("Notifications")]


def test_no_notifications_link_without_a_notifications_feature(app, client_request, make_web_user):
    app.extensions.pop(NOTIFICATIONS_KEY, None)
    client_request.sign_in(make_web_user())

    page = client_request.get("main.home")

    assert not [text for text in nav_texts(page) if text.startswith("Notifications")]


def test_flash_messages_show_as_notification_banners_with_escaped_text(app, client_request):
    def flashing():
        flash("Your request has been posted", "success")
        flash("<script>alert('x')</script> is not a name", "info")
        return redirect("/")

    app.add_url_rule("/test-flash", endpoint="test_flash", view_func=flashing)

    page = client_request.get_url("/test-flash", _follow_redirects=True)

    success, info = page.select(".govuk-notification-banner")
    assert "govuk-notification-banner--success" in success["class"]
    assert success["role"] == "alert"
    assert success.select_one(".govuk-notification-banner__heading").get_text(strip=True) == (
        "Your request has been posted"
    )
    assert "govuk-notification-banner--success" not in info["class"]
    assert info.select_one(".govuk-notification-banner__heading").get_text(strip=True) == (
        "<script>alert('x')</script> is not a name"
    )
    assert "<script>alert" not in client_request.response.get_data(as_text=True)


# The home page for each kind of user.


def test_visitors_learn_what_weave_is_and_how_to_join(client_request):
    page = client_request.get("main.home")

    assert page.h1.get_text(strip=True) == "Help between neighbours, groups and your council"
    headings = [h.get_text(strip=True) for h in page.select("main h3")]
    assert headings == ["Residents", "Community groups", "Council connectors"]
    assert page.select_one("a.govuk-button--start")["href"] == "/register"
    assert page.select_one("main a[href='/sign-in']").get_text(strip=True) == "Sign in"


def test_residents_are_shown_how_to_ask_offer_and_find_help(client_request, make_web_user):
    client_request.sign_in(make_web_user(name="Ada <Lovelace>"))

    page = client_request.get("main.home")

    assert page.h1.get_text(strip=True) == "Hello, Ada <Lovelace>"
    headings = [h.get_text(strip=True) for h in page.select("main h2, main h3")]
    assert headings == ["Get and give help", "Ask for help", "Offer help", "Find help near you"]
    links = {a.get_text(strip=True): a["href"] for a in page.select("main h3 a")}
    assert links == {
        "Ask for help": "/needs/new", "Offer help": "/offers/new", "Find help near you": "/near-me"
    }
    assert "Your groups" not in headings
    assert "Council overview" not in headings


def test_coordinators_see_the_groups_they_run(db, client_request, make_web_user):
    coordinator = make_web_user()
    with make_sessionmaker(db)() as session:
        make_group(session, name="Southall <Mutual> Aid", coordinator=coordinator)
        make_group(session, name="Acton Tenants", coordinator=coordinator)
        make_membership(session, user=coordinator, group=make_group(session, name="Where I Volunteer"))
        session.commit()
    client_request.sign_in(coordinator)

    page = client_request.get("main.home")

    section = page.select_one("section[aria-labelledby=your-groups]")
    assert section.h2.get_text(strip=True) == "Your groups"
    names = [li.get_text(strip=True) for li in section.select("li")]
    assert names == ["Acton Tenants", "Southall <Mutual> Aid"]


def test_connectors_see_the_council_overview(db, client_request, make_web_user):
    connector = make_web_user(role="connector")
    resident = make_web_user()
    with make_sessionmaker(db)() as session:
        make_need(session, poster=resident, status="open")
        make_need(session, poster=resident, status="open")
        make_need(session, poster=resident, status="met", met_at=utcnow() - timedelta(days=3))
        make_group(session).assured_at = utcnow()
        make_group(session)
        session.commit()
    client_request.sign_in(connector)

    page = client_request.get("main.home")

    section = page.select_one("section[aria-labelledby=council-overview]")
    assert section.h2.get_text(strip=True) == "Council overview"
    figures = [" ".join(li.get_text(" ", strip=True).split()) for li in section.select("li")]
    assert figures == [
        "2 needs waiting for someone to help",
        "0 needs being helped now",
        "1 need met in the last 30 days, up 1 on the 30 days before",
        "0 needs closed without help in the last 30 days",
        "2 active groups",
        "1 group not confirmed in the last 12 months",
    ]
    # The dashboard gives the same figures the same names, over the same periods.
    dashboard = client_request.get("connectors.dashboard")
    at_a_glance = [" ".join(li.get_text(" ", strip=True).split())
                   for li in dashboard.select("section[aria-labelledby=demand-heading] li")]
    assert at_a_glance[:len(figures)] == figures


def test_residents_do_not_see_the_council_overview(client_request, make_web_user):
    client_request.sign_in(make_web_user(role="resident"))

    page = client_request.get("main.home")

    assert page.select_one("section[aria-labelledby=council-overview]") is None


# The information pages.


def test_accessibility_statement_sets_the_target_and_names_the_map_limitation(client_request):
    page = client_request.get("main.accessibility")

    text = page.get_text(" ")
    assert page.h1.get_text(strip=True) == "Accessibility statement for Weave"
    assert "WCAG" in text and "2.2" in text and "AA" in text
    assert "table or list" in text
    assert page.find("h2", string="Reporting accessibility problems with this service")


def test_privacy_notice_explains_blurred_locations_and_rights(client_request):
    page = client_request.get("main.privacy")

    text = " ".join(page.get_text(" ").split())
    assert "between 200 and 500 metres" in text
    assert "UK GDPR" in text
    assert "data controller" in text
    for heading in ["Who can see your information", "How long we keep it", "Your rights"]:
        assert page.find("h2", string=heading)


def test_boundary_data_page_carries_the_licence_attribution(client_request):
    page = client_request.get("main.data_attribution")

    text = " ".join(page.get_text(" ").split())
    assert "Contains Ordnance Survey data © Crown copyright and database right 2014" in text
    assert "Office for National Statistics data © Crown copyright" in text
    assert "Martin Chorley" in text
    assert "CC BY 4.0" in text
    assert "Open Government Licence v3.0" in text


def test_health_check_answers_json(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
