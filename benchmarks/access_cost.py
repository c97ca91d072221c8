"""`make bench-access`: the cost of access control and the audit trail, side by side, alone.

The same build is served twice at once against the benchmarks' own Neo4j (street scale, loaded
with neo4j-admin when the store is empty): one server as deployed (every request signs in with
an API token, passes its policy, and every read is an audit record, chained and written by the
trail's writer thread) and one with `ACCESS_CONTROL=false` (the benchmark's switch only). wrk
hammers each in turns, alternating which goes first (off/on, on/off, …), so a change in the
machine's load falls on both alike; each pair gives a ratio on/off, and the median of the
pairs is the figure (`make bench` runs the same comparison with fewer pairs). Figures are
printed and written to benchmarks/results/access-cost.json, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from benchmarks import http_load, latency, load
from benchmarks.server import HERE, PASSWORD, BenchServer
from graph_service.sample.scale import PRESETS

REQUESTS = ("lookup", "cached_analysis", "no_database")


def paths(lookup: tuple[str, str]) -> dict[str, str]:
    """The requests compared: an entity lookup, a cached analysis, and the floor: FastAPI and
    uvicorn alone (the catalogue, which reads no database)."""
    return {
        "lookup": f"/api/v1/nodes/{lookup[0]}/{lookup[1]}",
        "cached_analysis": "/api/v1/analyses/overloaded-liaisons",
        "no_database": "/api/v1/analyses",
    }


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system, every thread) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def under_load(api: latency.ApiServer, lookup: tuple[str, str], seconds: int) -> dict[str, Any]:
    """wrk on each request in turn, with the server's CPU per answered request: on a shared
    machine throughput follows the load of others, the CPU a request costs much less so."""
    found = {}
    pid = api.process.pid if api.process else None
    for name, path in paths(lookup).items():
        before = cpu_s(pid) if pid else 0.0
        figures = http_load.hammer(f"{api.base}{path}", seconds, api.headers)
        if pid and figures.get("requests"):
            figures["server_cpu_ms_per_request"] = round(
                (cpu_s(pid) - before) * 1000 / figures["requests"], 3
            )
        found[name] = figures
    return found


def compare(
    env: dict[str, str],
    lookup: tuple[str, str],
    api_port: int,
    seconds: int,
    pairs: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """`pairs` turns of wrk on the server with access control on and on the one with it off
    (both running throughout), alternating which goes first; per request, every turn's rate,
    each pair's ratio on/off and their median."""
    on = latency.ApiServer(api_port, env)
    off = latency.ApiServer(api_port + 1, {**env, "ACCESS_CONTROL": "false"})
    with on, off:
        rounds = alternating({"off": off, "on": on}, lookup, seconds, pairs, log)
    return {"rounds": rounds, "ratios": ratios(rounds)}


def alternating(
    servers: dict[str, latency.ApiServer],
    lookup: tuple[str, str],
    seconds: int,
    pairs: int,
    log: Callable[[str], None],
) -> dict[str, list[dict[str, Any]]]:
    """Two running servers, warmed (every request once, its answer cached and waited for), then
    `pairs` turns of `under_load` on each, alternating which goes first (the first named in
    `servers` leads the first pair); every turn's figures per server."""
    for api in servers.values():
        for path in paths(lookup).values():
            httpx.get(f"{api.base}{path}", headers=api.headers, timeout=1800).raise_for_status()
    order = list(servers)
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in order}
    for pair in range(pairs):
        for turn in order if pair % 2 == 0 else order[::-1]:
            log(f"wrk: pair {pair + 1} of {pairs}, {turn}")
            rounds[turn].append(under_load(servers[turn], lookup, seconds))
    return rounds


