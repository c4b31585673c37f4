"""The round trip: the demo's directory exported as ORUK, imported into an empty database that holds
another council's wards (Ealing's ward codes mapped to Portmere's by the mapping file), exported again.
Nothing both sides can hold is lost: ids, names, descriptions, status, contacts, assured dates, kinds of
help and wards (through the mapping). What Portmere cannot hold is an Ealing-drawn shape or an Ealing
base, and the importer says so."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from community.db import make_sessionmaker
from community.demo import seed_demo
from community.directory import apply_import, ensure_directory_ids, export_document, read_mapping
from community.directory.sources import listings_from_json
from community.places import STARTER_CATEGORIES_FILE, import_areas, import_categories, read_category_file
from tests.conftest import empty_database

PORTMERE = Path(__file__).resolve().parents[2] / "fixtures" / "areas" / "portmere_wards.geojson"
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


def _codes(service: dict) -> set[str]:
    return {a["uri"].rsplit("/", 1)[1] for a in service.get("service_areas", []) if "uri" in a}


def _kept(service: dict, mapping: dict[str, str] | None = None) -> dict:
    """What both councils can hold of a published service."""
    codes = _codes(service)
    return {
        "id": service["id"],
        "organization": (service["organization"]["id"], service["organization"]["name"]),
        "fields": {k: service.get(k)
                   for k in ("name", "description", "status", "email", "url", "assured_date")},
        "contacts": [(c["id"], c["name"], c.get("title")) for c in service.get("contacts", [])],
        "terms": sorted(a["taxonomy_term"]["term"] for a in service.get("attributes", [])),
        "wards": sorted({mapping[c] for c in codes} if mapping is not None else codes),
    }


def test_export_import_into_another_council_and_export_again_loses_nothing_both_can_hold(db):
    with make_sessionmaker(db)() as demo:
        seed_demo(demo, scale="small", seed=1, now=NOW, location_salt="round-trip")
        ensure_directory_ids(demo)
        demo.commit()
        first = json.loads(json.dumps(export_document(demo)))
    assert first["total_items"] >= 30
    empty_database(db)

    ealing = sorted({code for s in first["contents"] for code in _codes(s)})
    with make_sessionmaker(db)() as portmere:
        import_areas(portmere, source=PORTMERE, kind="ward")
        import_categories(portmere, specs=read_category_file(STARTER_CATEGORIES_FILE))
        portmere_codes = sorted(import_code for import_code in _portmere_codes(portmere))
        mapping = {code: portmere_codes[n % len(portmere_codes)] for n, code in enumerate(ealing)}
        text = "areas:\n" + "".join(f"  {a}: {b}\n" for a, b in mapping.items())
        plan = apply_import(portmere, listings=listings_from_json(first), mapping=read_mapping(text),
                            source="ealing.json")
        ensure_directory_ids(portmere)
        portmere.commit()
        second = json.loads(json.dumps(export_document(portmere)))
        again = apply_import(portmere, listings=listings_from_json(second), source="portmere.json")

    assert plan.count("create") == first["total_items"] == second["total_items"]
    before = {s["id"]: _kept(s, mapping) for s in first["contents"]}
    after = {s["id"]: _kept(s) for s in second["contents"]}
    assert after == before
    # Positive control: there was something of each kind to lose.
    for part in ("terms", "wards", "contacts"):
        assert sum(1 for kept in before.values() if kept[part]) >= 10, part
    dated = [kept for kept in before.values() if kept["fields"]["email"] and kept["fields"]["assured_date"]]
    assert len(dated) >= 10
    # What Portmere cannot hold is reported, never silently dropped: only drawn shapes and Ealing bases.
    assert all("matches no ward" in line or "outside every ward" in line for line in plan.unmapped)
    drawn = sum(1 for s in first["contents"] for a in s["service_areas"] if "uri" not in a)
    assert sum("matches no ward" in line for line in plan.unmapped) == drawn
    # And importing Portmere's own export back changes nothing.
    assert again.count("unchanged") == second["total_items"]


def _portmere_codes(session) -> list[str]:
    from sqlalchemy import select

    from community.models import Area

    return list(session.scalars(select(Area.code).where(Area.kind == "ward")))
