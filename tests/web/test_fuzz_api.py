"""A bounded fuzz of the JSON API: schemathesis generates requests from /api/v1/openapi.json and sends them
to the Flask app in-process (WSGI), signed in as a connector who is also a resident.

Every answer must be below 500 and conform to the document (status code, content type, body schema);
``tests/api_contract.py`` checks the same answers again with openapi-core. The run is repeatable (a fixed
seed, no example database) and bounded: ``FUZZ_EXAMPLES`` examples per operation, well under a minute for
the whole document. Raise it locally to search harder: ``WEAVE_FUZZ_EXAMPLES=500 pytest tests/web/...``.
"""

from __future__ import annotations

import os
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.builders import committed
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need, make_offer
from tests.web.conftest import sign_in

FUZZ_EXAMPLES = int(os.environ.get("WEAVE_FUZZ_EXAMPLES", "10"))
FUZZ_SEED = 20261205
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
HOME = (51.5130, -0.3089)


@pytest.fixture()
def fuzz_world(db, make_web_user):
    connector = make_web_user(home=HOME, role="connector", name="Connie")

    def build(s):
        ward = make_ward(s, centre=HOME, code="E05000170")
        food = make_category(s, slug="food-and-shopping")
        make_category(s, slug="lifts")
        make_need(s, poster=s.merge(connector), category=food, title="Bread", area_id=ward.id)
        make_offer(s, helper=s.merge(connector), category=food, title="Spare veg", area_id=ward.id)

    committed(db, build)
    return connector


def session_cookie(app, user) -> str:
    client = sign_in(app.test_client(), user)
    client.get("/")
    cookie = client.get_cookie("session")
    assert cookie is not None, "signing in left no session cookie"
    return cookie.value


def fuzz_operation(operation, cookies: dict, seen: set[int]) -> None:
    @seed(FUZZ_SEED)
    @settings(max_examples=FUZZ_EXAMPLES, database=None, deadline=None, derandomize=False,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def fuzz(case):
        # Uncompressed: schemathesis reads bodies as sent (compression has its own tests).
        response = case.call(cookies=cookies, headers={"Accept-Encoding": "identity"})
        seen.add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    fuzz()


def test_every_api_operation_survives_generated_requests(app, fuzz_world):
    app.config["PROPAGATE_TEST_ERRORS"] = False
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    cookies = {"session": session_cookie(app, fuzz_world)}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10, "the document lists fewer operations than Weave has"
    statuses: dict[str, set[int]] = {}
    started = time.monotonic()

    for operation in operations:
        fuzz_operation(operation, cookies, statuses.setdefault(operation.label, set()))

    if "WEAVE_FUZZ_EXAMPLES" not in os.environ:
        # About 25 s alone on two cores; the bound leaves room for a machine busy with other work (a deeper
        # search, asked for with WEAVE_FUZZ_EXAMPLES, may take as long as it needs).
        assert time.monotonic() - started < 90
    # A positive control: signed in, some operations answer with success, so the fuzz reached the views.
    assert any(code < 300 for codes in statuses.values() for code in codes), statuses
    assert all(code < 500 for codes in statuses.values() for code in codes), statuses
