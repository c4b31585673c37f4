"""Every /oruk/ response a test provokes is checked against the Open Referral UK profile itself.

The profile's ``openapi.json`` (tests/fixtures/openreferral-uk) names each operation's 200 schema by the
address of a compiled schema in the profile's repository; a ``referencing`` registry maps those addresses
to the copies in the fixtures, so nothing is fetched. The check is stricter than the profile: a property
the profile does not define is an error too (every object schema gets ``additionalProperties: false``), and
formats (uuid, date-time, email) are checked. Anything but a 200 must be a problem body.

``tests/conftest.py`` subscribes ``record_response`` to ``request_finished`` for the whole run, like the
/api/v1 contract (tests/api_contract.py), and fails the test that provoked a mismatch.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Request, Response
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

PREFIX = "/oruk"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "openreferral-uk"
PROFILE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI_URI = "urn:oruk:openapi"

_lock = threading.Lock()
_exchanges: list[Exchange] = []


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def strict(schema: Any) -> Any:
    """A copy of ``schema`` in which every object with ``properties`` allows no others."""
    schema = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict) and node.get("type") == "object":
                node.setdefault("additionalProperties", False)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return schema


@functools.cache
def openapi() -> dict:
    return load("openapi.json")


@functools.cache
def registry() -> Registry:
    definitions = load("schema/service_with_definitions.json")["definitions"]
    documents = {
        PROFILE + "compiled/service.json": load("schema/service.json"),
        PROFILE + "compiled/service_list.json": load("schema/service_list.json"),
        PROFILE + "compiled/service_at_location_list.json": load("schema/service_at_location_list.json"),
        PROFILE + "compiled/service_at_location.json": load("schema/service_at_location.json"),
        PROFILE + "compiled/organization.json": load("schema/organization.json"),
        PROFILE + "taxonomy.json": definitions["taxonomy"],
        PROFILE + "taxonomy_term.json": definitions["taxonomy_term"],
    }
    resources = [(uri, Resource.from_contents(strict(doc), default_specification=DRAFT202012))
                 for uri, doc in documents.items()]
    resources.append((OPENAPI_URI, Resource.from_contents(openapi(), default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def template_for(path: str) -> str | None:
    """The profile's path template that ``path`` (below /oruk) matches, like ``/services/{id}``."""
    for template in openapi()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template
    return None


def validator_for(template: str) -> Draft202012Validator:
    ref = OPENAPI_URI + "#/" + _pointer("paths", template, "get", "responses", "200", "content",
                                        "application/json", "schema")
    return Draft202012Validator({"$ref": ref}, registry=registry(), format_checker=FormatChecker())


def validate_body(template: str, body: Any) -> list[str]:
    errors = sorted(validator_for(template).iter_errors(body), key=lambda e: list(e.absolute_path))
    return [f"at {'/'.join(str(p) for p in e.absolute_path) or '(the body)'}: {e.message[:300]}"
            for e in errors]


@dataclass(frozen=True)
class Exchange:
    label: str
    path: str
    status: int
    mimetype: str
    body: bytes


def mismatches(exchange: Exchange) -> list[str]:
    if exchange.status != 200:
        if exchange.mimetype != "application/problem+json":
            return [f"{exchange.label}: not a problem body"]
        return []
    template = template_for(exchange.path[len(PREFIX):].rstrip("/") or "/")
    if template is None:
        return [f"{exchange.label}: the profile has no such path"]
    if exchange.mimetype != "application/json":
        return [f"{exchange.label}: answered {exchange.mimetype}, not application/json"]
    return [f"{exchange.label} {problem}" for problem in validate_body(template, json.loads(exchange.body))]


def record_response(sender, response: Response, **_extra) -> None:
    from flask import request

    if not isinstance(request, Request) or not (request.path + "/").startswith(PREFIX + "/"):
        return
    if request.url_rule is None:
        return
    label = f"GET {request.full_path.rstrip('?')} answered {response.status_code}"
    exchange = Exchange(label=label, path=request.path, status=response.status_code,
                        mimetype=response.mimetype or "", body=response.get_data())
    with _lock:
        _exchanges.append(exchange)


def take_mismatches() -> list[str]:
    with _lock:
        taken = list(_exchanges)
        _exchanges.clear()
    return [problem for exchange in taken for problem in mismatches(exchange)]


def forget_exchanges() -> None:
    with _lock:
        _exchanges.clear()
