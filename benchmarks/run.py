"""`make bench SCALE=street|district|city`: every benchmark at one scale, side by side.

Generates the network (cached in benchmarks/.data/), starts the benchmarks' own Neo4j
(benchmarks/.neo4j-bench-<port>, port 7697 unless --port), and measures: load (batched vs row
by row vs neo4j-admin), every analysis through the driver and the API, the naive networkx path,
networkx vs igraph/rustworkx, the graph computations whole vs per territory, and the API under
load (wrk). Prints a table and writes it as JSON to benchmarks/results/ (ignored by git).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import (
    access_cost,
    code_ab,
    drill,
    graph_libs,
    history,
    latency,
    load,
    naive,
    reports,
    territories,
)
from benchmarks.access_cost import under_load
from benchmarks.report import table
from benchmarks.server import HERE, PASSWORD, BenchServer
from graph_service.sample.scale import PRESETS, generate_scaled

PACKAGES = ("neo4j", "neo4j-rust-ext", "fastapi", "uvicorn", "networkx", "igraph", "rustworkx")
# scale -> (row-by-row sample rows, runs per analysis, budget per analysis s, wrk s, graph s)
EFFORT = {
    "street": (3_000, 20, 4.0, 5, 60.0),
    "district": (5_000, 10, 5.0, 10, 120.0),
    "city": (5_000, 3, 1.0, 10, 120.0),
    "quick": (1_000, 5, 1.0, 2, 5.0),
}


SKIPPABLE = ("drill", "naive", "reports", "history")  # the slowest phases past the city


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    """What the figures ran on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    versions = {name: metadata.version(name) for name in PACKAGES}
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "packages": versions,
    }


