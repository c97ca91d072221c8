"""Covering dark places: who takes each stairwell, building or checkpoint a drill darkens.

Pure functions on plain records (read by `analyses.drill`): the places that went dark and the
people still there, each placed by their ties (where they liaise, live, head a building, hold
a wartime place, lead a grid, volunteered lately). `cover_plan` proposes one person per place,
nearest first, within each person's capacity, by min-cost flow; nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

PlaceKind = Literal["stairwell", "building", "checkpoint"]
# Nearness, finest first: the level at which a person's ties meet the place.
NEARNESS = ("stairwell", "building", "grid", "community")
_SOURCE, _SINK = ("source",), ("sink",)
# Each round offers a place to its CHOICES best people who still fit (nearest, least loaded,
# lowest key): the flow stays small on a street with hundreds of people per community, and a
# place whose choices fill up is offered the next ones in the next round.
CHOICES = 4


@dataclass(frozen=True)
class Tie:
    """Where one of a person's links places them (None where the link is coarser)."""

    kind: str  # liaison, resident, building_head, wartime, grid_leader, volunteer
    community_id: str | None
    grid_id: str | None = None
    building_id: str | None = None
    stairwell_id: str | None = None


@dataclass(frozen=True)
class Place:
    """A place to cover, with its chain (`building_id` of a stairwell is its building)."""

    key: str
    kind: PlaceKind
    households: int = 0
    community_id: str | None = None
    grid_id: str | None = None
    building_id: str | None = None
    stairwell_id: str | None = None


@dataclass(frozen=True)
class Helper:
    """A person who could cover: their ties and what they hold already."""

    key: str
    ties: tuple[Tie, ...]
    stairwells: frozenset[str] = frozenset()
    households: int = 0
    wartime_places: int = 0
    roles: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Capacity:
    """How much one person may hold after the cover: wartime places (buildings and checkpoints,
    assigned or headed) and stairwells and households (the liaison limits)."""

    wartime_places: int = 4
    stairwells: int = 3
    households: int = 54


@dataclass(frozen=True)
class Assignment:
    place: str
    person: str
    nearness: str  # one of NEARNESS


@dataclass(frozen=True)
class Cover:
    assignments: tuple[Assignment, ...]
    uncovered: dict[str, tuple[str, str]]  # place -> (reason code, sentence)


def nearness(place: Place, helper: Helper) -> int | None:
    """The finest level (index in NEARNESS) at which one of `helper`'s ties meets `place`, or
    None if none is in the place's community."""
    best: int | None = None
    for tie in helper.ties:
        for level, (mine, theirs) in enumerate(
            (
                (place.stairwell_id, tie.stairwell_id),
                (place.building_id, tie.building_id),
                (place.grid_id, tie.grid_id),
                (place.community_id, tie.community_id),
            )
        ):
            if mine is not None and mine == theirs:
                best = level if best is None else min(best, level)
                break
    return best


def _reach(helper: Helper) -> tuple[frozenset[str], ...]:
    """The stairwells, buildings, grids and communities `helper`'s ties name, finest first."""
    found = []
    for level in NEARNESS:
        ids = (getattr(tie, f"{level}_id") for tie in helper.ties)
        found.append(frozenset(place_id for place_id in ids if place_id is not None))
    return tuple(found)


def fits(place: Place, helper: Helper, capacity: Capacity, taken: int = 0) -> bool:
    """Whether `helper` may take `place` on top of what they hold (and `taken` more places of
    the same kind this plan gave them already; stairwells are checked one at a time)."""
    if place.kind == "stairwell":
        return (
            place.stairwell_id not in helper.stairwells
            and len(helper.stairwells) + taken + 1 <= capacity.stairwells
            and helper.households + place.households <= capacity.households
        )
    return helper.wartime_places + taken + 1 <= capacity.wartime_places


