"""Graph computations on the same projection with networkx, igraph and rustworkx.

Brokers: normalised betweenness of the person–organisation network. Clusters: Louvain on the
co-attendance network (networkx's `louvain_communities` against igraph's `community_multilevel`,
the same method). The projection is read once; only the computation is timed (for igraph and
rustworkx, converting the networkx graph is included, since the service starts from networkx).

networkx betweenness is O(n·m): where a full run would exceed the budget, it is timed from a
sample of source nodes (`k`) and scaled by n/k (Brandes' algorithm costs the same per source),
and the table says "extrapolated".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import igraph as ig
import networkx as nx
import rustworkx as rx

from graph_service.algorithms.brokers import betweenness
from graph_service.analyses import projections
from graph_service.db.runner import Runner


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _rustworkx_betweenness(graph: nx.Graph) -> dict[str, float]:
    converted = rx.networkx_converter(graph)
    scores = rx.betweenness_centrality(converted, normalized=True)
    nodes = list(graph)
    return {nodes[i]: score for i, score in scores.items()}


def _igraph_louvain(graph: nx.Graph) -> list[list[int]]:
    index = {node: i for i, node in enumerate(graph)}
    converted = ig.Graph(n=len(index), edges=[(index[a], index[b]) for a, b in graph.edges()])
    converted.es["weight"] = [w for _, _, w in graph.edges(data="weight", default=1)]
    return list(converted.community_multilevel(weights="weight"))


def compare(runner: Runner, budget_s: float) -> dict[str, Any]:
    """Seconds per library and the networkx/fastest ratios, for brokers and clusters."""
    found = _brokers(projections.person_organisation(runner, "benchmark"), budget_s)
    found.update(_clusters(projections.co_attendance(runner, "benchmark")))
    return found


def _brokers(people: nx.Graph, budget_s: float) -> dict[str, Any]:
    n = people.number_of_nodes()
    found: dict[str, Any] = {"brokers_nodes": n, "brokers_edges": people.number_of_edges()}
    found["brokers_igraph_s"] = _timed(lambda: betweenness(people, "igraph"))
    found["brokers_rustworkx_s"] = _timed(lambda: _rustworkx_betweenness(people))
    k = min(n, 100)
    sampled = _timed(lambda: nx.betweenness_centrality(people, k=k, seed=1))
    estimate = sampled * n / k
    if estimate <= budget_s:
        found["brokers_networkx_s"] = _timed(lambda: betweenness(people, "networkx"))
        found["brokers_networkx_extrapolated"] = False
    else:
        found["brokers_networkx_s"] = estimate
        found["brokers_networkx_extrapolated"] = True
        found["brokers_networkx_sources_timed"] = k
    fastest = min(found["brokers_igraph_s"], found["brokers_rustworkx_s"])
    found["brokers_ratio"] = found["brokers_networkx_s"] / fastest
    return found


def _clusters(attendance: nx.Graph) -> dict[str, Any]:
    found: dict[str, Any] = {}
    found["clusters_nodes"] = attendance.number_of_nodes()
    found["clusters_edges"] = attendance.number_of_edges()
    found["clusters_networkx_s"] = _timed(
        lambda: nx.community.louvain_communities(attendance, weight="weight", seed=1)
    )
    found["clusters_igraph_s"] = _timed(lambda: _igraph_louvain(attendance))
    found["clusters_ratio"] = found["clusters_networkx_s"] / found["clusters_igraph_s"]
    return found
