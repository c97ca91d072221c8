"""The graph computations whole and per territory, side by side on the same projections.

Each projection (person–organisation for brokers, co-attendance for clusters) and the streets
of places are read up to three times (the median is kept), then each computation runs on the
whole graph and per territory (`graph_service.analyses.territories`) in alternating turns; the
figures are medians and the ratio whole / per territory. What is compared besides time:

- the territories themselves: how many, how big, and whether any joins two streets (a node
  tied to two streets: a department serving both, a person attending events in both);
- brokers: the largest difference of any node's betweenness, and whether the top 10 and top 50
  (people; every node) are the same nodes in the same order;
- clusters (Louvain, min_size 3 as the analysis' default): the NMI between the whole graph's
  assignment and the per-territory one over every person, how many clusters each finds and how
  many are exactly the same members; also per territory with the resolution scaled by the
  territory's share of the whole weight, which gives Louvain the whole graph's objective.

`python -m benchmarks.territories --scale district --port 7833` runs it alone (loading the
generated network with neo4j-admin if the bench server's database is empty); `make bench` runs
it as one phase. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from graph_service.algorithms.brokers import betweenness, brokers
from graph_service.algorithms.collaboration import (
    collaboration_clusters,
    normalised_mutual_information,
)
from graph_service.analyses import projections
from graph_service.analyses.territories import Territory, place_streets, territories
from graph_service.db.runner import Runner


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    answer = call()
    return time.perf_counter() - start, answer


def _turns(rounds: int, **calls: Callable[[], Any]) -> dict[str, Any]:
    """Each call `rounds` times, in alternating order: median seconds, the last answer and the
    fastest run (on a shared machine the least disturbed one)."""
    seconds: dict[str, list[float]] = {name: [] for name in calls}
    answers: dict[str, Any] = {}
    for turn in range(rounds):
        order = list(calls) if turn % 2 == 0 else list(reversed(calls))
        for name in order:
            took, answers[name] = _timed(calls[name])
            seconds[name].append(took)
    return {
        name: (statistics.median(seconds[name]), answers[name], min(seconds[name]))
        for name in calls
    }


def _describe(graph: nx.Graph, parts: list[Territory]) -> dict[str, Any]:
    components = [len(c) for c in nx.connected_components(graph)]
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "components": len(components),
        "largest_component": max(components, default=0),
        "territories": len(parts),
        "territory_nodes": sorted((len(t.nodes) for t in parts), reverse=True),
        "territories_joining_streets": [list(t.streets) for t in parts if len(t.streets) > 1],
        "nodes_without_street": sum(len(t.nodes) for t in parts if not t.streets),
    }


def _brokers(graph: nx.Graph, parts: list[Territory], rounds: int) -> dict[str, Any]:
    nodes = [t.nodes for t in parts]
    timed = _turns(
        rounds,
        whole=lambda: betweenness(graph),
        per_territory=lambda: betweenness(graph, parts=nodes),
    )
    whole, per = timed["whole"][1], timed["per_territory"][1]
    found: dict[str, Any] = {
        "betweenness_whole_s": timed["whole"][0],
        "betweenness_per_territory_s": timed["per_territory"][0],
        "betweenness_whole_fastest_s": timed["whole"][2],
        "betweenness_per_territory_fastest_s": timed["per_territory"][2],
        "max_difference": max(abs(whole[node] - per[node]) for node in graph),
    }
    for top in (10, 50):
        for labels, kind in ((("Person",), "person"), (None, "all")):
            a = [b.key for b in brokers(graph, top, labels)]
            b = [b.key for b in brokers(graph, top, labels, parts=nodes)]
            found[f"top{top}_{kind}_same"] = a == b
    ranked = _turns(
        rounds,
        whole=lambda: brokers(graph, 10),
        per_territory=lambda: brokers(graph, 10, parts=nodes),
    )
    found["brokers_whole_s"] = ranked["whole"][0]
    found["brokers_per_territory_s"] = ranked["per_territory"][0]
    return found


def _clusters(graph: nx.Graph, parts: list[Territory], rounds: int) -> dict[str, Any]:
    nodes = [t.nodes for t in parts]
    total = graph.size(weight="weight")
    timed = _turns(
        rounds,
        whole=lambda: collaboration_clusters(graph),
        per_territory=lambda: collaboration_clusters(graph, parts=nodes),
    )
    scaled = [
        collaboration_clusters(
            graph.subgraph(part), resolution=graph.subgraph(part).size(weight="weight") / total
        )
        for part in nodes
        if graph.subgraph(part).number_of_edges()
    ]
    whole, per = timed["whole"][1], timed["per_territory"][1]
    same_resolution = _agreement(graph, whole, per)
    scaled_resolution = _agreement(graph, whole, [cluster for found in scaled for cluster in found])
    return {
        "louvain_whole_s": timed["whole"][0],
        "louvain_per_territory_s": timed["per_territory"][0],
        "louvain_whole_fastest_s": timed["whole"][2],
        "louvain_per_territory_fastest_s": timed["per_territory"][2],
        **{f"same_resolution_{k}": v for k, v in same_resolution.items()},
        **{f"scaled_resolution_{k}": v for k, v in scaled_resolution.items()},
    }


def _agreement(graph: nx.Graph, whole: list[Any], per: list[Any]) -> dict[str, Any]:
    """How far two clusterings of the same people agree (people in no cluster of min_size or
    more are one label, 0, on each side)."""
    first = {m: c.number for c in whole for m in c.members}
    second = {m: f"{index}" for index, c in enumerate(per, start=1) for m in c.members}
    labels_a = {node: first.get(node, 0) for node in graph}
    labels_b = {node: second.get(node, "0") for node in graph}
    a_sets = {c.members for c in whole}
    return {
        "nmi": normalised_mutual_information(labels_a, labels_b),
        "clusters_whole": len(whole),
        "clusters_per_territory": len(per),
        "clusters_identical": sum(1 for c in per if c.members in a_sets),
        "largest_whole": max((len(c.members) for c in whole), default=0),
        "largest_per_territory": max((len(c.members) for c in per), default=0),
    }


def compare(runner: Runner, rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Brokers and clusters whole vs per territory on the loaded graph (see the docstring)."""
    result: dict[str, Any] = {"rounds": rounds, "load_average_at_start": os.getloadavg()}
    log("territories: reading the projections and the streets of places")
    reads = _turns(
        min(rounds, 3),
        places=lambda: place_streets(runner, "benchmark"),
        people=lambda: projections.person_organisation(runner, "benchmark"),
        attendance=lambda: projections.co_attendance(runner, "benchmark"),
    )
    result["read_places_s"], places, _ = reads["places"]
    result["read_people_s"], people, _ = reads["people"]
    result["read_attendance_s"], attendance, _ = reads["attendance"]
    result["split_people_s"], people_parts = _timed(lambda: territories(people, places))
    result["split_attendance_s"], attendance_parts = _timed(lambda: territories(attendance, places))
    result["people"] = _describe(people, people_parts)
    result["attendance"] = _describe(attendance, attendance_parts)
    log("territories: brokers whole vs per territory")
    result["brokers"] = _brokers(people, people_parts, rounds)
    log("territories: clusters whole vs per territory")
    result["clusters"] = _clusters(attendance, attendance_parts, rounds)
    result["load_average_at_end"] = os.getloadavg()
    return result


