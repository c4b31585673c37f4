"""Reading a directory to import: ORUK JSON (a file, or a conforming API's ``/services`` pages) or the CSV
template, into plain ``Listing`` records. Nothing here touches the database.

Whatever the document, the importer looks for services: a ``/services`` page (``contents``), a list, one
service, an organisation with its ``services``, or service-at-location records with their service. An
organisation without services is a listing of its own; taxonomies and taxonomy terms bring no listings.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from community.errors import DomainError

__all__ = ["DirectoryProblems", "AreaRef", "TermRef", "Listing", "read_directory", "fetch_directory",
           "CSV_COLUMNS", "STATUSES"]

STATUSES = ("active", "inactive", "defunct", "temporarily closed")
CSV_COLUMNS = ("id", "name", "description", "status", "email", "website", "phone", "assured_date", "wards",
               "categories")
ORGANIZATION_ONLY = ("website", "logo", "organization_identifiers", "parent_organization_id")
_CODE = re.compile(r"\b([EWSN]\d{8})\b")
# The remote API's services path (another site's, under the address given).
SERVICES = "services"
PER_PAGE = 100
MAX_PAGES = 1_000
TIMEOUT_SECONDS = 30


class DirectoryProblems(DomainError):
    """A directory that cannot be imported: one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AreaRef:
    """A service area as given: an ONS code if one can be read, its name, and its GeoJSON extent."""

    code: str = ""
    name: str = ""
    extent: str = ""


@dataclass(frozen=True)
class TermRef:
    id: str = ""
    term: str = ""
    name: str = ""


@dataclass
class Listing:
    """One service (with its organisation) to import as one group."""

    where: str
    service_id: str
    organization_id: str = ""
    name: str = ""
    description: str = ""
    status: str = "active"
    email: str = ""
    website: str = ""
    phone: str = ""
    assured_date: str = ""
    areas: list[AreaRef] = field(default_factory=list)
    terms: list[TermRef] = field(default_factory=list)
    base: tuple[float, float] | None = None
    people_contacts: int = 0


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


def _area(record: dict[str, Any]) -> AreaRef:
    name = _text(record.get("name")) or _text(record.get("service_area"))
    code = ""
    for candidate in (_text(record.get("uri")), name, _text(record.get("service_area"))):
        match = _CODE.search(candidate)
        if match:
            code = match.group(1)
            break
    geojson = _text(record.get("extent_type")).lower() in ("", "geojson")
    extent = _text(record.get("extent")) if geojson else ""
    return AreaRef(code=code, name=name, extent=extent)


def _term(attribute: dict[str, Any]) -> TermRef | None:
    term = attribute.get("taxonomy_term")
    if isinstance(term, dict):
        return TermRef(id=_text(term.get("id")).lower(), term=_text(term.get("term")),
                       name=_text(term.get("name")))
    if _text(attribute.get("taxonomy_term_id")):
        return TermRef(id=_text(attribute.get("taxonomy_term_id")).lower())
    return None


def _base(service: dict[str, Any]) -> tuple[float, float] | None:
    for at in service.get("service_at_locations") or []:
        location = at.get("location") if isinstance(at, dict) else None
        if isinstance(location, dict):
            lat, lng = location.get("latitude"), location.get("longitude")
            if isinstance(lat, int | float) and isinstance(lng, int | float) and -90 <= lat <= 90 \
                    and -180 <= lng <= 180:
                return float(lat), float(lng)
    return None


def _listing(service: dict[str, Any], organization: dict[str, Any] | None, where: str) -> Listing:
    organization = organization or (service.get("organization") if isinstance(service.get("organization"),
                                                                               dict) else None) or {}
    phone, people = "", 0
    for contact in service.get("contacts") or []:
        if not isinstance(contact, dict):
            continue
        if _text(contact.get("name")).lower() == "telephone" and _text(contact.get("title")):
            phone = phone or _text(contact.get("title"))
        else:
            people += 1
    return Listing(
        where=where,
        service_id=_text(service.get("id")).lower(),
        organization_id=(_text(organization.get("id")) or _text(service.get("organization_id"))).lower(),
        name=_text(service.get("name")),
        description=_text(service.get("description")) or _text(organization.get("description")),
        status=_text(service.get("status")).lower(),
        email=_text(service.get("email")) or _text(organization.get("email")),
        website=_text(service.get("url")) or _text(organization.get("website")),
        phone=phone,
        assured_date=_text(service.get("assured_date")),
        areas=[_area(a) for a in service.get("service_areas") or [] if isinstance(a, dict)],
        terms=[t for a in service.get("attributes") or [] if isinstance(a, dict) if (t := _term(a))],
        base=_base(service),
        people_contacts=people,
    )


def _items(document: Any) -> list[Any]:
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]
    if isinstance(document, dict) and isinstance(document.get("services"), list) and "name" not in document:
        return document["services"]
    if isinstance(document, list):
        return document
    return [document]


