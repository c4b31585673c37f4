"""Reading a file of categories of help: YAML (a list of entries) or CSV (a header row, one row each).

Both formats have the same fields: ``slug``, ``name``, ``description``, ``sensitive`` and ``regulated``
(yes/no). The whole file is checked before anything is written: a bad file gets one message naming the
entry, and changes nothing. ``community/data/starter-categories.yaml`` is the documented example.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from community.errors import ValidationFailed
from community.i18n import _

__all__ = [
    "CategorySpec",
    "STARTER_CATEGORIES_FILE",
    "read_category_file",
    "slug_problem",
    "SLUG_MAX",
    "NAME_MAX",
    "DESCRIPTION_MAX",
]

STARTER_CATEGORIES_FILE = Path(__file__).resolve().parent.parent / "data" / "starter-categories.yaml"
SLUG_MAX, NAME_MAX, DESCRIPTION_MAX = 40, 80, 255
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELDS = ("slug", "name", "description", "sensitive", "regulated")
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}


@dataclass(frozen=True, slots=True)
class CategorySpec:
    slug: str
    name: str
    description: str
    sensitive: bool = False
    regulated: bool = False


def slug_problem(slug: str) -> str | None:
    """
    >>> slug_problem("food-and-shopping") is None
    True
    >>> slug_problem("Food & shopping")
    'A slug is lower-case letters, digits and single hyphens, like food-and-shopping'
    """
    if not slug:
        return _("Enter a slug")
    if len(slug) > SLUG_MAX:
        return _("A slug must be %(max)s characters or fewer", max=SLUG_MAX)
    if not _SLUG.match(slug):
        return _("A slug is lower-case letters, digits and single hyphens, like food-and-shopping")
    return None


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed({"file": message})


def _flag(value: object, where: str, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _invalid(_("%(where)s: %(field)s must be yes or no, not “%(value)s”", where=where, field=field,
                     value=str(value)[:40]))


def _spec(entry: object, where: str) -> CategorySpec:
    if not isinstance(entry, Mapping):
        raise _invalid(_("%(where)s must have a slug, a name and a description", where=where))
    unknown = sorted(str(key) for key in entry if key not in _FIELDS)
    if unknown:
        raise _invalid(_("%(where)s has fields Weave does not know: %(fields)s. Use %(known)s",
                         where=where, fields=", ".join(unknown), known=", ".join(_FIELDS)))
    slug = str(entry.get("slug") or "").strip()
    name = str(entry.get("name") or "").strip()
    description = str(entry.get("description") or "").strip()
    problem = slug_problem(slug)
    if problem:
        raise _invalid(_("%(where)s: %(problem)s", where=where, problem=problem))
    if not name:
        raise _invalid(_("%(where)s (%(slug)s) has no name", where=where, slug=slug))
    if len(name) > NAME_MAX:
        raise _invalid(_("%(where)s (%(slug)s): the name must be %(max)s characters or fewer",
                         where=where, slug=slug, max=NAME_MAX))
    if len(description) > DESCRIPTION_MAX:
        raise _invalid(_("%(where)s (%(slug)s): the description must be %(max)s characters or fewer",
                         where=where, slug=slug, max=DESCRIPTION_MAX))
    return CategorySpec(
        slug=slug, name=name, description=description,
        sensitive=_flag(entry.get("sensitive"), f"{where} ({slug})", "sensitive"),
        regulated=_flag(entry.get("regulated"), f"{where} ({slug})", "regulated"),
    )


def _yaml_entries(text: str) -> list[tuple[str, object]]:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _(" at line %(line)s", line=mark.line + 1) if mark is not None else ""
        raise _invalid(_("The file is not valid YAML%(where)s", where=where)) from None
    if isinstance(document, Mapping) and isinstance(document.get("categories"), list):
        document = document["categories"]
    if not isinstance(document, list):
        raise _invalid(_("The file must be a list of categories, each with a slug, a name and a description"))
    return [(_("Entry %(number)s", number=number), entry) for number, entry in enumerate(document, start=1)]


def _csv_entries(text: str) -> list[tuple[str, object]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in ("slug", "name") if name not in header]
    if missing:
        raise _invalid(_("The CSV file's first row must name its columns: %(columns)s",
                         columns=", ".join(_FIELDS)))
    reader.fieldnames = header
    # Row 1 is the header, so the first category is on row 2, as a spreadsheet numbers it.
    return [
        (_("Row %(number)s", number=number), {k: v for k, v in row.items() if k and v is not None})
        for number, row in enumerate(reader, start=2)
    ]


def read_category_file(source: bytes | str | Path, *, filename: str = "") -> list[CategorySpec]:
    """The categories in a YAML or CSV file (told apart by ``filename``'s ending, else by the content)."""
    if isinstance(source, Path):
        filename = filename or source.name
        source = source.read_bytes()
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _invalid(_("The file must be UTF-8 text (YAML or CSV)")) from None
    suffix = Path(filename).suffix.lower()
    looks_like_csv = source.lstrip().lower().startswith("slug,")
    is_csv = suffix == ".csv" or (suffix not in (".yaml", ".yml") and looks_like_csv)
    entries = _csv_entries(source) if is_csv else _yaml_entries(source)
    if not entries:
        raise _invalid(_("The file has no categories in it"))
    specs: list[CategorySpec] = []
    seen: set[str] = set()
    for where, entry in entries:
        spec = _spec(entry, where)
        if spec.slug in seen:
            raise _invalid(_("%(where)s repeats the slug %(slug)s", where=where, slug=spec.slug))
        seen.add(spec.slug)
        specs.append(spec)
    return specs
