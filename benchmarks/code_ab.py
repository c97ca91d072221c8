"""This checkout's API against the same API at an earlier commit, under load, in one run.

The earlier commit is `git archive`d into a temporary folder and served with this virtualenv's
packages (`latency.ApiServer(source=…)`), beside this code's API, both against the bench's
Neo4j and both running throughout. wrk then takes turns on them, alternating which goes first
(now/before, before/now, …), on each request of `access_cost.paths`: an entity lookup, a cached
analysis and the no-database floor. Per request: each pair's throughput ratio now/before and
their median, and each side's mean rate and p99/p50.
"""

from __future__ import annotations

import statistics
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import latency
from benchmarks.access_cost import REQUESTS, alternating

# The last commit before the request path was profiled (BaseHTTPMiddleware, a thread hand-off
# for the policy, two queries per read).
BASELINE = "5f05190"
REPO = Path(__file__).resolve().parent.parent


def archived(revision: str, folder: Path) -> Path:
    """The package as it was at `revision`, unpacked into `folder`."""
    archive = folder / "source.tar"
    subprocess.run(
        ["git", "archive", "--format=tar", "-o", str(archive), revision, "graph_service"],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder


def compare(
    env: dict[str, str],
    lookup: tuple[str, str],
    api_port: int,
    seconds: int,
    pairs: int,
    baseline: str,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """`pairs` turns of wrk on this code's API and on `baseline`'s, alternating which goes
    first; per request, every turn's figures and the ratios (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as folder:
        try:
            source = archived(baseline, Path(folder))
        except subprocess.CalledProcessError as error:
            return {"note": f"git archive {baseline} failed: {error.stderr.decode().strip()}"}
        now = latency.ApiServer(api_port, env)
        before = latency.ApiServer(api_port + 1, env, source=source)
        with now, before:
            rounds = alternating({"before": before, "now": now}, lookup, seconds, pairs, log)
    return {"baseline": baseline, "rounds": rounds, "ratios": ratios(rounds)}


def ratios(rounds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Per request: each pair's now/before throughput, their median, and each side's means."""
    found: dict[str, Any] = {}
    for name in REQUESTS:
        sides = {side: [turn[name] for turn in rounds[side]] for side in ("now", "before")}
        rates = {side: [t.get("requests_per_s") for t in turns] for side, turns in sides.items()}
        if not all(rates["now"] + rates["before"]):
            found[name] = {"note": "wrk is not installed or a turn failed"}
            continue
        pair_ratios = [a / b for a, b in zip(rates["now"], rates["before"], strict=True)]
        found[name] = {
            "pairs": [round(r, 3) for r in pair_ratios],
            "median_ratio": round(statistics.median(pair_ratios), 3),
            **{f"mean_{side}": round(statistics.fmean(r), 1) for side, r in rates.items()},
            **{
                f"p99_over_p50_{side}": round(
                    statistics.median(t["p99_ms"] / t["p50_ms"] for t in turns), 2
                )
                for side, turns in sides.items()
                if all(t.get("p50_ms") and t.get("p99_ms") for t in turns)
            },
        }
    return found


def report(found: dict[str, Any]) -> str:
    """One line per request: now against before, and each side's tail."""
    if "note" in found:
        return f"-- this code vs an earlier commit: n/a: {found['note']} --"
    lines = [f"-- the API now vs at {found['baseline']} (wrk in alternating pairs, same run) --"]
    for name, figures in found["ratios"].items():
        if "note" in figures:
            lines.append(f"  {name:<16} n/a: {figures['note']}")
            continue
        pairs = ", ".join(f"{r:.2f}x" for r in figures["pairs"])
        lines.append(
            f"  {name:<16} now {figures['median_ratio']:.2f}x before (pairs {pairs}; means "
            f"now {figures['mean_now']} req/s, before {figures['mean_before']} req/s; p99/p50 "
            f"now {figures.get('p99_over_p50_now', 'n/a')}, "
            f"before {figures.get('p99_over_p50_before', 'n/a')})"
        )
    return "\n".join(lines)
