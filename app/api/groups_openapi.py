"""The OpenAPI description of the groups API (``app.api.groups``): paths and schemas."""

from __future__ import annotations

from community.models.groups import GROUP_KINDS, MEMBERSHIP_ROLES, PARTNERSHIP_KINDS

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _responses(ok: str, ref: str | None, *errors: int, status: str = "200") -> dict:
    described = {
        400: "The body is not what this endpoint expects",
        401: "Not signed in",
        403: "Signed in, but not allowed (for example, not a coordinator of this group)",
        404: "No such group (or member, or partnership, in this group)",
        409: "Not possible in the current state (for example, the last coordinator leaving)",
        422: "Details that break a rule; errors has one message per field",
    }
    responses = {status: {"description": ok, **({"content": _json(ref)} if ref else {})}}
    for code in errors:
        responses[str(code)] = {"description": described[code], "content": _PROBLEM}
    return responses


def _id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}, "description": what}


GROUP = _id("group_id", "The group")
MEMBERSHIP = _id("membership_id", "A membership of this group")
PARTNERSHIP = _id("partnership_id", "A partnership this group is part of")
TAGS = ["groups"]

GROUP_SCHEMAS = {
    "Group": {
        "type": "object",
        "description": "A community group's public listing. Never includes members' personal details.",
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"},
            "url": {"type": "string"}, "kind": {"type": "string", "enum": list(GROUP_KINDS)},
            "kind_label": {"type": "string"}, "description": {"type": "string"},
            "categories": {"type": "array", "items": {"type": "object"}},
            "areas": {"type": "array", "items": {"type": "object"}},
            "has_drawn_area": {"type": "boolean"},
            "drawn_area": {"type": ["object", "null"], "description": "GeoJSON geometry (detail only)"},
            "base": {"type": ["object", "null"]},
            "contact": {"type": "object"},
            "verified": {"type": "boolean"},
            "assured_on": {"type": ["string", "null"], "format": "date"},
            "assurance": {"type": "string", "enum": ["current", "due", "lapsed", "stale"]},
            "stale": {"type": "boolean"},
            "partners": {"type": "array", "items": {"type": "object"}, "description": "Detail only"},
        },
    },
    "GroupDetails": {
        "type": "object",
        "description": "What a coordinator sets. On PATCH, fields left out keep their values.",
        "properties": {
            "name": {"type": "string"}, "description": {"type": "string"},
            "kind": {"type": "string", "enum": list(GROUP_KINDS)},
            "contact_email": {"type": "string"}, "contact_phone": {"type": "string"},
            "website": {"type": "string"}, "base_postcode": {"type": "string"},
            "base_area_id": {"type": ["integer", "null"]},
            "category_ids": {"type": "array", "items": {"type": "integer"}},
            "area_ids": {"type": "array", "items": {"type": "integer"}, "description": "Ward ids"},
            "drawn_area": {"type": ["object", "string", "null"],
                           "description": "A GeoJSON Polygon or MultiPolygon (geometry, Feature or "
                           "FeatureCollection) inside or overlapping the council's area"},
        },
    },
    "Membership": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "user": {"type": "object"},
            "role": {"type": "string", "enum": list(MEMBERSHIP_ROLES)}, "status": {"type": "string"},
            "availability": {"type": "string"}, "categories": {"type": "array", "items": {"type": "string"}},
            "requested_at": {"type": "string", "format": "date-time"},
        },
    },
    "Partnership": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "kind": {"type": "string", "enum": list(PARTNERSHIP_KINDS)},
            "status": {"type": "string"}, "group_ids": {"type": "array", "items": {"type": "integer"}},
            "proposed_by_group_id": {"type": ["integer", "null"]},
            "note": {"type": "string", "description": "Only for the two groups' coordinators"},
        },
    },
}

