"""The naive path: read the whole graph into networkx, then answer in Python.

It answers the same two questions as the Cypher analyses `uncovered-stairwells` and
`overloaded-liaisons` (default limits, community z-score included), and the benchmark checks
that both paths give the same ids before it compares their times.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from graph_service.db.runner import Runner

STAIRWELL_LIMIT, HOUSEHOLD_LIMIT, Z_LIMIT = 3, 54, 3.0


def whole_graph(runner: Runner) -> nx.MultiDiGraph:
    """Every node and relationship of the database as a networkx multigraph."""
    graph = nx.MultiDiGraph()
    for row in runner.run("bench/whole-graph-nodes", metadata={"task": "benchmark"}):
        graph.add_node(row["key"], labels=set(row["labels"]), **row["properties"])
    for row in runner.run("bench/whole-graph-relationships", metadata={"task": "benchmark"}):
        graph.add_edge(row["source"], row["target"], type=row["type"], **row["properties"])
    return graph


def _has(graph: nx.MultiDiGraph, node: str, label: str) -> bool:
    return label in graph.nodes[node]["labels"]


def uncovered_stairwells(graph: nx.MultiDiGraph) -> set[str]:
    """Ids of stairwells with no person liaising with them."""
    return {
        data["id"]
        for node, data in graph.nodes(data=True)
        if "Stairwell" in data["labels"]
        and not any(
            d["type"] == "LIAISES_WITH" and _has(graph, source, "Person")
            for source, _, d in graph.in_edges(node, data=True)
        )
    }


def _parents(graph: nx.MultiDiGraph, node: str, label: str) -> list[str]:
    return [
        target
        for _, target, d in graph.out_edges(node, data=True)
        if d["type"] == "PART_OF" and _has(graph, target, label)
    ]


def overloaded_liaisons(graph: nx.MultiDiGraph) -> set[str]:
    """Ids of members over the stairwell or household limit or a z-score outlier in their
    community (the rules of cypher/analyses/overloaded-liaisons.cypher, defaults)."""
    households: dict[str, int] = {}
    community: dict[str, str | None] = {}
    load: dict[str, list[str]] = defaultdict(list)
    for source, target, d in graph.edges(data=True):
        if (
            d["type"] == "LIAISES_WITH"
            and _has(graph, source, "Person")
            and _has(graph, target, "Stairwell")
        ):
            load[source].append(target)
    for stairwells in load.values():
        for stairwell in stairwells:
            if stairwell in households:
                continue
            households[stairwell] = sum(
                1
                for s, _, d in graph.in_edges(stairwell, data=True)
                if d["type"] == "PART_OF" and _has(graph, s, "Household")
            )
            ids = [
                graph.nodes[c]["id"]
                for b in _parents(graph, stairwell, "Building")
                for g in _parents(graph, b, "Grid")
                for c in _parents(graph, g, "Community")
            ]
            community[stairwell] = min(ids) if ids else None
    members: dict[str | None, list[tuple[str, int, int]]] = defaultdict(list)
    for person, stairwells in load.items():
        there = Counter(community[s] for s in stairwells)
        home = sorted(there.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))[0][0]
        members[home].append((person, len(stairwells), sum(households[s] for s in stairwells)))
    flagged: set[str] = set()
    for group in members.values():
        loads = [h for _, _, h in group]
        mean, sd = statistics.fmean(loads), statistics.pstdev(loads)
        for person, stairwells, held in group:
            z = (held - mean) / sd if sd > 0 else 0.0
            if stairwells > STAIRWELL_LIMIT or held > HOUSEHOLD_LIMIT or z > Z_LIMIT:
                flagged.add(graph.nodes[person]["id"])
    return flagged


def compare(runner: Runner, cypher_p50_ms: dict[str, float]) -> dict[str, Any]:
    """Naive seconds (read + compute) per question, its ratio to the Cypher p50, and whether
    the two paths agree."""
    start = time.perf_counter()
    graph = whole_graph(runner)
    read_s = time.perf_counter() - start
    found: dict[str, Any] = {
        "read_whole_graph_s": read_s,
        "nodes": graph.number_of_nodes(),
        "relationships": graph.number_of_edges(),
    }
    for name, function, column in (
        ("uncovered-stairwells", uncovered_stairwells, "stairwell_id"),
        ("overloaded-liaisons", overloaded_liaisons, "person_id"),
    ):
        start = time.perf_counter()
        naive_ids = function(graph)
        compute_s = time.perf_counter() - start
        cypher_ids = {row[column] for row in runner.run(f"analyses/{name}", _defaults(name))}
        naive_s = read_s + compute_s
        found[name] = {
            "naive_s": naive_s,
            "naive_compute_s": compute_s,
            "cypher_p50_ms": cypher_p50_ms.get(name),
            "ratio": naive_s * 1000 / cypher_p50_ms[name] if cypher_p50_ms.get(name) else None,
            "answers_agree": naive_ids == cypher_ids,
            "answers": len(naive_ids),
        }
    del graph
    return found


def _defaults(name: str) -> dict[str, Any]:
    from graph_service.analyses.answers import catalogue

    return catalogue()[name].coerce({})