def cover_plan(places: list[Place], helpers: list[Helper], capacity: Capacity) -> Cover:
    """One person for each dark place, nearest first, within everyone's capacity.

    Each place needs one person, so a plan covering k places makes exactly k assignments,
    the fewest possible; a max-flow min-cost flow covers as many places as capacities allow
    and, among those plans, minimises the summed nearness (same stairwell 0, building 1,
    grid 2, community 3: a place is only offered to people of its own community), then evens
    loads (each further place costs the person's new load), then takes the lower person key
    on a tie, so the same graph always gets the same plan. Wartime places (buildings and
    checkpoints) count against `capacity.wartime_places`; stairwells against the stairwell
    and household limits. Households make stairwells different in size, so stairwells are
    placed in rounds, one per person per round (each an exact flow), as the rebalance plan
    does. Each round offers a place only to its `CHOICES` best people who still fit (nearest,
    then least loaded, then lowest key), which keeps the flow small; a place left over is
    offered the next people in the next round, until no place can be covered.

    Parameters
    ----------
    places : the places to cover.
    helpers : the people who may cover (those taken out must not be among them).
    capacity : what one person may hold in all, counting what they hold already.

    Returns
    -------
    Cover: the assignments (sorted by place) and, for each place left uncovered, a reason:
    `too_big` (a stairwell with more households than the limit), `no_one_near` (nobody left
    in its community) or `all_full` (everyone near is at capacity).

    Example
    -------
    >>> b = Place("Building:B1", "building", community_id="C1", grid_id="G1", building_id="B1")
    >>> near = Helper("Person:P1", (Tie("liaison", "C1", "G1", "B1", "S1"),))
    >>> far = Helper("Person:P2", (Tie("volunteer", "C1"),))
    >>> [a.person for a in cover_plan([b], [far, near], Capacity()).assignments]
    ['Person:P1']

    Reference: R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows" (1993), ch. 9-10;
    networkx.max_flow_min_cost.
    """
    people = {helper.key: helper for helper in helpers}
    order = {person: index for index, person in enumerate(sorted(people))}
    # Who each stairwell, building, grid and community reaches, in key order.
    index: list[dict[str, list[Helper]]] = [{} for _ in NEARNESS]
    for helper in sorted(helpers, key=lambda h: h.key):
        for level, ids in enumerate(_reach(helper)):
            for place_id in ids:
                index[level].setdefault(place_id, []).append(helper)
    open_places = sorted(places, key=lambda place: place.key)

    def options(place: Place) -> Iterator[tuple[int, Helper]]:
        """Everyone near `place`, nearest first, each once at their nearest level."""
        seen: set[str] = set()
        for level, name in enumerate(NEARNESS):
            own = getattr(place, f"{name}_id")
            for helper in index[level].get(own, []) if own is not None else []:
                if helper.key not in seen:
                    seen.add(helper.key)
                    yield level, helper

    taken: dict[tuple[str, str], int] = {}  # (person, "stairwell"|"wartime") -> places given
    held_households = {helper.key: helper.households for helper in helpers}
    assignments: list[Assignment] = []
    # Per assignment, one step of nearness outweighs any load, one unit of load any tie-break.
    unit = (len(people) + 1) * (len(open_places) + 1)
    step = (2 + max(capacity.wartime_places, capacity.stairwells)) * unit
    for _ in range(len(open_places) + 1):
        flow = nx.DiGraph()
        flow.add_node(_SOURCE)
        flow.add_node(_SINK)
        resources: set[tuple[str, str]] = set()
        levels: dict[tuple[str, str], int] = {}
        for place in open_places:
            flow.add_node(place.key)
            kind = "stairwell" if place.kind == "stairwell" else "wartime"
            fitting: list[tuple[int, int, int, Helper]] = []
            for level, helper in options(place):
                if len(fitting) >= CHOICES and level > fitting[-1][0]:
                    break  # enough choices at nearer levels: farther people cannot beat them
                now = _now(helper, held_households[helper.key])
                given = taken.get((helper.key, kind), 0)
                if fits(place, now, capacity, given):
                    fitting.append((level, _load(now, kind, given), order[helper.key], helper))
            for level, _, tie_break, helper in sorted(fitting, key=lambda o: o[:3])[:CHOICES]:
                # The edge carries nearness and the tie-break; the load is paid on the slots.
                flow.add_edge(
                    place.key, (kind, helper.key), capacity=1, weight=level * step + tie_break
                )
                resources.add((kind, helper.key))
                levels[(place.key, helper.key)] = level
        for kind, person in sorted(resources):
            helper, given = people[person], taken.get((person, kind), 0)
            if kind == "stairwell":  # one per round: its households were checked above
                load = len(helper.stairwells) + given
                flow.add_edge((kind, person), _SINK, capacity=1, weight=load * unit)
                continue
            for extra in range(capacity.wartime_places - helper.wartime_places - given):
                slot = ("slot", person, extra)
                load = helper.wartime_places + given + extra
                flow.add_edge((kind, person), slot, capacity=1, weight=load * unit)
                flow.add_edge(slot, _SINK, capacity=1, weight=0)
        if not resources:
            break
        solution = _solve(flow, {place.key for place in open_places}, skip=5 * step)
        made = [
            (place, target[1], target[0])
            for place in open_places
            for target, amount in solution.get(place.key, {}).items()
            if amount > 0 and target != _SINK
        ]
        if not made:
            break
        for place, person, kind in made:
            taken[(person, kind)] = taken.get((person, kind), 0) + 1
            if kind == "stairwell":
                held_households[person] += place.households
            assignments.append(Assignment(place.key, person, NEARNESS[levels[(place.key, person)]]))
        covered = {place.key for place, _, _ in made}
        open_places = [place for place in open_places if place.key not in covered]
        if not open_places:
            break
    assignments.sort(key=lambda assignment: assignment.place)
    return Cover(
        assignments=tuple(assignments),
        uncovered={place.key: _why(place, helpers, capacity) for place in open_places},
    )