def listings_from_json(document: Any, *, label: str = "") -> list[Listing]:
    """The listings in an ORUK document; ``DirectoryProblems`` if it holds something else."""
    found: list[Listing] = []
    problems: list[str] = []
    for n, item in enumerate(_items(document), start=1):
        where = f"{label}item {n}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not a JSON object")
        elif "status" in item or "service_areas" in item or "organization_id" in item:
            found.append(_listing(item, None, where))
        elif isinstance(item.get("service"), dict):
            service = dict(item["service"])
            if isinstance(item.get("location"), dict):
                service.setdefault("service_at_locations", [{"location": item["location"]}])
            found.append(_listing(service, None, where))
        elif isinstance(item.get("services"), list):
            organization = {k: v for k, v in item.items() if k != "services"}
            found.extend(_listing(s, organization, f"{where} service {m}")
                         for m, s in enumerate(item["services"], start=1) if isinstance(s, dict))
        elif any(k in item for k in ORGANIZATION_ONLY):
            # An organisation listed without its services: it becomes one listing, named after itself.
            organization_id = _text(item.get("id")).lower()
            service_id = str(uuid.uuid5(uuid.UUID(organization_id), "service")) \
                if _is_uuid(organization_id) else ""
            found.append(_listing({**item, "id": service_id, "status": "active", "url": item.get("website")},
                                  item, where))
        elif any(k in item for k in ("term", "taxonomy", "taxonomy_id", "parent_id", "version",
                                     "taxonomy_terms")):
            continue  # a taxonomy or a term: nothing to list
        else:
            problems.append(f"{where}: not an Open Referral UK service, organisation or taxonomy")
    if problems:
        raise DirectoryProblems(problems)
    return found


def listings_from_csv(text: str) -> list[Listing]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise DirectoryProblems([f"The CSV has no {', '.join(missing)} column (the template's columns are "
                                 f"{','.join(CSV_COLUMNS)})"])
    found = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        wards = [w.strip() for w in row.get("wards", "").split(";") if w.strip()]
        terms = [t.strip() for t in row.get("categories", "").split(";") if t.strip()]
        found.append(Listing(
            where=f"line {n}", service_id=row.get("id", "").lower(), name=row.get("name", ""),
            description=row.get("description", ""), status=(row.get("status") or "active").lower(),
            email=row.get("email", ""), website=row.get("website", ""), phone=row.get("phone", ""),
            assured_date=row.get("assured_date", ""),
            areas=[AreaRef(code=w if _CODE.fullmatch(w) else "", name=w) for w in wards],
            terms=[TermRef(term=t, name=t) for t in terms],
        ))
    return found


def read_directory(data: bytes | str, *, filename: str = "") -> list[Listing]:
    """The listings in an uploaded file: ORUK JSON, or CSV by its name (``.csv``) or its look."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise DirectoryProblems(["The file is not UTF-8 text"]) from None
    if filename.lower().endswith(".csv") or (not text.lstrip().startswith(("{", "[")) and "," in text):
        return listings_from_csv(text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DirectoryProblems([f"The file is not JSON (line {error.lineno}: {error.msg}) nor a CSV "
                                 "with the template's columns"]) from None
    return listings_from_json(document)


Fetch = Callable[[str], Any]


def _get_json(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Weave"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise DirectoryProblems([f"{url} answered {error.code} {error.reason}"]) from None
    except urllib.error.URLError as error:
        raise DirectoryProblems([f"Could not reach {url}: {error.reason}"]) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise DirectoryProblems([f"{url} did not answer with JSON"]) from None


def _service_ids(page: Any, url: str) -> Iterable[str]:
    if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
        raise DirectoryProblems([f"{url} is not a page of services (no contents)"])
    return [_text(item.get("id")) for item in page["contents"] if isinstance(item, dict)]


def fetch_directory(url: str, *, fetch: Fetch = _get_json) -> list[Listing]:
    """The listings of an ORUK API (every ``/services`` page, then each service in full), or of one
    JSON document at ``url`` (ending ``.json``)."""
    if urllib.parse.urlparse(url).scheme not in ("http", "https"):
        raise DirectoryProblems([f"{url} is not an http or https address"])
    if urllib.parse.urlparse(url).path.endswith(".json"):
        return listings_from_json(fetch(url))
    base = url.rstrip("/")
    suffix = "/" + SERVICES
    base = base[: -len(suffix)] if base.endswith(suffix) else base
    ids: list[str] = []
    for page_number in range(1, MAX_PAGES + 1):
        page_url = f"{base}/{SERVICES}?page={page_number}&per_page={PER_PAGE}"
        page = fetch(page_url)
        ids.extend(_service_ids(page, page_url))
        if page.get("last_page") is True or not page["contents"] or \
                page_number >= int(page.get("total_pages") or page_number):
            break
    services = [fetch(f"{base}/{SERVICES}/{urllib.parse.quote(one)}") for one in ids if one]
    return listings_from_json(services)
