"""Where things are: wards and other areas, points and postcodes, blurred public positions and
the categories of help a place uses.

The web app and the maps import from here; modules inside ``community`` import the module that
defines a name."""

from __future__ import annotations

from community.places.areas import (
    ImportResult,
    count_areas_by_kind,
    detect_properties,
    import_areas,
    kind_label,
)
from community.places.categories import (
    DEFAULT_CATEGORIES,
    CategorySpec,
    ensure_default_categories,
)
from community.places.extent import FALLBACK_VIEW, MapView, view_of_bounds, wards_view
from community.places.geo import (
    POLYGON_TYPES,
    Bounds,
    GeometryError,
    area_geometry,
    bounds,
    centre,
    contains,
    find_area,
    load_polygon,
    parse_geometry,
    random_points,
    to_geojson,
)
from community.places.locations import (
    POSTCODE_TYPED_MAX,
    Place,
    PostcodeImport,
    clear_home_location,
    home_place,
    import_postcodes,
    lookup_postcode,
    normalise_postcode,
    postcodes_available,
    resolve_place,
    set_home_location,
    ward_choices,
)
from community.places.privacy import (
    DISTANCE_BANDS,
    MAX_METRES,
    MIN_METRES,
    distance_band,
    metres_between,
    public_position,
)

__all__ = [
    "Bounds",
    "CategorySpec",
    "DEFAULT_CATEGORIES",
    "DISTANCE_BANDS",
    "GeometryError",
    "FALLBACK_VIEW",
    "ImportResult",
    "MAX_METRES",
    "MIN_METRES",
    "MapView",
    "POLYGON_TYPES",
    "POSTCODE_TYPED_MAX",
    "Place",
    "PostcodeImport",
    "area_geometry",
    "bounds",
    "centre",
    "clear_home_location",
    "contains",
    "count_areas_by_kind",
    "detect_properties",
    "distance_band",
    "ensure_default_categories",
    "find_area",
    "home_place",
    "import_areas",
    "import_postcodes",
    "kind_label",
    "load_polygon",
    "lookup_postcode",
    "metres_between",
    "normalise_postcode",
    "parse_geometry",
    "postcodes_available",
    "public_position",
    "random_points",
    "resolve_place",
    "set_home_location",
    "to_geojson",
    "view_of_bounds",
    "ward_choices",
    "wards_view",
]
