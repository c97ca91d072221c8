"""Query parameters shared by the endpoints that place people (drill, candidates): the load
limits (defaults and ranges from the overloaded-liaisons analysis), the volunteer window, and
a node key of one label."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from graph_service.analyses import limits
from graph_service.analyses.cover_pool import DEFAULT_RECENT_DAYS
from graph_service.analyses.projections import split_key
from graph_service.errors import BadRequest

_STAIRWELLS, _HOUSEHOLDS = limits.stairwell_limit(), limits.household_limit()
STAIRWELL_LIMIT, HOUSEHOLD_LIMIT = _STAIRWELLS.default, _HOUSEHOLDS.default

StairwellLimit = Annotated[
    int, Query(ge=1, le=_STAIRWELLS.high, description=_STAIRWELLS.description)
]
HouseholdLimit = Annotated[
    int, Query(ge=1, le=_HOUSEHOLDS.high, description=_HOUSEHOLDS.description)
]
RecentDays = Annotated[
    int, Query(ge=1, le=3650, description="a volunteer is active within this many days")
]
RECENT_DAYS = DEFAULT_RECENT_DAYS


def node_id(text: str, label: str, parameter: str) -> str:
    """The id in a key like `Stairwell:S0001`; BadRequest naming `parameter` if `text` is not
    a key of `label`."""
    try:
        found, found_id = split_key(text)
    except ValueError:
        raise BadRequest(
            f"{parameter}: {text!r} is not a key like {label}:…", parameter=parameter
        ) from None
    if found != label:
        raise BadRequest(f"{parameter}: takes {label} keys, not {found}", parameter=parameter)
    return found_id
