"""Collaboration clusters: who actually works together, against the formal community lines."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph_service.algorithms.parts import subgraphs

SEED = 20  # Louvain is randomised; a fixed seed makes the answer repeatable


@dataclass(frozen=True)
class Cluster:
    """A group of people who work together more with each other than with the rest."""

    number: int
    members: tuple[str, ...]
    communities: dict[str, int]  # formal community -> members from it ("": none)
    internal_weight: int  # events shared inside the cluster, counted per pair

    @property
    def dominant_community(self) -> str | None:
        """The formal community most members belong to (None if none of them has one)."""
        placed = {c: n for c, n in self.communities.items() if c != ""}
        if not placed:
            return None
        return min(placed, key=lambda community: (-placed[community], community))

    @property
    def dominant_share(self) -> float:
        """Share of the members in the dominant community (1.0: follows the formal line)."""
        dominant = self.dominant_community
        return 0.0 if dominant is None else self.communities[dominant] / len(self.members)


def collaboration_clusters(
    graph: nx.Graph,
    min_size: int = 3,
    resolution: float = 1.0,
    seed: int = SEED,
    parts: Iterable[Collection[str]] | None = None,
) -> list[Cluster]:
    """Community detection (Louvain) on the weighted co-attendance graph.

    Parameters
    ----------
    graph : people joined by edges whose `weight` counts the events they attended together;
        nodes carry `community_id`, the formal community (or None).
    min_size : clusters with fewer members are left out (pairs that met once say little).
    resolution : Louvain resolution; above 1 favours smaller clusters.
    seed : random seed, fixed so the same graph gives the same clusters.
    parts : node sets with no edge between two of them (unions of connected components, such
        as `graph_service.analyses.territories`): each part is clustered on its own, with the
        same resolution, so a part's clusters do not depend on the size of the rest. None
        (default): the whole graph at once. Louvain never puts two components in one cluster,
        but modularity weighs a cluster against the whole graph's weight, so on a bigger whole
        it may merge more (the resolution limit; Fortunato & Barthelemy, PNAS 104, 2007).

    Returns
    -------
    list of Cluster, largest first (ties by first member), numbered from 1.

    Raises
    ------
    ValueError if `min_size` < 1 or `resolution` <= 0, or if `parts` do not split the graph
    (`algorithms.parts.split`).

    Example
    -------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([("a", "b", 3), ("b", "c", 3), ("a", "c", 3), ("c", "d", 1),
    ...                            ("d", "e", 3), ("e", "f", 3), ("d", "f", 3)])
    >>> nx.set_node_attributes(g, "X", "community_id")
    >>> [c.members for c in collaboration_clusters(g, min_size=3)]
    [('a', 'b', 'c'), ('d', 'e', 'f')]

    Reference: V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of
    communities in large networks", J. Stat. Mech. (2008) P10008.
    """
    if min_size < 1 or resolution <= 0:
        raise ValueError("min_size must be at least 1 and resolution positive")
    if graph.number_of_edges() == 0:
        return []
    pieces = [graph] if parts is None else subgraphs(graph, parts)
    found = [
        group
        for piece in pieces
        for group in nx.community.louvain_communities(
            piece, weight="weight", resolution=resolution, seed=seed
        )
    ]
    groups = sorted((tuple(sorted(group)) for group in found), key=lambda g: (-len(g), g))
    clusters: list[Cluster] = []
    for members in groups:
        if len(members) < min_size:
            continue
        communities = Counter(graph.nodes[member].get("community_id") or "" for member in members)
        internal = graph.subgraph(members).size(weight="weight")
        clusters.append(Cluster(len(clusters) + 1, members, dict(communities), int(internal)))
    return clusters


def normalised_mutual_information(
    first: Mapping[str, object], second: Mapping[str, object]
) -> float:
    """NMI between two labellings of the same items (only items both label are compared).

    1.0 when the two partitions are the same up to renaming, near 0 when unrelated.
    Normalised by the arithmetic mean of the entropies (the "NMI_sum" of Strehl & Ghosh,
    the default of scikit-learn).

    Example
    -------
    >>> normalised_mutual_information({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "y"})
    1.0

    Reference: A. Strehl, J. Ghosh, "Cluster ensembles", JMLR 3 (2002) 583-617.
    """
    items = [item for item in first if item in second]
    n = len(items)
    if n == 0:
        return 0.0
    a = Counter(first[item] for item in items)
    b = Counter(second[item] for item in items)
    joint = Counter((first[item], second[item]) for item in items)
    mutual = sum(count / n * math.log(count * n / (a[x] * b[y])) for (x, y), count in joint.items())
    entropy_a = -sum(count / n * math.log(count / n) for count in a.values())
    entropy_b = -sum(count / n * math.log(count / n) for count in b.values())
    if entropy_a == 0 and entropy_b == 0:
        return 1.0
    return round(mutual / ((entropy_a + entropy_b) / 2), 12)
