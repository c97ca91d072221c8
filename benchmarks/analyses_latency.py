"""Latency of every analysis on the sample network: p50 and p99 over warm runs.

Each analysis is requested through the API in-process (route → runner → renderer, the whole
path but the network), first `--warm` times to warm Neo4j's query cache and page cache, then
`--runs` times measured. The graph computations read their projection and compute on every
request (nothing is cached), so their time includes both. At the end, betweenness on the
person–organisation projection is timed with igraph and with networkx, as a ratio: the reason
`graph_service.algorithms.brokers` uses igraph.

Run against a database holding the sample network (`make run` loads it), e.g.

    .venv/bin/python benchmarks/analyses_latency.py        # the server `make run` started
    NEO4J_URI=bolt://127.0.0.1:7692 NEO4J_PASSWORD=… .venv/bin/python benchmarks/analyses_latency.py
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from httpx import Response

from graph_service.algorithms.brokers import Backend, betweenness
from graph_service.analyses import projections
from graph_service.analyses.answers import catalogue
from graph_service.app import create_app
from graph_service.db.runner import Runner
from graph_service.settings import get_settings


def percentile(sorted_times: list[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    return sorted_times[max(0, math.ceil(share * len(sorted_times)) - 1)]


def measure(call: Callable[[], Response], warm: int, runs: int) -> tuple[list[float], Response]:
    for _ in range(warm):
        call()
    times = []
    response = call()
    for _ in range(runs):
        start = time.perf_counter()
        response = call()
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{response.request.url}: {response.status_code} {response.text}")
    return sorted(times), response


def rows_in(response: Response) -> int:
    """How many rows (results, moves, stairwells, nodes) an answer carries."""
    if response.headers["content-type"].startswith("text/csv"):
        return response.text.count("\r\n") - 1  # minus the header line
    body = response.json()
    if "total" in body:
        return int(body["total"])
    for key in ("results", "moves", "stairwells", "nodes"):
        if key in body:
            return len(body[key])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="measured runs per request")
    parser.add_argument("--warm", type=int, default=2, help="unmeasured runs first")
    args = parser.parse_args()

    settings = get_settings()
    print(f"Neo4j {settings.neo4j_uri}; {args.warm} warm-up + {args.runs} measured runs each\n")
    print(f"{'request':<58}{'rows':>6}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    with TestClient(create_app(settings)) as client:
        stats = client.get("/api/v1/stats")
        if stats.status_code == 200 and not stats.json().get("nodes", {}).get("Stairwell"):
            raise SystemExit("the database holds no stairwells: load the sample first (make run)")
        requests: list[tuple[str, Callable[[], Response]]] = [
            (f"GET analyses/{name}", lambda name=name: client.get(f"/api/v1/analyses/{name}"))
            for name in catalogue()
        ]
        requests += [
            (
                "GET analyses/uncovered-stairwells?format=csv",
                lambda: client.get("/api/v1/analyses/uncovered-stairwells?format=csv"),
            ),
            (
                "POST plans/rebalance (grid, limit 3)",
                lambda: client.post("/api/v1/plans/rebalance", json={"stairwell_limit": 3}),
            ),
            ("GET search?q=社区", lambda: client.get("/api/v1/search", params={"q": "社区"})),
            ("GET search?q=hj (pinyin initials)", lambda: client.get("/api/v1/search?q=hj")),
        ]
        first_spof = client.get("/api/v1/analyses/single-points-of-failure?limit=1").json()
        if first_spof["rows"]:
            worst = first_spof["rows"][0]["node_key"]
            requests.append(
                (
                    f"GET what-if?remove={worst}",
                    lambda: client.get(f"/api/v1/what-if?remove={worst}"),
                )
            )
        requests += [
            (
                "GET nodes/Community/CM01/neighborhood?depth=2",
                lambda: client.get("/api/v1/nodes/Community/CM01/neighborhood?depth=2"),
            ),
            (
                "GET paths Department:D01 -> Stairwell:S0001",
                lambda: client.get("/api/v1/paths?from=Department:D01&to=Stairwell:S0001"),
            ),
        ]
        for label, call in requests:
            times, response = measure(call, args.warm, args.runs)
            print(f"{label:<58}{rows_in(response):>6}", end="")
            print(
                f"{percentile(times, 0.5) * 1e3:>10.1f}"
                f"{percentile(times, 0.99) * 1e3:>10.1f}{statistics.fmean(times) * 1e3:>10.1f}"
            )

    runner = Runner.from_settings(settings)
    graph = projections.person_organisation(runner, "benchmark")
    runner.close()
    timings = {}
    backends: tuple[Backend, ...] = ("igraph", "networkx")
    for backend in backends:
        start = time.perf_counter()
        betweenness(graph, backend)
        timings[backend] = time.perf_counter() - start
    print(
        f"\nbetweenness on the person–organisation projection ({graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges): igraph {timings['igraph'] * 1e3:.0f} ms, "
        f"networkx {timings['networkx'] * 1e3:.0f} ms, "
        f"networkx/igraph = {timings['networkx'] / timings['igraph']:.0f}x"
    )


if __name__ == "__main__":
    main()
