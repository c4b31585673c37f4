"""A bounded fuzz of the forms people post most: every field of each form (and fields left out, repeated,
or unknown) filled by hypothesis with odd text — NUL characters, huge numbers, right-to-left marks, emoji,
whitespace — and posted by a signed-in resident. No answer may be a server error: a form comes back with
its errors, a redirect follows a success, a 400 page refuses what cannot be stored.

Repeatable (a fixed seed, no example database) and bounded (``FORM_EXAMPLES`` posts a form).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from app.auth.forms import RegisterForm, SignInForm
from app.groups.forms import GroupForm
from app.residents.forms import HomeLocationForm, NeedForm, OfferForm
from tests.builders import committed
from tests.builders.places import make_category, make_ward

FORM_EXAMPLES = int(os.environ.get("WEAVE_FUZZ_EXAMPLES", "12")) * 2
HOME = (51.5130, -0.3089)

# (url, form class, signed in?)
FORMS = [
    ("/needs/new", NeedForm, True),
    ("/offers/new", OfferForm, True),
    ("/groups/new", GroupForm, True),
    ("/your-location", HomeLocationForm, True),
    ("/register", RegisterForm, False),
    ("/sign-in", SignInForm, False),
]

odd_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40),
    st.sampled_from(["", " ", "\x00", "a\x00b", "2147483648", "-1", "99999999999999999999", "1e309", "nan",
                     "0", "1", "home", "elsewhere", "keep", "today", "public", "\u202eevil", "😀" * 30,
                     "x" * 5000, "31", "2", "2026", "<script>alert(1)</script>"]),
)
# Each field posted zero to four times: missing fields, and date boxes short of or past their three.
field_values = st.lists(odd_text, max_size=4)


def field_names(app, form_class) -> list[str]:
    with app.test_request_context():
        return [field.name for field in form_class() if field.name != "csrf_token"]


@pytest.fixture()
def fuzz_places(db):
    def build(s):
        make_ward(s, centre=HOME)
        make_category(s, slug="lifts")
        make_category(s, slug="food-and-shopping", sensitive=True)

    committed(db, build)


@pytest.mark.parametrize(("url", "form_class", "signed_in"), FORMS, ids=[url for url, _f, _s in FORMS])
def test_posting_odd_values_to_a_form_never_fails(app, fuzz_places, make_web_user, signed_in_client, url,
                                                  form_class, signed_in):
    app.config["PROPAGATE_TEST_ERRORS"] = False
    app.config["RATELIMIT_ENABLED"] = False
    client = signed_in_client(make_web_user(home=HOME)) if signed_in else app.test_client()
    names = field_names(app, form_class)
    assert names, f"{form_class.__name__} has no fields"
    statuses: set[int] = set()
    posted = st.fixed_dictionaries({}, optional={name: field_values for name in [*names, "unexpected"]})

    @seed(20261205)
    @settings(max_examples=FORM_EXAMPLES, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(data=posted)
    def post(data):
        response = client.post(url, data=data)
        statuses.add(response.status_code)
        assert response.status_code < 500, (url, data)

    post()
    # A positive control: the form was reached and shown again with errors (not refused wholesale).
    assert statuses & {200, 302}, statuses
