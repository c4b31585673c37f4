"""A catalogue really changes the words people read, wherever they were marked.

A made-up Welsh catalogue is compiled for the test and chosen as the app's language. Its words must reach:
template text, a {% trans %} sentence with a value, a lazy form label and a form's own message, a navigation
link, a domain error shown on a form (through ``set_errors``), a domain label a template writes out, and an
API problem body. Without a catalogue the same pages read in English (every other test).
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app import create_app
from community.i18n import _, translate
from config import TestingConfig
from tests.builders.people import make_user
from tests.web.conftest import ClientRequest

WELSH = {
    "Create an account": "Creu cyfrif",  # template text, and a navigation link
    "Your name": "Eich enw",  # a lazy form label
    "Enter your name": "Rhowch eich enw",  # a form's own message
    "Enter a correct email address and password": "Rhowch gyfeiriad e-bost a chyfrinair cywir",  # domain
    "Hello, %(name)s": "Helo, %(name)s",  # {% trans name=... %}
    "Resident": "Preswylydd",  # a domain label written out by a template
    "There is no category %(slug)s": "Does dim categori %(slug)s",
    "Need not found": "Heb ddod o hyd i'r cais",  # an API problem body
    "Skip to main content": "Neidio i'r prif gynnwys",  # the GOV.UK template's own words
}


@pytest.fixture()
def welsh_catalogue(tmp_path):
    catalog = Catalog(locale="cy")
    for msgid, msgstr in WELSH.items():
        catalog.add(msgid, msgstr)
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    return tmp_path


@pytest.fixture()
def app(db, database_url, welsh_catalogue):
    app = create_app(
        TestingConfig, DATABASE_URL=database_url,
        BABEL_DEFAULT_LOCALE="cy", BABEL_TRANSLATION_DIRECTORIES=str(welsh_catalogue),
    )
    yield app
    app.extensions["weave.engine"].dispose()


@pytest.fixture()
def pages(app, client) -> ClientRequest:
    return ClientRequest(app, client)


def test_template_words_form_labels_and_navigation_are_translated(pages):
    page = pages.get("auth.register")
    assert page.select_one("html")["lang"] == "cy"
    assert page.select_one("h1").text.strip() == "Creu cyfrif"
    assert page.select_one("label[for=display_name]").text.strip() == "Eich enw"
    assert "Creu cyfrif" in [a.text.strip() for a in page.select(".govuk-service-navigation__link")]
    assert page.select_one(".govuk-skip-link").text.strip() == "Neidio i'r prif gynnwys"


def test_a_forms_own_message_is_translated(pages):
    page = pages.post("auth.register", _data={"display_name": "", "email": "", "password": ""},
                      _expected_status=200)
    assert "Rhowch eich enw" in page.select_one(".govuk-error-summary").text


def test_a_domain_error_on_a_form_is_translated(pages, session):
    user = make_user(session)
    session.commit()
    page = pages.post("auth.sign_in", _data={"email": user.email, "password": "not the password at all"},
                      _expected_status=200)
    assert "Rhowch gyfeiriad e-bost a chyfrinair cywir" in page.select_one(".govuk-error-summary").text


def test_a_sentence_with_a_value_and_a_domain_label_are_translated(pages, session):
    user = make_user(session, name="Sam Jones")
    session.commit()
    pages.sign_in(user)
    assert pages.get("main.home").select_one("h1").text.strip() == "Helo, Sam Jones"
    assert "Preswylydd" in pages.get("auth.account").select_one(".govuk-summary-list").text


def test_an_api_problem_is_translated(app, client, session):
    from tests.web.conftest import sign_in

    user = make_user(session)
    session.commit()
    sign_in(client, user)
    response = client.get("/api/v1/needs/999999")
    assert response.status_code == 404
    assert response.get_json()["detail"] == "Heb ddod o hyd i'r cais"


def test_a_domain_message_keeps_its_values_in_translation(app):
    message = _("There is no category %(slug)s", slug="gardening")
    assert message == "There is no category gardening"
    with app.test_request_context():
        assert translate(message) == "Does dim categori gardening"


def test_extraction_collects_words_from_templates_forms_views_and_the_domain(tmp_path):
    """What `make translations-extract` runs, with its mapping file: every kind of marking is found."""
    from pathlib import Path

    from babel.messages.frontend import CommandLineInterface
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run([
        "pybabel", "--quiet", "extract", "--mapping-file", str(root / "babel.cfg"), "--keywords", "_l _n:1,2",
        "--ignore-dirs", ".* ._ node_modules tests", "--output-file", str(pot), str(root),
    ])
    with open(pot, "rb") as catalogue:
        ids = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(catalogue)}
    expected = {
        "Nobody has offered to help yet. We will tell you when someone does.",  # template text
        '<a class="govuk-link" href="%(members_url)s">%(count)s person has asked to join</a>.',  # {% trans %}
        "Keep me signed in on this device",  # a form label
        "%(what)s must include a day and month",  # a form message
        "Notifications (%(unread)s)",  # app code
        "You are signed in.",  # a view's flash
        "Hidden. Its author has been told.",  # a view's lazy message
        "Need not found",  # a domain error
        "%(name)s offered to help with “%(title)s”.",  # a notice (and its email)
        "helped %(num)d time recently",  # a domain plural
    }
    assert expected - ids == set()