GROUP_PATHS = {
    "/groups": {
        "get": {
            "summary": "Find groups", "tags": TAGS,
            "parameters": [
                {"name": "ward", "in": "query", "schema": {"type": "integer"}},
                {"name": "category", "in": "query", "schema": {"type": "string"}},
                {"name": "kind", "in": "query", "schema": {"type": "string", "enum": list(GROUP_KINDS)}},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "maximum": 100}},
            ],
            "responses": {"200": {"description": "A page of groups, by name"}},
        },
        "post": {
            "summary": "Create a group (you become its first coordinator)", "tags": TAGS,
            "requestBody": {"required": True, "content": _json("GroupDetails")},
            "responses": _responses("The new group", "Group", 400, 401, 422, status="201"),
        },
    },
    "/groups/{group_id}": {
        "parameters": [GROUP],
        "get": {"summary": "A group's public listing", "tags": TAGS,
                "responses": _responses("The group", "Group", 404)},
        "patch": {"summary": "Change a group's details (coordinators)", "tags": TAGS,
                  "requestBody": {"required": True, "content": _json("GroupDetails")},
                  "responses": _responses("The group", "Group", 400, 401, 403, 404, 422)},
    },
    "/groups/{group_id}/confirm": {
        "parameters": [GROUP],
        "post": {"summary": "Confirm the details are still right (coordinators)", "tags": TAGS,
                 "responses": _responses("The group, assured today", "Group", 401, 403, 404)},
    },
    "/groups/{group_id}/verification": {
        "parameters": [GROUP],
        "put": {"summary": "Mark the group verified (connectors)", "tags": TAGS,
                "responses": _responses("The group", "Group", 401, 403, 404)},
        "delete": {"summary": "Remove the verification (connectors)", "tags": TAGS,
                   "responses": _responses("The group", "Group", 401, 403, 404)},
    },
    "/groups/{group_id}/memberships": {
        "parameters": [GROUP],
        "get": {"summary": "Members, or requests to join with status=pending (coordinators only)",
                "tags": TAGS,
                "parameters": [{"name": "status", "in": "query",
                                "schema": {"type": "string", "enum": ["active", "pending"]}}],
                "responses": _responses("Memberships", None, 401, 403, 404)},
        "post": {"summary": "Ask to join the group", "tags": TAGS,
                 "responses": _responses("Your pending membership", "Membership", 401, 403, 404, 409,
                                         status="201")},
    },
    "/groups/{group_id}/membership": {
        "parameters": [GROUP],
        "delete": {"summary": "Leave the group, or withdraw your request (the last coordinator cannot)",
                   "tags": TAGS, "responses": _responses("Your membership", "Membership", 401, 404, 409)},
    },
    "/groups/{group_id}/memberships/{membership_id}": {
        "parameters": [GROUP, MEMBERSHIP],
        "patch": {"summary": "Change a member's role (coordinators)", "tags": TAGS,
                  "requestBody": {"content": {"application/json": {"schema": {
                      "type": "object", "properties": {"role": {"type": "string",
                                                                "enum": list(MEMBERSHIP_ROLES)}}}}}},
                  "responses": _responses("The membership", "Membership", 400, 401, 403, 404, 409, 422)},
        "delete": {"summary": "Remove a member (coordinators)", "tags": TAGS,
                   "responses": _responses("The membership", "Membership", 401, 403, 404, 409, 422)},
    },
    "/groups/{group_id}/memberships/{membership_id}/approve": {
        "parameters": [GROUP, MEMBERSHIP],
        "post": {"summary": "Approve a request to join (coordinators)", "tags": TAGS,
                 "responses": _responses("The membership", "Membership", 401, 403, 404, 409)},
    },
    "/groups/{group_id}/memberships/{membership_id}/decline": {
        "parameters": [GROUP, MEMBERSHIP],
        "post": {"summary": "Decline a request to join (coordinators)", "tags": TAGS,
                 "responses": _responses("The membership", "Membership", 401, 403, 404, 409)},
    },
    "/groups/{group_id}/partnerships": {
        "parameters": [GROUP],
        "get": {"summary": "Partnerships: active ones for everyone; all, with notes, for its coordinators",
                "tags": TAGS, "responses": _responses("Partnerships", None, 404)},
        "post": {"summary": "Propose a partnership to another group (coordinators)", "tags": TAGS,
                 "requestBody": {"required": True, "content": {"application/json": {"schema": {
                     "type": "object", "required": ["group_id", "kind"],
                     "properties": {"group_id": {"type": "integer"},
                                    "kind": {"type": "string", "enum": list(PARTNERSHIP_KINDS)},
                                    "note": {"type": "string", "maxLength": 500}}}}}},
                 "responses": _responses("The proposal", "Partnership", 400, 401, 403, 404, 409, 422,
                                         status="201")},
    },
    **{
        f"/groups/{{group_id}}/partnerships/{{partnership_id}}/{action}": {
            "parameters": [GROUP, PARTNERSHIP],
            "post": {"summary": summary, "tags": TAGS,
                     "responses": _responses("The partnership", "Partnership", 401, 403, 404, 409)},
        }
        for action, summary in (
            ("accept", "Accept a proposal from another group (coordinators)"),
            ("decline", "Decline a proposal from another group (coordinators)"),
            ("end", "End a partnership, or withdraw your own proposal (coordinators)"),
        )
    },
}
