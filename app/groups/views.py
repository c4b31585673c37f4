"""Views for groups, split by noun; importing them registers their routes on the blueprint."""

from app.groups import (  # noqa: F401
    board,
    common,
    directory,
    manage,
    members,
    partners,
    volunteers,
)