def _solve(flow: nx.DiGraph, places: set[str], skip: int) -> dict[Any, dict[Any, int]]:
    """Min-cost flow of one unit from every place, solved per connected part (places that
    share no one are independent, and network simplex is much faster on small graphs). Each
    place may also go straight to the sink at cost `skip`, dearer than any real assignment,
    so the flow covers as many places as it can: a max-flow min-cost flow without the
    separate max-flow pass."""
    middle = flow.subgraph(node for node in flow if node not in (_SOURCE, _SINK))
    solution: dict[Any, dict[Any, int]] = {}
    for component in nx.weakly_connected_components(middle):
        starts = sorted(node for node in component if node in places)
        if not starts:
            continue
        part = nx.DiGraph()
        part.add_node(_SOURCE, demand=-len(starts))
        part.add_node(_SINK, demand=len(starts))
        for node in component:
            for target, data in flow[node].items():
                part.add_edge(node, target, **data)
        for place in starts:
            part.add_edge(_SOURCE, place, capacity=1, weight=0)
            part.add_edge(place, _SINK, capacity=1, weight=skip)
        _, flows = nx.network_simplex(part)
        solution.update(flows)
    return solution


def _load(helper: Helper, kind: str, given: int) -> int:
    """What `helper` holds of this kind of place, counting what the plan gave them so far."""
    held = len(helper.stairwells) if kind == "stairwell" else helper.wartime_places
    return held + given


def _now(helper: Helper, households: int) -> Helper:
    """`helper` with the households the plan gave them so far."""
    if households == helper.households:
        return helper
    return Helper(
        helper.key, helper.ties, helper.stairwells, households, helper.wartime_places, helper.roles
    )


def _why(place: Place, helpers: list[Helper], capacity: Capacity) -> tuple[str, str]:
    if place.kind == "stairwell" and place.households > capacity.households:
        return (
            "too_big",
            f"{place.households} households, more than one person may hold "
            f"({capacity.households}): share it between two",
        )
    near = [helper for helper in helpers if nearness(place, helper) is not None]
    if not near:
        return "no_one_near", "no one is left in its community"
    return "all_full", f"all {len(near)} people near it are at capacity"
