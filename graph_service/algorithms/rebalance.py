"""Rebalancing liaison loads: move stairwells from overloaded to under-loaded members.

A member is overloaded when they look after more stairwells than `stairwell_limit` or more
households than `household_limit` (the two limits of the overloaded-liaisons analysis, one
definition in `analyses.limits`). A plan only: `rebalance` reads a graph and returns moves;
nothing is written. Applying a plan is a separate, explicit request
(POST /api/v1/plans/rebalance/apply) that re-checks every move against the database in the
same transaction that makes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import networkx as nx

Scope = Literal["grid", "community"]
Reason = Literal["single_stairwell", "unplaced", "no_room"]
_SOURCE, _SINK = ("source",), ("sink",)


@dataclass(frozen=True)
class Move:
    stairwell: str
    giver: str
    receiver: str


@dataclass(frozen=True)
class Load:
    """What one member looks after."""

    stairwells: int
    households: int


@dataclass(frozen=True)
class Unhelped:
    """A flagged member the plan leaves over a limit, with the reason (a code and a sentence)."""

    load: Load
    reason: Reason
    detail: str


@dataclass(frozen=True)
class Plan:
    moves: tuple[Move, ...]
    before: dict[str, Load]  # person -> load, for everyone the plan touches or cannot help
    after: dict[str, Load]
    unresolved: dict[str, Unhelped]  # person -> why they are still over a limit after the plan


def loads(graph: nx.Graph) -> dict[str, Load]:
    """Stairwells and households per person in a liaison graph."""
    return {
        node: Load(len(held), sum(_households(graph, s) for s in held))
        for node, label in graph.nodes(data="label")
        if label == "Person"
        for held in [_stairwells_of(graph, node)]
    }


def rebalance(
    graph: nx.Graph,
    stairwell_limit: int,
    scope: Scope = "grid",
    household_limit: int | None = None,
) -> Plan:
    """Stairwell moves that bring members within both limits, as far as anyone nearby has room.

    A member is over when they hold more than `stairwell_limit` stairwells or more than
    `household_limit` households. A stairwell may only go to a member who already liaises in
    the same grid (or community, with scope="community"), does not liaise with it yet, and
    stays within BOTH limits after taking it; a member over a limit never receives.

    Moving stairwells of different sizes under two limits is a generalised assignment problem
    (NP-hard), so the plan is built in rounds, each an exact max-flow min-cost flow: in a
    round every receiver takes at most one stairwell (so a receiver's household room is
    checked against exactly the stairwell it takes), and each overloaded member gives at most
    the fewest stairwells that would bring them within both limits (largest first). Loads are
    then updated and the next round runs, until no move fits. A stairwell never moves twice
    (receivers stay within the limits, so they never give). Costs prefer, in order: the
    giver's largest stairwells (fewest moves to shed households), the least-loaded receivers
    (loads even out) and, in community scope, receivers already in the stairwell's own grid.
    Rounds can, in rare cases, absorb less than one global flow would (an early round's choice
    of stairwell can use the room a later round needed); the plan then names who is left.
    With no household limit this is the stairwell-only plan: fewest moves, one per stairwell
    of excess that someone can absorb.

    Parameters
    ----------
    graph : liaison graph (`projections.liaison_coverage`): stairwell nodes with
        `households`, `grid_id` and `community_id`, person nodes, LIAISES_WITH edges.
    stairwell_limit : the most stairwells a member should look after (>= 1).
    scope : "grid" or "community": how far a stairwell may move.
    household_limit : the most households a member should look after (>= 1), or None for
        no household limit.

    Returns
    -------
    Plan with the moves (sorted by stairwell), loads before and after for every member involved,
    and each member still over a limit with the reason: `single_stairwell` (one stairwell
    alone holds more households than the limit: no one can take it whole), `unplaced` (their
    stairwells have no grid or community, so no neighbour is known) or `no_room` (no member
    nearby has room under both limits).

    Raises
    ------
    ValueError if a limit is < 1 or `scope` is unknown.

    Example
    -------
    >>> g = nx.Graph()
    >>> for s, n in (("S1", 30), ("S2", 30), ("S3", 20), ("S4", 10)):
    ...     g.add_node(s, label="Stairwell", households=n, grid_id="G1", community_id="C1")
    >>> g.add_nodes_from(["P1", "P2"], label="Person")
    >>> g.add_edges_from([("P1", "S1"), ("P1", "S2"), ("P1", "S3"), ("P2", "S4")])
    >>> plan = rebalance(g, stairwell_limit=3, household_limit=54)
    >>> [(m.stairwell, m.receiver) for m in plan.moves], plan.after["P1"]
    ([('S1', 'P2')], Load(stairwells=2, households=50))

    Reference: R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows" (1993), ch. 9-10
    (minimum cost flow); networkx.max_flow_min_cost (network simplex).
    """
    if stairwell_limit < 1 or (household_limit is not None and household_limit < 1):
        raise ValueError("stairwell_limit and household_limit must be at least 1")
    if scope not in ("grid", "community"):
        raise ValueError("scope must be grid or community")
    household_cap = household_limit if household_limit is not None else float("inf")
    place = "grid_id" if scope == "grid" else "community_id"
    held = {
        node: set(_stairwells_of(graph, node))
        for node, label in graph.nodes(data="label")
        if label == "Person"
    }
    before = loads(graph)
    current = dict(before)
    # Who liaises in each grid/community: the pool a stairwell there may move to.
    pool: dict[str, set[str]] = defaultdict(set)
    for person, stairwells in held.items():
        for stairwell in stairwells:
            where = graph.nodes[stairwell].get(place)
            if where is not None:
                pool[where].add(person)

    def over(person: str) -> bool:
        load = current[person]
        return load.stairwells > stairwell_limit or load.households > household_cap

    flagged = sorted(person for person in held if over(person))
    moves: list[Move] = []
    for _ in range(graph.number_of_nodes() + 1):  # each round moves >= 1 stairwell, or stops
        givers = [person for person in flagged if over(person)]
        round_moves = _round(
            graph, givers, held, current, pool, place, scope, stairwell_limit, household_cap
        )
        if not round_moves:
            break
        for move in round_moves:
            size = _households(graph, move.stairwell)
            held[move.giver].discard(move.stairwell)
            held[move.receiver].add(move.stairwell)
            for person, sign in ((move.giver, -1), (move.receiver, 1)):
                load = current[person]
                current[person] = Load(load.stairwells + sign, load.households + sign * size)
        moves.extend(round_moves)
    moves.sort(key=lambda move: (move.stairwell, move.giver))
    involved = set(flagged) | {move.receiver for move in moves}
    return Plan(
        moves=tuple(moves),
        before={person: before[person] for person in sorted(involved)},
        after={person: current[person] for person in sorted(involved)},
        unresolved={
            person: _why(graph, held[person], current[person], place, household_cap)
            for person in flagged
            if over(person)
        },
    )


def _round(
    graph: nx.Graph,
    givers: list[str],
    held: dict[str, set[str]],
    current: dict[str, Load],
    pool: dict[str, set[str]],
    place: str,
    scope: Scope,
    stairwell_limit: int,
    household_cap: float,
) -> list[Move]:
    """One round: each giver gives at most its fewest-needed stairwells, each receiver takes
    at most one that fits both its limits; a max-flow min-cost flow picks the moves."""
    flow = nx.DiGraph()
    flow.add_node(_SOURCE)
    flow.add_node(_SINK)
    receivers: set[str] = set()
    giving = set(givers)
    # A receiver's cost is at most 2 * (limit + 1) + 1: one step down a giver's size order
    # costs more, so shedding the largest stairwells (fewest moves) comes first.
    step = 2 * (stairwell_limit + 2)
    for giver in givers:
        offered = sorted(held[giver], key=lambda s: (-_households(graph, s), s))
        sizes = [_households(graph, stairwell) for stairwell in offered]
        need = fewest_to_shed(sizes, current[giver], stairwell_limit, household_cap)
        flow.add_edge(_SOURCE, ("giver", giver), capacity=need, weight=0)
        for rank, stairwell in enumerate(offered):
            where = graph.nodes[stairwell].get(place)
            if where is None:
                continue  # an unplaced stairwell has no neighbours to move to
            size = _households(graph, stairwell)
            holding = ("holding", giver, stairwell)
            flow.add_edge(("giver", giver), holding, capacity=1, weight=rank * step)
            for receiver in sorted(pool[where] - giving):
                load = current[receiver]
                if (
                    stairwell in held[receiver]
                    or load.stairwells + 1 > stairwell_limit
                    or load.households + size > household_cap
                ):
                    continue
                away = int(
                    scope == "community"
                    and not any(
                        graph.nodes[own].get("grid_id") == graph.nodes[stairwell].get("grid_id")
                        for own in held[receiver]
                    )
                )
                # Twice the new load outweighs the one-step grid preference: evenness first.
                weight = 2 * (load.stairwells + 1) + away
                flow.add_edge(holding, ("receiver", receiver), capacity=1, weight=weight)
                receivers.add(receiver)
    for receiver in receivers:
        flow.add_edge(("receiver", receiver), _SINK, capacity=1, weight=0)
    if not receivers:
        return []
    solution = nx.max_flow_min_cost(flow, _SOURCE, _SINK)
    return [
        Move(stairwell=node[2], giver=node[1], receiver=target[1])
        for node, targets in solution.items()
        if node[0] == "holding"
        for target, amount in targets.items()
        if amount > 0
    ]


def fewest_to_shed(
    largest_first: list[int], load: Load, stairwell_limit: int, household_limit: float
) -> int:
    """How many stairwells, given by their households largest first, a member holding `load`
    must give up to come within both limits (all of them if even that is not enough).

    >>> fewest_to_shed([30, 26, 22], Load(3, 78), stairwell_limit=3, household_limit=54)
    1
    """
    stairwells, households = load.stairwells, load.households
    for count, size in enumerate(largest_first):
        if stairwells <= stairwell_limit and households <= household_limit:
            return count
        stairwells -= 1
        households -= size
    return len(largest_first)


def _why(graph: nx.Graph, held: set[str], load: Load, place: str, cap: float) -> Unhelped:
    too_big = sorted(s for s in held if _households(graph, s) > cap)
    if too_big:
        return Unhelped(
            load,
            "single_stairwell",
            f"{too_big[0]} alone holds {_households(graph, too_big[0])} households, more than "
            "the household limit: no one can take it whole (share it between two members)",
        )
    if not any(graph.nodes[s].get(place) is not None for s in held):
        return Unhelped(load, "unplaced", "their stairwells have no grid or community")
    where = "grid" if place == "grid_id" else "community"
    return Unhelped(
        load, "no_room", f"no member liaising in the same {where} has room under both limits"
    )


def _stairwells_of(graph: nx.Graph, person: str) -> list[str]:
    return [s for s in graph.neighbors(person) if graph.nodes[s]["label"] == "Stairwell"]


def _households(graph: nx.Graph, stairwell: str) -> int:
    return int(graph.nodes[stairwell].get("households") or 0)
