"""`flask directory import` (a file, the CSV template, or a conforming API's /services pages over HTTP)
and `flask directory export`."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from community.db import make_sessionmaker
from community.models import Group

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "openreferral-uk" / "examples"


def names(db) -> list[str]:
    with make_sessionmaker(db)() as session:
        return list(session.scalars(select(Group.name).order_by(Group.name)))


def service(n: int) -> dict:
    return {"id": f"00000000-0000-4000-8000-{n:012d}", "name": f"Service {n}", "status": "active",
            "description": "Helps.", "organization": {"id": f"10000000-0000-4000-8000-{n:012d}",
                                                       "name": f"Org {n}", "description": "An org."}}


@pytest.fixture()
def oruk_api():
    """A conforming ORUK API on a local port: 5 services, 2 a page."""
    services = [service(n) for n in range(1, 6)]
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            asked.append(self.path)
            url = urlparse(self.path)
            if url.path == "/api/services":
                page = int(parse_qs(url.query).get("page", ["1"])[0])
                per = 2
                chunk = services[(page - 1) * per: page * per]
                body = {"total_items": 5, "total_pages": 3, "page_number": page, "size": len(chunk),
                        "first_page": page == 1, "last_page": page == 3, "empty": False,
                        "contents": [{k: v for k, v in s.items()} for s in chunk]}
            elif url.path.startswith("/api/services/"):
                body = next((s for s in services if s["id"] == url.path.rsplit("/", 1)[1]), None)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
            else:
                self.send_response(404)
                self.end_headers()
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api", asked
    server.shutdown()
    server.server_close()


def test_import_from_a_conforming_api_reads_every_page_and_every_service(runner, db, oruk_api):
    url, asked = oruk_api
    result = runner.invoke(args=["directory", "import", url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created 5 groups, updated 0, left 0 unchanged.")
    assert names(db) == [f"Service {n}" for n in range(1, 6)]
    assert [p for p in asked if "page=" in p] == [f"/api/services?page={n}&per_page=100" for n in (1, 2, 3)]
    again = runner.invoke(args=["directory", "import", url + "/services"])
    assert again.output.startswith("Created 0 groups, updated 0, left 5 unchanged."), again.output


def test_an_unreachable_address_is_one_line(runner, db, oruk_api):
    url, _asked = oruk_api
    result = runner.invoke(args=["directory", "import", url.replace("/api", "/nothing")])
    assert result.exit_code == 1
    assert result.output.strip().endswith("answered 404 Not Found") and len(result.output.splitlines()) == 1


def test_dry_run_prints_the_plan_and_writes_nothing(runner, db):
    result = runner.invoke(args=["directory", "import", str(EXAMPLES / "service_full.json"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would create 1 groups" in result.output and "create    Community Counselling" in result.output
    assert "Could not map" in result.output
    assert names(db) == []


def test_bad_input_prints_one_line_per_problem_and_exits_non_zero(runner, db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"contents": [{**service(1), "id": "x"}, {**service(2), "status": "open"},
                                            service(3)]}))
    result = runner.invoke(args=["directory", "import", str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "item 1 (Service 1): id x is not a UUID",
        "item 2 (Service 2): status “open” is not one of active, inactive, defunct, temporarily closed",
    ]
    assert names(db) == []
    assert runner.invoke(args=["directory", "import", str(tmp_path / "missing.json")]).exit_code == 1


def test_export_writes_what_import_reads(runner, db, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps([service(1), service(2)]))
    assert runner.invoke(args=["directory", "import", str(source)]).exit_code == 0
    out = tmp_path / "out.json"
    result = runner.invoke(args=["directory", "export", str(out)])
    assert result.output.strip() == f"Wrote 2 services to {out}"
    document = json.loads(out.read_text())
    assert [s["id"] for s in document["contents"]] == [service(1)["id"], service(2)["id"]]
    assert runner.invoke(args=["directory", "import", str(out)]).output.startswith(
        "Created 0 groups, updated 0, left 2 unchanged.")
