"""`/api/v1/candidates`: who could take a stairwell, or an overloaded member's excess.

The ranking rules are stated in `graph_service.algorithms.candidates` and in the endpoint's
description; phones are masked (`auth.masking`). It needs `plans:plan`, as the rebalance plan
whose gaps it fills does. An account limited to a place asks about stairwells and members of
its place, and sees the candidates of its place (the people ranked are read from the
stairwell's community, so for a street or community account that is all of them).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from graph_service.algorithms.candidates import RULES
from graph_service.algorithms.cover import Capacity
from graph_service.analyses.candidates import (
    StairwellCandidates,
    excess_candidates,
    stairwell_candidates,
)
from graph_service.api.dependencies import GraphDb
from graph_service.api.load_parameters import (
    HOUSEHOLD_LIMIT,
    RECENT_DAYS,
    STAIRWELL_LIMIT,
    HouseholdLimit,
    RecentDays,
    StairwellLimit,
    node_id,
)
from graph_service.auth.accounts import Principal
from graph_service.auth.policy import requires
from graph_service.auth.scope import Scope, check_in_scope, scope_of
from graph_service.errors import BadRequest

router = APIRouter(prefix="/api/v1", tags=["plans"])


class CandidateOut(BaseModel):
    person_key: str
    name: str | None
    phone: str | None = Field(description="masked")
    rank: int = Field(description="1 = best: the first rule the person meets")
    reasons: list[str] = Field(description=f"rules met, of {', '.join(RULES)}")
    stairwells: int
    households: int


class PlaceCandidates(BaseModel):
    place_key: str
    name: str | None
    households: int
    grid_id: str | None
    community_id: str | None
    liaisons: list[str]
    candidates: list[CandidateOut]


class CandidatesOut(BaseModel):
    person_key: str | None = Field(None, description="the overloaded member asked about")
    stairwells: int | None = None
    households: int | None = None
    places: list[PlaceCandidates]
    rules: list[str]


@router.get(
    "/candidates",
    response_model=CandidatesOut,
    responses={404: {}, 422: {}, 503: {}},
)
def candidates(
    request: Request,
    db: GraphDb,
    who: Annotated[Principal | None, requires("plans:plan", scoped=True)],
    place: Annotated[str | None, Query(description="a Stairwell key, e.g. Stairwell:S0001")] = None,
    person: Annotated[
        str | None, Query(description="a Person key: candidates for each stairwell of their excess")
    ] = None,
    stairwell_limit: StairwellLimit = STAIRWELL_LIMIT,
    household_limit: HouseholdLimit = HOUSEHOLD_LIMIT,
    recent_days: RecentDays = RECENT_DAYS,
) -> CandidatesOut:
    """Who could take this stairwell (or each stairwell an overloaded member should give up
    first, largest first), ranked: 1 a party member living in the stairwell, 2 in its
    building, 3 a retired member living in its grid, 4 a liaison of its grid with room, 5 a
    volunteer active in its community lately. Listed once at the best rank with every reason;
    nobody who liaises with it already or would pass a limit by taking it; within a rank,
    fewer stairwells, then fewer households, then key."""
    if (place is None) == (person is None):
        raise BadRequest("name either place=Stairwell:… or person=Person:…", parameter="place")
    capacity = Capacity(stairwells=stairwell_limit, households=household_limit)
    scope = scope_of(request, who, db)
    if place is not None:
        stairwell_id = node_id(place, "Stairwell", "place")
        check_in_scope(scope, [place], "place")
        found = stairwell_candidates(db, stairwell_id, capacity, recent_days)
        return CandidatesOut(places=[_render(found, scope)], rules=list(RULES))
    assert person is not None
    person_id = node_id(person, "Person", "person")
    check_in_scope(scope, [person], "person")
    excess = excess_candidates(db, person_id, capacity, recent_days)
    return CandidatesOut(
        person_key=person,
        stairwells=excess.load.stairwells,
        households=excess.load.households,
        places=[_render(found, scope) for found in excess.places if scope.allows(found.place.key)],
        rules=list(RULES),
    )


# The ledger's cases a candidates list answers: an uncovered stairwell (who could take it) and
# an overloaded member (who could take their excess), by rule, with the query parameter.
CASE_QUESTIONS = {"uncovered_stairwell": "place", "overloaded_liaison": "person"}


def case_link(rule: str, entity: str) -> str | None:
    """Where to ask who could take a ledger case's place or excess; None for other rules."""
    parameter = CASE_QUESTIONS.get(rule)
    return f"/api/v1/candidates?{urlencode({parameter: entity}, safe=':')}" if parameter else None


def _render(found: StairwellCandidates, scope: Scope) -> PlaceCandidates:
    return PlaceCandidates(
        place_key=found.place.key,
        name=found.name,
        households=found.place.households,
        grid_id=found.place.grid_id,
        community_id=found.place.community_id,
        liaisons=list(found.liaisons),
        candidates=[
            CandidateOut(
                person_key=c.person,
                name=found.people[c.person].name,
                phone=found.people[c.person].phone,
                rank=c.rank,
                reasons=list(c.reasons),
                stairwells=c.stairwells,
                households=c.households,
            )
            for c in found.candidates
            if scope.allows(c.person)
        ],
    )
