"""The default taxonomy of help: what residents can offer and ask for.

``sensitive`` marks health-related help: shown on public maps only in aggregate, posted only with
explicit consent, and visible to groups rather than the public by default.

``regulated`` marks help that is *regulated activity* under the Safeguarding Vulnerable Groups Act
2006 (as amended by the Protection of Freedoms Act 2012): only a volunteer whose group has seen an
unexpired enhanced DBS check with a barred-list check may take it on. The reason is given beside each.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.models import Category

__all__ = ["CategorySpec", "DEFAULT_CATEGORIES", "ensure_default_categories"]


@dataclass(frozen=True, slots=True)
class CategorySpec:
    slug: str
    name: str
    description: str
    sensitive: bool = False
    regulated: bool = False


DEFAULT_CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "food-and-shopping",
        "Food and shopping",
        "Picking up groceries or essentials, collecting a food bank parcel, sharing surplus food.",
    ),
    CategorySpec(
        "cooked-meals",
        "Cooked meals",
        "A hot meal for someone who cannot cook for themselves for a while, or a seat at a community lunch.",
    ),
    CategorySpec(
        # Not regulated as a one-off lift. Regularly driving someone who needs it because of age,
        # illness or disability to healthcare appointments can be ("conveying"), so groups that run
        # a hospital transport rota should check their volunteers themselves.
        "lifts-and-transport",
        "Lifts and transport",
        "A lift to the shops, an appointment or an event, or company on the bus for someone unsure "
        "travelling alone.",
    ),
    CategorySpec(
        "befriending",
        "Befriending",
        "A regular friendly phone call, a visit or a walk together for someone who is lonely or isolated.",
    ),
    CategorySpec(
        "health-support",
        "Health support",
        "Company at an appointment, settling back in after a hospital stay, checking in on someone unwell.",
        sensitive=True,
    ),
    CategorySpec(
        "prescriptions",
        "Prescriptions collection",
        "Collecting medicines from a pharmacy and dropping them off for someone who cannot get there.",
        sensitive=True,
    ),
    CategorySpec(
        "mental-wellbeing",
        "Mental wellbeing",
        "Someone to talk to, a peer support group, or help finding the right service. Not a crisis "
        "service: in an emergency call 999, or NHS 111 and choose the mental health option.",
        sensitive=True,
    ),
    CategorySpec(
        # Regulated: personal care (help with washing, dressing, eating, toileting) for an adult who
        # needs it because of age, illness or disability is regulated activity with adults.
        "personal-care",
        "Personal care",
        "Help with washing, dressing or eating, from a volunteer with an up-to-date enhanced DBS check.",
        sensitive=True,
        regulated=True,
    ),
    CategorySpec(
        "digital-help",
        "Digital help",
        "Setting up a phone or tablet, video calls with family, booking a GP appointment online.",
    ),
    CategorySpec(
        "household-and-diy",
        "Household and DIY",
        "Small repairs, putting up shelves, changing a light bulb, moving furniture, bleeding radiators.",
    ),
    CategorySpec(
        "gardening",
        "Gardening",
        "Mowing, weeding, clearing leaves, or sharing tools and cuttings with neighbours.",
    ),
    CategorySpec(
        # Dog walking is part of this: one category, so offers and needs about animals meet.
        "pets",
        "Pets and dog walking",
        "Walking a dog, feeding a cat while someone is in hospital, a lift to the vet.",
    ),
    CategorySpec(
        # Regulated: caring for or supervising children without a parent present is regulated
        # activity with children when it happens regularly, so every childcare volunteer is checked.
        "childcare",
        "Childcare",
        "School pick-ups, babysitting or holiday play, from volunteers with an enhanced DBS check.",
        regulated=True,
    ),
    CategorySpec(
        "forms-and-admin",
        "Forms and admin",
        "Help with letters, benefit or council forms, bills and phone calls to organisations.",
    ),
    CategorySpec(
        "translation",
        "Translation and interpreting",
        "Explaining a letter, or interpreting informally at a non-medical appointment, in a "
        "community language.",
    ),
    CategorySpec(
        "english-conversation",
        "English conversation",
        "Relaxed conversation practice for people learning English, one to one or in a small group.",
    ),
)


def ensure_default_categories(session: Session) -> int:
    """Add any default category that is missing (by slug) and bring existing ones up to date.

    Returns how many were added; safe to run any number of times.
    """
    existing = {c.slug: c for c in session.scalars(select(Category))}
    added = 0
    for position, spec in enumerate(DEFAULT_CATEGORIES, start=1):
        category = existing.get(spec.slug)
        if category is None:
            category = Category(slug=spec.slug)
            session.add(category)
            added += 1
        category.name = spec.name
        category.description = spec.description
        category.sensitive = spec.sensitive
        category.regulated = spec.regulated
        category.position = position
    session.flush()
    return added
