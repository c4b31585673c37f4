"""Alerts and digests by email: subscriptions (``subscriptions``) and the runs that send them (``runs``)."""

from community.alerts.feeds import FEED_SIZE, Feed, FeedEntry, public_feed
from community.alerts.runs import (
    PERIODS,
    AlertEmail,
    AlertItem,
    CoverageChange,
    RunResult,
    Writer,
    run_alerts,
    send_alerts,
)
from community.alerts.subscriptions import (
    DIGESTS,
    MAX_SUBSCRIPTIONS,
    RADIUS_CHOICES_KM,
    Digest,
    create_subscription,
    delete_subscription,
    digests_for,
    list_subscriptions,
    set_digest,
    unsubscribe,
    unsubscribe_key,
)

__all__ = [
    "FEED_SIZE",
    "Feed",
    "FeedEntry",
    "public_feed",
    "PERIODS",
    "AlertEmail",
    "AlertItem",
    "CoverageChange",
    "RunResult",
    "Writer",
    "send_alerts",
    "run_alerts",
    "DIGESTS",
    "MAX_SUBSCRIPTIONS",
    "RADIUS_CHOICES_KM",
    "Digest",
    "create_subscription",
    "delete_subscription",
    "digests_for",
    "list_subscriptions",
    "set_digest",
    "unsubscribe",
    "unsubscribe_key",
]
