"""Territories: the parts of a network that the graph computations take one at a time.

A **territory** is a street (街道), the programme's own unit of governance below the district,
with everything of the network tied to its communities and grids. Concretely: the connected
components of the network, each named by the streets of the communities and grids in it
(`cypher/projections/place-streets`; a person of the co-attendance network by the street of
their formal community), and grouped by street. A component that reaches two streets (a
department whose service team serves a community in each, a person who attends events in both)
joins them: those streets are one territory. A component that reaches no street (a volunteer
team: its members are tied to no place in the network) is a territory of its own, with no
street.

Why this cut, and not the street's border: shortest paths never leave a connected component,
so betweenness computed territory by territory and normalised by the whole network's size is
exactly the whole network's (Brandes), and Louvain never puts two components in one cluster.
Cutting at a street's border instead would drop every path through a department that serves two
streets, the very paths that make it a broker. So a territory is as small as the roster
allows: on the generated district and city every territory is one street (each street has its
own departments and units), while on a real roster a department serving several streets makes
them one territory. A street's answer then depends on its territory only: an import that
changes one street changes only the territory it is in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from graph_service.analyses.projections import key
from graph_service.db.runner import Runner


@dataclass(frozen=True)
class Territory:
    """Streets joined by the network, and the nodes tied to them (none: tied to no street)."""

    streets: tuple[str, ...]
    nodes: frozenset[str]


def place_streets(db: Runner, computation: str) -> dict[str, str]:
    """Node key -> street id, for every community and grid in a street."""
    return {
        key(row["label"], row["id"]): row["street_id"]
        for row in db.run("projections/place-streets", metadata={"analysis": computation})
    }


def street_of(graph: nx.Graph, node: str, places: Mapping[str, str]) -> str | None:
    """The street a node names: its own (a community or grid), else its formal community's."""
    if node in places:
        return places[node]
    community = graph.nodes[node].get("community_id")
    return places.get(key("Community", community)) if community else None


def territories(graph: nx.Graph, places: Mapping[str, str]) -> list[Territory]:
    """The territories of `graph` (see the module docstring), ordered by their streets.

    `places` maps community and grid keys to their street (`place_streets`). Every node is in
    exactly one territory and no edge joins two. Territories without a street come first,
    ordered by their least node key.

    Example
    -------
    >>> g = nx.Graph([("Community:a", "Department:d"), ("Department:d", "Community:b"),
    ...               ("Community:c", "Person:p"), ("Person:q", "Unit:u")])
    >>> [t.streets for t in territories(g, {"Community:a": "S1", "Community:b": "S2",
    ...                                      "Community:c": "S3"})]
    [(), ('S1', 'S2'), ('S3',)]
    """
    parent: dict[str, str] = {}

    def root(street: str) -> str:
        while parent[street] != street:
            parent[street] = parent[parent[street]]
            street = parent[street]
        return street

    components = [
        (component, sorted({s for node in component if (s := street_of(graph, node, places))}))
        for component in nx.connected_components(graph)
    ]
    for _, streets in components:
        for street in streets:
            parent.setdefault(street, street)
            parent[root(street)] = root(streets[0])
    nodes: dict[str | int, set[str]] = {}
    named: dict[str | int, set[str]] = {}
    for number, (component, streets) in enumerate(components):
        group = root(streets[0]) if streets else number
        nodes.setdefault(group, set()).update(component)
        named.setdefault(group, set()).update(streets)
    found = [Territory(tuple(sorted(named[group])), frozenset(nodes[group])) for group in nodes]
    return sorted(found, key=lambda territory: (territory.streets, min(territory.nodes)))
