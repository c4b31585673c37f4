"""All models, importable from one place so that metadata is complete for Alembic."""

from community.models.activity import AuditEntry, Notification, OutboxEmail, Report
from community.models.groups import (
    DBSCheck,
    Group,
    Membership,
    Partnership,
    group_areas,
    group_categories,
    membership_categories,
)
from community.models.insights import AnalysisRun, Introduction, SearchMiss
from community.models.places import Area, Category, Postcode
from community.models.posts import Need, Offer, Response
from community.models.users import User

__all__ = [
    "AnalysisRun",
    "Area",
    "AuditEntry",
    "Category",
    "DBSCheck",
    "Group",
    "Introduction",
    "Membership",
    "Need",
    "Notification",
    "Offer",
    "OutboxEmail",
    "Partnership",
    "Postcode",
    "Report",
    "Response",
    "SearchMiss",
    "User",
    "group_areas",
    "group_categories",
    "membership_categories",
]
