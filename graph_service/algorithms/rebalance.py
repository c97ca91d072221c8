"""Rebalancing liaison loads: move stairwells from overloaded to under-loaded members.

A plan only: `rebalance` reads a graph and returns moves; nothing is written. Applying a plan
is a separate, explicit request (POST /api/v1/plans/rebalance/apply) that re-checks every move
against the database in the same transaction that makes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import networkx as nx

Scope = Literal["grid", "community"]
_SOURCE, _SINK = ("source",), ("sink",)


@dataclass(frozen=True)
class Move:
    stairwell: str
    giver: str
    receiver: str


@dataclass(frozen=True)
class Plan:
    moves: tuple[Move, ...]
    before: dict[str, int]  # person -> stairwells, for everyone the plan touches or cannot help
    after: dict[str, int]
    unresolved: dict[str, int]  # person -> stairwells still over the limit after the plan


def loads(graph: nx.Graph) -> dict[str, int]:
    """Stairwells per person in a liaison graph."""
    return {
        node: sum(
            1 for other in graph.neighbors(node) if graph.nodes[other]["label"] == "Stairwell"
        )
        for node, label in graph.nodes(data="label")
        if label == "Person"
    }


def rebalance(graph: nx.Graph, stairwell_limit: int, scope: Scope = "grid") -> Plan:
    """The fewest stairwell moves that bring members down to `stairwell_limit`, as far as possible.

    Every stairwell an overloaded member holds beyond the limit must move once, so the number
    of moves can be no smaller than the excess that can be absorbed; a max-flow min-cost flow
    reaches exactly that, never moving a stairwell twice. A stairwell may only go to a member
    who already liaises in the same grid (or community, with scope="community"), has room
    below the limit and does not liaise with it yet. Among plans with the fewest moves the
    cost prefers the least-loaded receivers (each extra stairwell costs its new load, a convex
    cost, so loads even out) and, in community scope, receivers in the stairwell's own grid.

    Parameters
    ----------
    graph : liaison graph (`projections.liaison_coverage`): stairwell nodes with
        `grid_id` and `community_id`, person nodes, LIAISES_WITH edges.
    stairwell_limit : the most stairwells a member should look after (>= 1).
    scope : "grid" or "community": how far a stairwell may move.

    Returns
    -------
    Plan with the moves (sorted by stairwell), loads before and after for every member involved,
    and the members still overloaded because no one nearby had room.

    Raises
    ------
    ValueError if `stairwell_limit` < 1 or `scope` is unknown.

    Example
    -------
    >>> g = nx.Graph()
    >>> for s in ("S1", "S2", "S3", "S4"):
    ...     g.add_node(s, label="Stairwell", grid_id="G1", community_id="C1")
    >>> g.add_nodes_from(["P1", "P2"], label="Person")
    >>> g.add_edges_from([("P1", "S1"), ("P1", "S2"), ("P1", "S3"), ("P2", "S4")])
    >>> plan = rebalance(g, stairwell_limit=2)
    >>> len(plan.moves), plan.after
    (1, {'P1': 2, 'P2': 2})

    Reference: R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows" (1993), ch. 9-10
    (minimum cost flow); networkx.max_flow_min_cost (network simplex).
    """
    if stairwell_limit < 1:
        raise ValueError("stairwell_limit must be at least 1")
    if scope not in ("grid", "community"):
        raise ValueError("scope must be grid or community")
    place = "grid_id" if scope == "grid" else "community_id"
    load = loads(graph)
    # Who liaises in each grid/community: the pool a stairwell there may move to.
    pool: dict[str, set[str]] = defaultdict(set)
    for person in load:
        for stairwell in graph.neighbors(person):
            where = graph.nodes[stairwell].get(place)
            if where is not None:
                pool[where].add(person)
    overloaded = sorted(person for person, n in load.items() if n > stairwell_limit)

    flow = nx.DiGraph()
    flow.add_node(_SOURCE)
    flow.add_node(_SINK)
    receivers: set[str] = set()
    for giver in overloaded:
        flow.add_edge(_SOURCE, ("giver", giver), capacity=load[giver] - stairwell_limit, weight=0)
        for stairwell in sorted(graph.neighbors(giver)):
            where = graph.nodes[stairwell].get(place)
            if where is None:
                continue  # an unplaced stairwell has no neighbours to move to
            holding = ("holding", giver, stairwell)
            flow.add_edge(("giver", giver), holding, capacity=1, weight=0)
            for receiver in sorted(pool[where]):
                if load[receiver] >= stairwell_limit or graph.has_edge(receiver, stairwell):
                    continue
                away = int(
                    scope == "community"
                    and not any(
                        graph.nodes[own]["grid_id"] == graph.nodes[stairwell]["grid_id"]
                        for own in graph.neighbors(receiver)
                    )
                )
                flow.add_edge(holding, ("receiver", receiver), capacity=1, weight=away)
                receivers.add(receiver)
    for receiver in sorted(receivers):
        for extra in range(1, stairwell_limit - load[receiver] + 1):
            slot = ("slot", receiver, extra)
            # Twice the new load outweighs the one-step grid preference: evenness comes first.
            flow.add_edge(
                ("receiver", receiver), slot, capacity=1, weight=2 * (load[receiver] + extra)
            )
            flow.add_edge(slot, _SINK, capacity=1, weight=0)

    solution = nx.max_flow_min_cost(flow, _SOURCE, _SINK) if receivers else {}
    moves = sorted(
        (
            Move(stairwell=node[2], giver=node[1], receiver=target[1])
            for node, targets in solution.items()
            if node[0] == "holding"
            for target, amount in targets.items()
            if amount > 0
        ),
        key=lambda move: (move.stairwell, move.giver),
    )
    after = dict(load)
    for move in moves:
        after[move.giver] -= 1
        after[move.receiver] += 1
    involved = set(overloaded) | {move.receiver for move in moves}
    return Plan(
        moves=tuple(moves),
        before={person: load[person] for person in sorted(involved)},
        after={person: after[person] for person in sorted(involved)},
        unresolved={
            person: after[person] for person in overloaded if after[person] > stairwell_limit
        },
    )
