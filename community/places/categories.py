"""The categories of help a place uses: loading them from a file, and an administrator's changes.

A category is never deleted: posts and groups keep it. Retiring one takes it out of every list people
choose from (``category_options``); the posts and groups that have it still show it, and it can be
restored. What ``sensitive`` and ``regulated`` mean is written at the top of
``community/data/starter-categories.yaml``, the 16 starter categories the demo uses too
(``DEFAULT_CATEGORIES``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.models import AuditEntry, Category, User
from community.places.category_files import (
    DESCRIPTION_MAX,
    NAME_MAX,
    SLUG_MAX,
    STARTER_CATEGORIES_FILE,
    CategorySpec,
    read_category_file,
)

__all__ = [
    "CategorySpec",
    "CategoryImport",
    "DEFAULT_CATEGORIES",
    "ensure_default_categories",
    "import_categories",
    "list_categories",
    "category_options",
    "get_category",
    "create_category",
    "update_category",
    "move_category",
    "retire_category",
    "restore_category",
    "is_choosable",
]

# The starter file, read once: the demo seeds these and the tests lean on them.
DEFAULT_CATEGORIES: tuple[CategorySpec, ...] = tuple(read_category_file(STARTER_CATEGORIES_FILE))


@dataclass(frozen=True, slots=True)
class CategoryImport:
    added: int
    updated: int
    unchanged: int
    restored: int
    # Already in Weave, not in the file: left as they were, after the file's categories.
    not_in_file: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def _require_admin(actor: User | None) -> None:
    # None is the console (``flask categories import``): whoever runs it controls the server.
    if actor is not None and not (actor.is_admin and actor.is_active):
        raise PermissionDenied(_("Only an admin can change the categories of help"))


def _audit(session: Session, actor: User | None, action: str, category: Category, detail: str = "") -> None:
    session.add(AuditEntry(actor_id=actor.id if actor is not None else None, action=action,
                           target_type="category", target_id=category.id, detail=detail))


def _ordered(session: Session) -> list[Category]:
    return list(session.scalars(select(Category).order_by(Category.position, Category.name, Category.id)))


def _renumber(categories: Sequence[Category]) -> None:
    for position, category in enumerate(categories, start=1):
        category.position = position


def import_categories(
    session: Session, *, specs: Sequence[CategorySpec], actor: User | None = None
) -> CategoryImport:
    """Add or update each category by slug and put them in the file's order; safe to repeat.

    A retired category named in the file is restored: the file says it is wanted.
    """
    _require_admin(actor)
    existing = {c.slug: c for c in _ordered(session)}
    added = updated = unchanged = restored = 0
    in_file: list[Category] = []
    for spec in specs:
        category = existing.get(spec.slug)
        if category is None:
            category = Category(slug=spec.slug, name=spec.name, description=spec.description,
                                sensitive=spec.sensitive, regulated=spec.regulated)
            session.add(category)
            added += 1
        else:
            before = (category.name, category.description, category.sensitive, category.regulated)
            after = (spec.name, spec.description, spec.sensitive, spec.regulated)
            was_retired = category.retired_at is not None
            if was_retired:
                category.retired_at = None
                restored += 1
            if before != after:
                category.name, category.description, category.sensitive, category.regulated = after
                updated += 1
            elif not was_retired:
                unchanged += 1
        in_file.append(category)
    wanted = {spec.slug for spec in specs}
    others = [c for c in existing.values() if c.slug not in wanted]
    _renumber([*in_file, *others])
    session.flush()
    if actor is not None or added or updated or restored:
        session.add(AuditEntry(actor_id=actor.id if actor is not None else None, action="categories.imported",
                               target_type="category", target_id=None,
                               detail=f"{added} added, {updated} updated, {restored} restored"))
        session.flush()
    return CategoryImport(added=added, updated=updated, unchanged=unchanged, restored=restored,
                          not_in_file=len(others))


def ensure_default_categories(session: Session) -> int:
    """Load the starter categories (``DEFAULT_CATEGORIES``); returns how many were added."""
    return import_categories(session, specs=DEFAULT_CATEGORIES).added


def list_categories(session: Session) -> list[Category]:
    """Every category, retired ones too, in the order people see them."""
    return _ordered(session)


def category_options(session: Session, *, keep: Iterable[int | None] = ()) -> list[tuple[int, str]]:
    """(id, name) of the categories people may choose, in order; ``keep`` adds retired ones already chosen
    (a post or group that has one keeps it when edited)."""
    kept = {i for i in keep if i is not None}
    query = select(Category.id, Category.name).order_by(Category.position, Category.name)
    query = query.where(Category.retired_at.is_(None) | Category.id.in_(kept)) if kept else query.where(
        Category.retired_at.is_(None)
    )
    return [(category_id, name) for category_id, name in session.execute(query)]


def is_choosable(category: Category, *, current: int | None = None) -> bool:
    """A category a post may be given: not retired, or the one it already has."""
    return category.retired_at is None or category.id == current


def get_category(session: Session, category_id: int) -> Category:
    category = session.get(Category, category_id)
    if category is None:
        raise NotFound(_("Category not found"))
    return category


def _slugify(name: str) -> str:
    """
    >>> _slugify("Lifts & transport (weekends)")
    'lifts-transport-weekends'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:SLUG_MAX].strip("-") or "category"


