"""The council's directory of community groups, in and out: published as Open Referral UK, imported from
ORUK or a CSV, claimed by the groups themselves; and the personal API tokens machine clients use.

The web app imports from here; modules inside ``community`` import the module that defines a name.
"""

from __future__ import annotations

from community.directory.ids import ensure_directory_ids
from community.directory.publish import (
    MAX_PER_PAGE,
    ORUK_VERSION,
    ServiceQuery,
    api_info,
    export_services,
    get_service,
    get_taxonomy,
    get_taxonomy_term,
    list_service_at_locations,
    list_services,
    list_taxonomies,
    list_taxonomy_terms,
)

__all__ = [
    "MAX_PER_PAGE",
    "ORUK_VERSION",
    "ServiceQuery",
    "api_info",
    "ensure_directory_ids",
    "export_services",
    "get_service",
    "get_taxonomy",
    "get_taxonomy_term",
    "list_service_at_locations",
    "list_services",
    "list_taxonomies",
    "list_taxonomy_terms",
]
