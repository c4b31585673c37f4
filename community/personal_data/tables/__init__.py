"""Every table's registration (``community.personal_data.registry``), one module per feature.

A feature that adds a table adds its registration in a module here and imports it below.
"""

from community.personal_data.tables import (  # noqa: F401
    accounts,
    alerts,
    council,
    directory,
    groups,
    insights,
    places,
    posts,
)
