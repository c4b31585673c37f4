"""The demo: a synthetic community on the real Ealing wards, for trying Weave and for load tests.

Split by noun: people, groups, memberships, partnerships, offers, needs (with their responses) and
activity, on a shared :class:`~community.demo.world.World`; :func:`seed_demo` runs them in order.
"""

from community.demo.people import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount
from community.demo.seed import DEMO_REFUSED, SCALES, DemoSummary, Scale, has_council_data, seed_demo

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DEMO_REFUSED",
    "SCALES",
    "DemoAccount",
    "DemoSummary",
    "Scale",
    "has_council_data",
    "seed_demo",
]