def roster_for(households: int) -> tuple[Path, float]:
    """The generated roster (made once per household count) and the seconds it took."""
    folder = HERE / ".data" / f"households-{households}"
    done = folder / "planted.json"
    if done.exists():
        return folder, json.loads((folder / "generated.json").read_text())["seconds"]
    start = time.perf_counter()
    generate_scaled(folder, households)
    seconds = time.perf_counter() - start
    (folder / "generated.json").write_text(json.dumps({"seconds": seconds}))
    return folder, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(PRESETS), default="street")
    parser.add_argument("--households", type=int, help="instead of the preset's count")
    parser.add_argument("--port", type=int, default=7697, help="Bolt port of the bench Neo4j")
    parser.add_argument("--api-port", type=int, default=8020)
    parser.add_argument("--home", type=Path, help="bench Neo4j home (benchmarks/.neo4j-bench-PORT)")
    parser.add_argument("--keep", action="store_true", help="leave the bench Neo4j running")
    parser.add_argument(
        "--load-with-admin",
        action="store_true",
        help="load with neo4j-admin instead of measuring the load (when the batched import "
        "cannot run, e.g. out of heap at city scale); 2 runs per analysis at least",
    )
    parser.add_argument(
        "--skip-naive", action="store_true", help="leave out reading the whole graph (slow)"
    )
    parser.add_argument(
        "--skip",
        type=lambda text: set(text.split(",")),
        default=set(),
        help=f"phases to leave out, comma-separated, of: {', '.join(SKIPPABLE)} (a point "
        "beyond the city in an afternoon: --skip naive,reports,history)",
    )
    parser.add_argument(
        "--baseline",
        default=code_ab.BASELINE,
        help="the earlier commit whose API is measured beside this one under load "
        f"(default {code_ab.BASELINE}, before the request path was profiled); none: skip",
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs and shorter load (the test's smoke check)"
    )
    args = parser.parse_args(argv)
    if args.skip_naive:
        args.skip.add("naive")
    if args.skip - set(SKIPPABLE):
        parser.error(f"--skip: unknown phase {sorted(args.skip - set(SKIPPABLE))}")
    households = args.households or PRESETS[args.scale]
    sample_rows, runs, budget_s, wrk_s, graph_budget_s = EFFORT[
        "quick" if args.quick else args.scale
    ]
    # A smoke run never replaces a real result, nor does a run at another size.
    name = "quick" if args.quick else args.scale
    if args.households and not args.quick:
        name += f"-{households}"
    result: dict[str, Any] = {
        "scale": args.scale,
        "quick": args.quick,
        "households": households,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_at_start": os.getloadavg(),  # other servers share the 2 cores
    }
    log(f"generating {households:,} households")
    roster, result["generate_s"] = roster_for(households)
    beyond = households > PRESETS["city"]
    bench = BenchServer(args.port, "beyond-city" if beyond else args.scale, args.home)
    result["neo4j_memory"] = {"heap": bench.server.heap, "pagecache": bench.server.pagecache}
    results = HERE / "results"
    results.mkdir(exist_ok=True)

    def save() -> None:  # after every phase: a long run that is stopped keeps what it measured
        path = results / f"{name}.partial.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")

    try:
        if args.load_with_admin:
            latency.MIN_RUNS = 2
            result["load"] = load.load_with_admin(bench, roster, log)
        else:
            result["load"] = load.measure_load(
                bench, roster, sample_rows, log, wipe_in_place=args.quick
            )
        save()
        runner = bench.runner()
        try:
            [component] = runner.run("health/components")
            result["machine"]["neo4j"] = f"{component['name']} {component['version']}"
            result["driver"] = latency.driver_latency(runner, runs, budget_s, log)
            save()
            if "drill" not in args.skip:
                result["drill"] = drill.compare(runner, runs, budget_s, log)
                save()
            # KEEP_ANSWERS off: the cache's rows are answers from the cache either way, and the
            # background round of kept answers would share the cores with what is measured.
            env = {
                "NEO4J_URI": bench.uri,
                "NEO4J_PASSWORD": PASSWORD,
                "QUERY_TIMEOUT_S": "1800",
                "KEEP_ANSWERS": "false",
            }
            lookup = latency.lookup_target(runner)
            # Latency of the work itself: the API with its result cache off.
            with latency.ApiServer(args.api_port, {**env, "RESULT_CACHE_S": "0"}) as api:
                result["api"] = latency.api_latency(api, lookup, runs, budget_s, log)
            save()
            with latency.ApiServer(args.api_port, env) as api:  # the cache on, as deployed
                log("api, answers from the result cache")
                result["api_cached"] = latency.api_latency(api, lookup, runs, budget_s, log)
                log("wrk: entity lookup, a cached analysis, the no-database floor")
                result["http"] = under_load(api, lookup, wrk_s)
            save()
            if args.baseline != "none":
                # This code's API against an earlier commit's, both served at once.
                result["code_ab"] = code_ab.compare(
                    env, lookup, args.api_port, wrk_s, 1 if args.quick else 3, args.baseline, log
                )
                save()
            # The cost of access control and the audit trail: the same build with them off,
            # both served at once, in alternating pairs of turns (benchmarks/access_cost.py).
            result["access_control"] = access_cost.compare(
                env, lookup, args.api_port, wrk_s, 1 if args.quick else 2, log
            )
            save()
            log("graph libraries")
            result["graph_libs"] = graph_libs.compare(runner, graph_budget_s)
            save()
            result["territories"] = territories.compare(runner, 3 if args.quick else 5, log)
            save()
            if "naive" in args.skip:
                result["naive_skipped"] = "not measured: --skip naive"
            else:
                log("naive networkx path")
                p50 = {name: figures["p50_ms"] for name, figures in result["driver"].items()}
                result["naive"] = naive.compare(runner, p50)
            save()
            if "reports" not in args.skip:
                result["reports"] = reports.measure(runner, rounds=1 if args.quick else 5, log=log)
                save()
            if "history" not in args.skip:  # last: it changes the graph (imports, a reload)
                result["history"] = history.measure(
                    runner, roster, HERE / ".data", rounds=1 if args.quick else 6, runs=runs,
                    budget_s=budget_s, first_load=args.quick or args.scale == "street", log=log,
                )  # fmt: skip
        finally:
            runner.close()
    finally:
        if not args.keep:
            bench.stop()
    result["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    result["load_average_at_end"] = os.getloadavg()
    text = table(result)
    print(text)
    stamp = result["started"].replace(":", "").replace("-", "")
    for path in (results / f"{name}.json", results / f"{name}-{stamp}.json"):
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    (results / f"{name}.txt").write_text(text + "\n")
    log(f"wrote {results / (name + '.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