def _unique_slug(session: Session, name: str) -> str:
    base = _slugify(name)
    taken = set(session.scalars(select(Category.slug).where(Category.slug.like(f"{base[:SLUG_MAX - 4]}%"))))
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug, number = base[: SLUG_MAX - len(suffix)] + suffix, number + 1
    return slug


def _check(session: Session, name: str, description: str, *, other_than: int | None = None) -> None:
    errors = {}
    if not name:
        errors["name"] = _("Enter a name for the category")
    elif len(name) > NAME_MAX:
        errors["name"] = _("The name must be %(max)s characters or fewer", max=NAME_MAX)
    else:
        same = select(Category.id).where(func.lower(Category.name) == name.lower())
        if other_than is not None:
            same = same.where(Category.id != other_than)
        if session.scalar(same) is not None:
            errors["name"] = _("There is already a category called %(name)s", name=name)
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _("The description must be %(max)s characters or fewer", max=DESCRIPTION_MAX)
    if errors:
        raise ValidationFailed(errors)


def create_category(
    session: Session, *, actor: User, name: str, description: str = "", sensitive: bool = False,
    regulated: bool = False,
) -> Category:
    """A new category, last in the list; its slug is made from the name and never changes."""
    _require_admin(actor)
    name, description = (name or "").strip(), (description or "").strip()
    _check(session, name, description)
    last = session.scalar(select(func.max(Category.position))) or 0
    category = Category(slug=_unique_slug(session, name), name=name, description=description,
                        sensitive=sensitive, regulated=regulated, position=last + 1)
    session.add(category)
    session.flush()
    _audit(session, actor, "category.created", category, name)
    session.flush()
    return category


def update_category(
    session: Session, *, actor: User, category_id: int, name: str, description: str, sensitive: bool,
    regulated: bool,
) -> Category:
    """Rename a category or change its description and flags; its slug (and its posts) stay."""
    _require_admin(actor)
    category = get_category(session, category_id)
    name, description = (name or "").strip(), (description or "").strip()
    _check(session, name, description, other_than=category.id)
    changes = []
    if name != category.name:
        changes.append(f"renamed from {category.name} to {name}")
    if sensitive != category.sensitive:
        changes.append("now sensitive" if sensitive else "no longer sensitive")
    if regulated != category.regulated:
        changes.append("now regulated" if regulated else "no longer regulated")
    if description != category.description:
        changes.append("description changed")
    category.name, category.description = name, description
    category.sensitive, category.regulated = sensitive, regulated
    if changes:
        _audit(session, actor, "category.changed", category, "; ".join(changes))
    session.flush()
    return category


def move_category(session: Session, *, actor: User, category_id: int, direction: str) -> Category:
    """Swap a category with its neighbour above (``"up"``) or below (``"down"``) in the list."""
    _require_admin(actor)
    if direction not in ("up", "down"):
        raise ValidationFailed({"direction": _("Choose up or down")})
    ordered = _ordered(session)
    category = get_category(session, category_id)
    index = ordered.index(category)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(ordered)
    session.flush()
    return category


def retire_category(session: Session, *, actor: User, category_id: int) -> Category:
    """Take a category out of every choice; posts and groups that have it keep it."""
    _require_admin(actor)
    category = get_category(session, category_id)
    if category.retired_at is not None:
        raise Conflict(_("%(name)s is already retired", name=category.name))
    category.retired_at = utcnow()
    _audit(session, actor, "category.retired", category, category.name)
    session.flush()
    return category


def restore_category(session: Session, *, actor: User, category_id: int) -> Category:
    _require_admin(actor)
    category = get_category(session, category_id)
    if category.retired_at is None:
        raise Conflict(_("%(name)s is not retired", name=category.name))
    category.retired_at = None
    _audit(session, actor, "category.restored", category, category.name)
    session.flush()
    return category
