"""Who could take this stairwell: candidates ranked by stated rules, each with its reasons.

Pure: takes the stairwell (`cover.Place`) and the people tied to its community
(`cover.Helper`, read by `analyses.candidates`) and returns a ranked list. The rules, in order
of rank (a person who meets several is listed once, at the best, with every reason):

1. `lives_in_stairwell`: a party member living in the stairwell (household records);
2. `lives_in_building`: a party member living in the same building;
3. `retired_in_grid`: a retired party member living in the same grid;
4. `liaison_in_grid`: a liaison of the same grid with room under both limits;
5. `active_volunteer`: attended a volunteer activity in the community lately.

Nobody is listed who liaises with the stairwell already, or who would pass the stairwell or
household limit by taking it. Within a rank: fewer stairwells held, then fewer households,
then the person's key.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.algorithms.cover import Capacity, Helper, Place, fits

RULES = (
    "lives_in_stairwell",
    "lives_in_building",
    "retired_in_grid",
    "liaison_in_grid",
    "active_volunteer",
)


@dataclass(frozen=True)
class Candidate:
    person: str
    rank: int  # 1 = best (the first rule it meets)
    reasons: tuple[str, ...]  # every rule it meets, in rule order
    stairwells: int
    households: int


def reasons(place: Place, helper: Helper, retired: bool) -> tuple[str, ...]:
    """The rules `helper` meets for `place` (in rule order; empty: not a candidate)."""
    met = set()
    for tie in helper.ties:
        if tie.kind == "resident":
            if tie.stairwell_id is not None and tie.stairwell_id == place.stairwell_id:
                met.add("lives_in_stairwell")
            if tie.building_id is not None and tie.building_id == place.building_id:
                met.add("lives_in_building")
            if retired and tie.grid_id is not None and tie.grid_id == place.grid_id:
                met.add("retired_in_grid")
        elif tie.kind == "liaison" and tie.grid_id is not None and tie.grid_id == place.grid_id:
            met.add("liaison_in_grid")
        elif tie.kind == "volunteer" and tie.community_id == place.community_id:
            met.add("active_volunteer")
    return tuple(rule for rule in RULES if rule in met)


def rank_candidates(
    place: Place,
    helpers: list[Helper],
    retired: set[str],
    capacity: Capacity,
    liaisons: set[str] | frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Candidates for a stairwell, ranked by the module's rules.

    Parameters
    ----------
    place : the stairwell (kind "stairwell", with its building, grid and community).
    helpers : people tied to its community; residents' ties are of kind "resident" (party
        members only), liaisons' of kind "liaison", active volunteers' of kind "volunteer".
    retired : keys of the retired members among them.
    capacity : the stairwell and household limits (a candidate must stay within both).
    liaisons : who liaises with the stairwell now (never listed).

    Example
    -------
    >>> from graph_service.algorithms.cover import Tie
    >>> s = Place("Stairwell:S1", "stairwell", 10, "C1", "G1", "B1", "S1")
    >>> home = Helper("Person:A", (Tie("resident", "C1", "G1", "B1", "S1"),))
    >>> [c.reasons for c in rank_candidates(s, [home], set(), Capacity())]
    [('lives_in_stairwell', 'lives_in_building')]
    """
    found = []
    for helper in helpers:
        if helper.key in liaisons or not fits(place, helper, capacity):
            continue
        met = reasons(place, helper, helper.key in retired)
        if met:
            found.append(
                Candidate(
                    helper.key,
                    RULES.index(met[0]) + 1,
                    met,
                    len(helper.stairwells),
                    helper.households,
                )
            )
    return sorted(found, key=lambda c: (c.rank, c.stairwells, c.households, c.person))
