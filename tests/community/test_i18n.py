"""community.i18n: marked words are the English until someone showing them translates them."""

from __future__ import annotations

import json
import pickle

import pytest

from community.i18n import Text, Translator, _, _n, get_translator, set_translator, translate

SHOUTING = Translator(
    gettext=lambda message: f"LOUDLY: {message}",
    ngettext=lambda singular, plural, n: f"LOUDLY: {singular if n == 1 else plural}",
)


@pytest.fixture()
def shouting():
    """A stand-in translator, put back as it was afterwards: the web app installs the real one."""
    before = get_translator()
    set_translator(SHOUTING)
    yield
    set_translator(before)


@pytest.fixture()
def no_translator():
    before = get_translator()
    set_translator(None)
    yield
    set_translator(before)


def test_a_marked_message_is_its_english_everywhere_a_string_goes():
    message = _("There is no category %(slug)s", slug="lifts")
    assert isinstance(message, str) and isinstance(message, Text)
    assert message.count("e") == 3 and message.split()[-1] == "lifts"  # still every str method
    assert message == "There is no category lifts"
    assert f"{message}!" == "There is no category lifts!" and message[:8] == "There is"
    assert json.dumps({"detail": message}) == '{"detail": "There is no category lifts"}'
    assert (message.msgid, message.params) == ("There is no category %(slug)s", {"slug": "lifts"})


def test_any_name_can_be_a_value():
    assert _("%(count)s of %(plural)s", count=2, plural="them") == "2 of them"


def test_a_plural_is_chosen_by_its_count():
    groups = [_n("%(num)d group", "%(num)d groups", n) for n in (0, 1, 2)]
    assert groups == ["0 groups", "1 group", "2 groups"]


def test_without_a_translator_translate_gives_the_english(no_translator):
    assert translate(_("Need not found")) == "Need not found"
    assert translate(_("Hello, %(name)s", name="Sam")) == "Hello, Sam"


def test_the_translator_gets_the_message_id_and_the_values_go_back_in_afterwards(shouting):
    assert translate(_("Hello, %(name)s", name="Sam")) == "LOUDLY: Hello, Sam"
    assert translate(_n("%(num)d group", "%(num)d groups", 3)) == "LOUDLY: 3 groups"
    assert translate("Need not found") == "LOUDLY: Need not found"  # plain English is its own message id
    assert translate("") == ""


def test_a_marked_value_is_translated_too(shouting):
    too_long = _("%(what)s must be %(max)s characters or fewer", what=_("Title"), max="120")
    assert too_long == "Title must be 120 characters or fewer"
    assert translate(too_long) == "LOUDLY: LOUDLY: Title must be 120 characters or fewer"


def test_a_message_survives_pickling_for_background_jobs(shouting):
    message = pickle.loads(pickle.dumps(_("Hello, %(name)s", name="Sam")))
    assert message == "Hello, Sam" and translate(message) == "LOUDLY: Hello, Sam"