def lines(found: dict[str, Any]) -> list[str]:
    """The comparison as a few lines of the benchmark's table."""
    out: list[str] = []
    for name in ("people", "attendance"):
        d = found[name]
        out.append(
            f"  {name}: {d['nodes']:,} nodes, {d['edges']:,} edges, {d['components']:,} "
            f"components (largest {d['largest_component']:,}); {d['territories']} territories "
            f"(largest {d['territory_nodes'][0]:,} nodes), joining streets: "
            f"{d['territories_joining_streets'] or 'none'}; without a street: "
            f"{d['nodes_without_street']:,} nodes"
        )
    b, c = found["brokers"], found["clusters"]
    # The analysis end to end, from the parts measured: the projection's read is the same
    # either way; per territory adds the streets of places and the split.
    extra = found["read_places_s"]
    for name, read, split, whole, per in (
        ("brokers", found["read_people_s"], found["split_people_s"], b["brokers_whole_s"],
         b["brokers_per_territory_s"]),
        ("collaboration-clusters", found["read_attendance_s"], found["split_attendance_s"],
         c["louvain_whole_s"], c["louvain_per_territory_s"]),
    ):  # fmt: skip
        before, after = read + whole, read + extra + split + per
        out.append(
            f"  {name} end to end, whole / per territory: {before:.2f} / {after:.2f} s "
            f"({before / after:.2f}x; of which the projection's read {read:.2f} s)"
        )
    out.append(
        f"  betweenness whole / per territory: {b['betweenness_whole_s']:.3f} / "
        f"{b['betweenness_per_territory_s']:.3f} s "
        f"({b['betweenness_whole_s'] / b['betweenness_per_territory_s']:.2f}x; fastest runs "
        f"{b['betweenness_whole_fastest_s']:.3f} / {b['betweenness_per_territory_fastest_s']:.3f} s"
        f"); largest "
        f"difference {b['max_difference']:.2e}; top 10 people same: {b['top10_person_same']}, "
        f"top 50 of every node same: {b['top50_all_same']}"
    )
    out.append(
        f"  brokers (top 10, explained) whole / per territory: {b['brokers_whole_s']:.3f} / "
        f"{b['brokers_per_territory_s']:.3f} s "
        f"({b['brokers_whole_s'] / b['brokers_per_territory_s']:.2f}x)"
    )
    out.append(
        f"  louvain whole / per territory: {c['louvain_whole_s']:.3f} / "
        f"{c['louvain_per_territory_s']:.3f} s "
        f"({c['louvain_whole_s'] / c['louvain_per_territory_s']:.2f}x; fastest runs "
        f"{c['louvain_whole_fastest_s']:.3f} / {c['louvain_per_territory_fastest_s']:.3f} s); "
        f"clusters "
        f"{c['same_resolution_clusters_whole']} / {c['same_resolution_clusters_per_territory']}, "
        f"identical {c['same_resolution_clusters_identical']}, NMI "
        f"{c['same_resolution_nmi']:.4f}; resolution scaled by weight share: "
        f"{c['scaled_resolution_clusters_per_territory']} clusters, identical "
        f"{c['scaled_resolution_clusters_identical']}, NMI {c['scaled_resolution_nmi']:.4f}"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    from benchmarks import load
    from benchmarks.run import log, roster_for
    from benchmarks.server import HERE, BenchServer
    from graph_service.sample.scale import PRESETS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(PRESETS), default="district")
    parser.add_argument("--port", type=int, default=7697, help="Bolt port of the bench Neo4j")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="leave the bench Neo4j running")
    args = parser.parse_args(argv)
    bench = BenchServer(args.port, args.scale)
    try:
        bench.start()
        runner = bench.runner()
        loaded = sum(row["count"] for row in runner.run("stats/node-counts"))
        runner.close()
        if not loaded:
            roster, _ = roster_for(PRESETS[args.scale])
            load.load_with_admin(bench, roster, log)
        runner = bench.runner()
        try:
            found = compare(runner, args.rounds, log)
        finally:
            runner.close()
    finally:
        if not args.keep:
            bench.stop()
    found["scale"] = args.scale
    found["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    print("\n".join(lines(found)))
    (HERE / "results").mkdir(exist_ok=True)
    path = HERE / "results" / f"territories-{args.scale}.json"
    path.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
