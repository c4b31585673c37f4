"""The default taxonomy: its flags, its order, and that ensuring it twice changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from community.models import Category
from community.places.categories import DEFAULT_CATEGORIES, ensure_default_categories


def categories(session) -> list[Category]:
    return session.scalars(select(Category).order_by(Category.position)).all()


def test_the_default_taxonomy_is_added_in_order(session):
    assert ensure_default_categories(session) == len(DEFAULT_CATEGORIES)

    rows = categories(session)
    assert [c.slug for c in rows] == [spec.slug for spec in DEFAULT_CATEGORIES]
    assert 14 <= len(rows) <= 18
    assert all(c.name and c.description and len(c.description) <= 255 for c in rows)


def test_ensuring_twice_adds_nothing_the_second_time(session):
    ensure_default_categories(session)
    assert ensure_default_categories(session) == 0
    assert len(categories(session)) == len(DEFAULT_CATEGORIES)


def test_health_related_help_is_sensitive_and_regulated_activity_needs_a_dbs_check(session):
    ensure_default_categories(session)
    rows = {c.slug: c for c in categories(session)}

    assert {s for s, c in rows.items() if c.sensitive} == {
        "health-support", "prescriptions", "mental-wellbeing", "personal-care",
    }
    assert {s for s, c in rows.items() if c.regulated} == {"personal-care", "childcare"}


def test_dog_walking_is_part_of_pets_not_a_category_of_its_own(session):
    ensure_default_categories(session)
    slugs = {c.slug for c in categories(session)}
    assert "pets" in slugs and not any("dog" in slug for slug in slugs)


def test_ensuring_repairs_changed_flags_and_names_but_keeps_ids_and_extra_categories(session):
    ensure_default_categories(session)
    childcare = session.scalar(select(Category).where(Category.slug == "childcare"))
    childcare_id = childcare.id
    childcare.regulated = False
    childcare.name = "Kids"
    session.add(Category(slug="allotments", name="Allotments", position=99))
    session.delete(session.scalar(select(Category).where(Category.slug == "gardening")))
    session.flush()

    assert ensure_default_categories(session) == 1  # gardening is back

    childcare = session.scalar(select(Category).where(Category.slug == "childcare"))
    assert (childcare.id, childcare.regulated, childcare.name) == (childcare_id, True, "Childcare")
    assert session.scalar(select(Category).where(Category.slug == "allotments")) is not None
