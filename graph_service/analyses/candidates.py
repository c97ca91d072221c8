"""Who could take a stairwell, or an overloaded member's excess: the candidates domain function.

`stairwell_candidates(db, stairwell_id)` is what `GET /api/v1/candidates?place=…` serves and
what any other caller (a ledger of cases, a notebook) uses: the stairwell's place, then the
people tied to its community (`cover_pool`), ranked by `algorithms.candidates` (the rules are
stated there). `excess_candidates(db, person_id)` does it for each stairwell an overloaded
member would give up first (largest first, as the rebalance plan offers them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_service.algorithms.candidates import Candidate, rank_candidates
from graph_service.algorithms.cover import Capacity, Place
from graph_service.algorithms.rebalance import Load, fewest_to_shed
from graph_service.analyses import limits
from graph_service.analyses.cover_pool import DEFAULT_RECENT_DAYS, Person, read_pool
from graph_service.analyses.projections import key
from graph_service.db.runner import Runner
from graph_service.errors import NotFound


@dataclass(frozen=True)
class StairwellCandidates:
    place: Place
    name: str | None
    liaisons: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    people: dict[str, Person]  # what to show of each candidate


def default_capacity() -> Capacity:
    """The liaison limits of the overloaded-liaisons analysis (wartime places unused here)."""
    return Capacity(
        stairwells=limits.stairwell_limit().default,
        households=limits.household_limit().default,
    )


def stairwell_candidates(
    db: Runner,
    stairwell_id: str,
    capacity: Capacity | None = None,
    recent_days: int = DEFAULT_RECENT_DAYS,
) -> StairwellCandidates:
    """The ranked candidates for one stairwell; NotFound if there is no such stairwell."""
    rows = db.run("candidates/stairwell", {"stairwell_id": stairwell_id})
    if not rows:
        raise NotFound(f"no node named Stairwell:{stairwell_id}")
    row = rows[0]
    place = Place(
        key=key("Stairwell", row["id"]),
        kind="stairwell",
        households=row["households"],
        community_id=row["community_id"],
        grid_id=row["grid_id"],
        building_id=row["building_id"],
        stairwell_id=row["id"],
    )
    community = [place.community_id] if place.community_id else []
    helpers, people = read_pool(db, community, recent_days)
    liaisons = tuple(key("Person", person_id) for person_id in row["liaisons"])
    ranked = rank_candidates(
        place,
        helpers,
        {person for person, shown in people.items() if shown.retired},
        capacity or default_capacity(),
        set(liaisons),
    )
    return StairwellCandidates(
        place=place,
        name=row["name"],
        liaisons=liaisons,
        candidates=tuple(ranked),
        people={c.person: people[c.person] for c in ranked},
    )


def excess_stairwells(
    db: Runner, person_id: str, capacity: Capacity | None = None
) -> tuple[Load, list[str]]:
    """A member's load and the stairwells they would give up first to come within both
    limits (largest first; empty if they are within them); NotFound if no such person."""
    rows = db.run("candidates/excess", {"person_id": person_id})
    if not rows:
        raise NotFound(f"no node named Person:{person_id}")
    capacity = capacity or default_capacity()
    held = sorted(rows[0]["stairwells"], key=lambda s: (-s["households"], s["id"]))
    load = Load(len(held), sum(s["households"] for s in held))
    count = fewest_to_shed(
        [s["households"] for s in held], load, capacity.stairwells, capacity.households
    )
    return load, [s["id"] for s in held[:count]]


@dataclass(frozen=True)
class ExcessCandidates:
    load: Load
    places: list[StairwellCandidates] = field(default_factory=list)


def excess_candidates(
    db: Runner,
    person_id: str,
    capacity: Capacity | None = None,
    recent_days: int = DEFAULT_RECENT_DAYS,
) -> ExcessCandidates:
    """A member's load and the ranked candidates for each stairwell they would give up first
    (none if they are within both limits); NotFound if there is no such person."""
    load, excess = excess_stairwells(db, person_id, capacity)
    return ExcessCandidates(
        load=load,
        places=[
            stairwell_candidates(db, stairwell_id, capacity, recent_days) for stairwell_id in excess
        ],
    )