def ratios(rounds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Per request: each pair's on/off throughput, their median, and the means of each side."""
    found: dict[str, Any] = {}
    for name in REQUESTS:
        on = [turn[name].get("requests_per_s") for turn in rounds["on"]]
        off = [turn[name].get("requests_per_s") for turn in rounds["off"]]
        if not all(on + off):
            found[name] = {"note": "wrk is not installed or a turn failed"}
            continue
        pair_ratios = [a / b for a, b in zip(on, off, strict=True)]
        cpu = {
            turn: [r[name].get("server_cpu_ms_per_request") for r in rounds[turn]]
            for turn in ("on", "off")
        }
        found[name] = {
            "pairs": [round(r, 3) for r in pair_ratios],
            "median_ratio": round(statistics.median(pair_ratios), 3),
            "mean_on": round(statistics.fmean(on), 1),
            "mean_off": round(statistics.fmean(off), 1),
        }
        if all(cpu["on"] + cpu["off"]):
            # CPU per request off/on: the share of throughput kept where the CPU is the limit.
            found[name]["cpu_ms_on"] = round(statistics.median(cpu["on"]), 3)
            found[name]["cpu_ms_off"] = round(statistics.median(cpu["off"]), 3)
            found[name]["cpu_ratio"] = round(
                found[name]["cpu_ms_off"] / found[name]["cpu_ms_on"], 3
            )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=7697, help="Bolt port of the bench Neo4j")
    parser.add_argument("--api-port", type=int, default=8020, help="and the next one")
    parser.add_argument("--home", type=Path, help="bench Neo4j home (benchmarks/.neo4j-bench-PORT)")
    parser.add_argument(
        "--scale", choices=sorted(PRESETS), default="street", help="of the graph (its memory)"
    )
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=5, help="of wrk per turn and request")
    parser.add_argument("--keep", action="store_true", help="leave the bench Neo4j running")
    parser.add_argument(
        "--baseline",
        help="also this code's API against the one at this commit, on the same graph "
        "(benchmarks/code_ab.py; e.g. on a city kept with `make bench SCALE=city --keep`)",
    )
    args = parser.parse_args(argv)

    from benchmarks import code_ab
    from benchmarks.run import log, machine, roster_for

    result: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_at_start": os.getloadavg(),
    }
    bench = BenchServer(args.port, args.scale, args.home)
    try:
        bench.start()
        runner = bench.runner()
        empty = runner.run("stats/is-empty")[0]["empty"]
        runner.close()
        if empty:
            bench.stop()
            roster, _ = roster_for(PRESETS[args.scale])
            result["load"] = load.load_with_admin(bench, roster, log)
        runner = bench.runner()
        try:
            lookup = latency.lookup_target(runner)
        finally:
            runner.close()
        env = {"NEO4J_URI": bench.uri, "NEO4J_PASSWORD": PASSWORD}
        result["access_control"] = compare(
            env, lookup, args.api_port, args.seconds, args.pairs, log
        )
        if args.baseline:
            result["code"] = code_ab.compare(
                env, lookup, args.api_port, args.seconds, args.pairs, args.baseline, log
            )
    finally:
        if not args.keep:
            bench.stop()
    result["load_average_at_end"] = os.getloadavg()
    text = report(result["access_control"]["ratios"])
    if "code" in result:
        text += "\n" + code_ab.report(result["code"])
    print(text)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "access-cost.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    return 0


def report(found: dict[str, Any]) -> str:
    """One line per request: the median pair ratio, the pairs, and the means."""
    lines = ["-- access control and audit: on vs off (wrk in alternating pairs, same run) --"]
    for name, figures in found.items():
        if "note" in figures:
            lines.append(f"  {name:<16} n/a: {figures['note']}")
            continue
        pairs = ", ".join(f"{r:.0%}" for r in figures["pairs"])
        lines.append(
            f"  {name:<16} on keeps {figures['median_ratio']:.0%} of off's throughput "
            f"(median of pairs {pairs}; means on {figures['mean_on']} req/s, "
            f"off {figures['mean_off']} req/s)"
        )
        if "cpu_ratio" in figures:
            lines.append(
                f"  {'':<16} server CPU per request: on {figures['cpu_ms_on']} ms, off "
                f"{figures['cpu_ms_off']} ms (medians): on keeps {figures['cpu_ratio']:.0%}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
