"""Places hold nothing about anyone."""

from community.personal_data.registry import no_personal_data

no_personal_data("areas", "postcodes", why="boundaries and postcode centres of the council's area")
no_personal_data("categories", why="the categories of help a council offers")
no_personal_data("council_settings", why="the council's own name")
no_personal_data("search_misses", why="anonymous by design: a ward, a category and a day, with no person")
