"""Brokers: who sits between the parts of the person–organisation network, and why it matters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import igraph as ig
import networkx as nx

from graph_service.algorithms.parts import split

Backend = Literal["igraph", "networkx"]


def betweenness(
    graph: nx.Graph, backend: Backend = "igraph", parts: Iterable[Collection[str]] | None = None
) -> dict[str, float]:
    """Normalised betweenness centrality of every node of an undirected graph.

    Parameters
    ----------
    graph : networkx.Graph, undirected, unweighted.
    backend : "igraph" (default) or "networkx". Both give the same numbers; igraph's C
        implementation is used by default because it is markedly faster on the sample network
        (see benchmarks/analyses_latency.py, which prints both).
    parts : node sets with no edge between two of them (unions of connected components, such
        as `graph_service.analyses.territories`), each computed on its own and normalised by
        the whole graph's size. The numbers are the same, since shortest paths never leave a
        component; None (default): the whole graph at once.

    Returns
    -------
    dict mapping node to the share of shortest paths between other pairs through it (0..1),
    normalised by (n-1)(n-2)/2 as `networkx.betweenness_centrality(normalized=True)` does.

    Raises
    ------
    ValueError if `parts` do not split the graph (`algorithms.parts.split`). A
    directed graph is read as undirected by the igraph backend, so pass an undirected one.

    Example
    -------
    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}

    Reference: U. Brandes, "A faster algorithm for betweenness centrality",
    J. Math. Sociol. 25(2), 2001.
    """
    n = graph.number_of_nodes()
    if n < 3:
        return dict.fromkeys(graph, 0.0)
    scale = 2.0 / ((n - 1) * (n - 2))  # paths are counted once per unordered pair
    pieces = [(list(graph), list(graph.edges()))] if parts is None else split(graph, parts)
    return {
        node: paths * scale
        for nodes, edges in pieces
        for node, paths in _shortest_paths_through(nodes, edges, backend).items()
    }


def _shortest_paths_through(
    nodes: list[str], edges: Sequence[tuple[str, str] | tuple[str, str, Any]], backend: Backend
) -> dict[str, float]:
    """Unnormalised betweenness: per node, the sum over unordered pairs of the others of the
    share of their shortest paths that pass through it."""
    if backend == "networkx":
        piece = nx.Graph()
        piece.add_nodes_from(nodes)
        piece.add_edges_from((edge[0], edge[1]) for edge in edges)
        return dict(nx.betweenness_centrality(piece, normalized=False))
    index = {node: position for position, node in enumerate(nodes)}
    converted = ig.Graph(n=len(nodes), edges=[(index[edge[0]], index[edge[1]]) for edge in edges])
    return dict(zip(nodes, converted.betweenness(directed=False), strict=True))


@dataclass(frozen=True)
class Broker:
    """A node with high betweenness and the facts that say why it matters."""

    key: str
    label: str
    name: str
    betweenness: float
    degree: int
    neighbour_kinds: dict[str, int] = field(default_factory=dict)
    communities_reached: int = 0
    cut_off_if_removed: int = 0

    @property
    def why(self) -> str:
        """One plain sentence an analyst can read."""
        kinds = ", ".join(
            f"{count} {label}" for label, count in sorted(self.neighbour_kinds.items())
        )
        text = (
            f"on {self.betweenness:.1%} of shortest paths; links {kinds}; "
            f"reaches {self.communities_reached} communities within two steps"
        )
        if self.cut_off_if_removed:
            text += f"; without them {self.cut_off_if_removed} nodes lose their connection"
        return text


def brokers(
    graph: nx.Graph,
    top: int = 10,
    labels: Collection[str] | None = ("Person",),
    backend: Backend = "igraph",
    parts: Iterable[Collection[str]] | None = None,
) -> list[Broker]:
    """The `top` nodes by betweenness, with what they connect.

    Parameters
    ----------
    graph : undirected graph whose nodes carry `label` and `name` attributes
        (`graph_service.analyses.projections.person_organisation`).
    top : how many to return (ties broken by key, so the answer is stable).
    labels : only nodes with one of these labels are ranked (None: every node); the
        betweenness itself is always computed on the whole graph.
    backend, parts : see `betweenness` (the answer is the same with or without parts).

    Returns
    -------
    list of Broker, highest betweenness first. Nodes with zero betweenness are left out:
    they broker nothing.

    Raises
    ------
    ValueError if `top` < 1, or if `parts` do not split the graph (see `betweenness`).

    Example
    -------
    >>> g = nx.Graph([("Person:a", "Department:d"), ("Person:a", "Community:c")])
    >>> nx.set_node_attributes(g, {n: n.split(":")[0] for n in g}, "label")
    >>> nx.set_node_attributes(g, {n: n for n in g}, "name")
    >>> [b.key for b in brokers(g)]
    ['Person:a']
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    scores = betweenness(graph, backend, parts)
    # Equal scores summed in another order (per part, or another graph library) can differ in
    # the last bits: rounded, they are the ties they are, and the key breaks them.
    ranked = sorted(
        (node for node, score in scores.items() if score > 0),
        key=lambda node: (-round(scores[node], 14), node),
    )
    if labels is not None:
        ranked = [node for node in ranked if graph.nodes[node].get("label") in labels]
    return [_explain(graph, node, scores[node]) for node in ranked[:top]]


def _explain(graph: nx.Graph, node: str, score: float) -> Broker:
    neighbours = list(graph.neighbors(node))
    within_two = nx.single_source_shortest_path_length(graph, node, cutoff=2)
    component = nx.node_connected_component(graph, node)
    rest = graph.subgraph(component - {node})
    largest = max((len(piece) for piece in nx.connected_components(rest)), default=0)
    return Broker(
        key=node,
        label=graph.nodes[node].get("label", ""),
        name=graph.nodes[node].get("name", ""),
        betweenness=score,
        degree=len(neighbours),
        neighbour_kinds=dict(Counter(graph.nodes[other].get("label", "") for other in neighbours)),
        communities_reached=sum(
            1 for other in within_two if graph.nodes[other].get("label") == "Community"
        ),
        cut_off_if_removed=len(component) - 1 - largest,
    )
