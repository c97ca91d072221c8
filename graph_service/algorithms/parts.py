"""Parts: a graph split between its connected components, to compute each part on its own."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx

Piece = tuple[list[str], list[tuple[str, str, dict[str, Any]]]]  # nodes, edges with their data


def split(graph: nx.Graph, parts: Iterable[Collection[str]]) -> list[Piece]:
    """The nodes and edges of each part, once the parts are checked to split `graph` cleanly.

    Parameters
    ----------
    graph : the whole graph.
    parts : node sets, each a union of connected components (territories, for instance).

    Returns
    -------
    list of (nodes, edges), one per part in the order given: the nodes in the whole graph's
    order (Louvain's seeded shuffle depends on it), the edges as (a, b, data).

    Raises
    ------
    ValueError if a node is in no part or in two, or an edge joins two parts: a computation
    per part would then lose the paths (or ties) that cross.

    Example
    -------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> [nodes for nodes, _ in split(g, [{"c", "d"}, {"a", "b"}])]
    [['c', 'd'], ['a', 'b']]
    """
    listed = list(parts)
    part_of = {node: number for number, part in enumerate(listed) for node in part}
    if set(part_of) != set(graph) or sum(map(len, listed)) != len(part_of):
        raise ValueError("the parts must hold every node of the graph exactly once")
    pieces: list[Piece] = [([], []) for _ in listed]
    for node in graph:
        pieces[part_of[node]][0].append(node)
    for a, b, data in graph.edges(data=True):
        if part_of[a] != part_of[b]:
            raise ValueError("an edge joins two parts: split the graph between components only")
        pieces[part_of[a]][1].append((a, b, data))
    return pieces


def subgraphs(graph: nx.Graph, parts: Iterable[Collection[str]]) -> list[nx.Graph]:
    """The subgraph of each part (`split`'s nodes and edges, with the edges' data; node
    attributes stay on the whole graph). Copies, not views: algorithms that walk the edges many
    times would walk a view's filter each time. Raises as `split` does.

    Example
    -------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> [sorted(piece) for piece in subgraphs(g, [{"a", "b"}, {"c", "d"}])]
    [['a', 'b'], ['c', 'd']]
    """
    pieces = []
    for nodes, edges in split(graph, parts):
        piece = nx.Graph()
        piece.add_nodes_from(nodes)
        piece.add_edges_from(edges)
        pieces.append(piece)
    return pieces
