"""The council's directory of community groups, in and out: published as Open Referral UK, imported from
ORUK or a CSV, claimed by the groups themselves; and the personal API tokens machine clients use.

The web app imports from here; modules inside ``community`` import the module that defines a name.
"""

from __future__ import annotations

from community.directory.claims import (
    approve_claim,
    claim_listing,
    claimable,
    decline_claim,
    pending_claims,
)
from community.directory.ids import MissingIds, ensure_directory_ids, ids_complete
from community.directory.importing import ImportPlan, Mapping, apply_import, plan_import, read_mapping
from community.directory.publish import (
    MAX_PER_PAGE,
    ORUK_VERSION,
    ServiceQuery,
    api_info,
    export_document,
    export_services,
    get_service,
    get_taxonomy,
    get_taxonomy_term,
    list_service_at_locations,
    list_services,
    list_taxonomies,
    list_taxonomy_terms,
)
from community.directory.sources import (
    CSV_COLUMNS,
    DirectoryProblems,
    Listing,
    fetch_directory,
    read_directory,
)
from community.directory.tokens import create_api_token, list_api_tokens, revoke_api_token, user_for_token

__all__ = [
    "MissingIds",
    "CSV_COLUMNS",
    "DirectoryProblems",
    "ImportPlan",
    "Listing",
    "Mapping",
    "apply_import",
    "approve_claim",
    "claim_listing",
    "claimable",
    "create_api_token",
    "decline_claim",
    "fetch_directory",
    "list_api_tokens",
    "pending_claims",
    "plan_import",
    "read_directory",
    "read_mapping",
    "revoke_api_token",
    "user_for_token",
    "MAX_PER_PAGE",
    "ORUK_VERSION",
    "ServiceQuery",
    "api_info",
    "ensure_directory_ids",
    "ids_complete",
    "export_document",
    "export_services",
    "get_service",
    "get_taxonomy",
    "get_taxonomy_term",
    "list_service_at_locations",
    "list_services",
    "list_taxonomies",
    "list_taxonomy_terms",
]
