"""Parts: a graph split between its connected components, to compute each part on its own."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import networkx as nx


def subgraphs(graph: nx.Graph, parts: Iterable[Collection[str]]) -> list[nx.Graph]:
    """The subgraph of each part, once the parts are checked to split `graph` cleanly.

    Parameters
    ----------
    graph : the whole graph.
    parts : node sets, each a union of connected components (territories, for instance).

    Returns
    -------
    list of graphs, one per part in the order given, each with the nodes of its part in the
    whole graph's order (Louvain's seeded shuffle depends on it) and their edges with their data
    (node attributes are left on the whole graph). Copies, not views: algorithms that walk the
    edges many times would walk a view's filter each time.

    Raises
    ------
    ValueError if a node is in no part or in two, or an edge joins two parts: a computation
    per part would then lose the paths (or ties) that cross.

    Example
    -------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> [sorted(piece) for piece in subgraphs(g, [{"a", "b"}, {"c", "d"}])]
    [['a', 'b'], ['c', 'd']]
    """
    listed = list(parts)
    part_of = {node: number for number, part in enumerate(listed) for node in part}
    if set(part_of) != set(graph) or sum(map(len, listed)) != len(part_of):
        raise ValueError("the parts must hold every node of the graph exactly once")
    nodes: list[list[str]] = [[] for _ in listed]
    edges: list[list[tuple[str, str, dict[str, object]]]] = [[] for _ in listed]
    for node in graph:
        nodes[part_of[node]].append(node)
    for a, b, data in graph.edges(data=True):
        if part_of[a] != part_of[b]:
            raise ValueError("an edge joins two parts: split the graph between components only")
        edges[part_of[a]].append((a, b, data))
    pieces = []
    for part_nodes, part_edges in zip(nodes, edges, strict=True):
        piece = nx.Graph()
        piece.add_nodes_from(part_nodes)
        piece.add_edges_from(part_edges)
        pieces.append(piece)
    return pieces
