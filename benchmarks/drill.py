"""The wartime drill at this scale: recalling every city-level department, the whole answer
(what goes dark and a cover plan) beside the drill's Cypher alone (the same four reads, with
no flow and no answer built), through the runner the API uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.latency import repeat
from graph_service.analyses.drill import resolve, run_drill, taken_out
from graph_service.db.runner import Runner


def drill_cypher(runner: Runner) -> dict[str, int]:
    """The drill's reads alone: departments, who is out, the dark places, the cover pool."""
    departments = [row["id"] for row in resolve(runner, [], True, [])]
    out = taken_out(runner, departments, [])
    dark = runner.run("drill/dark-places", {"out_ids": out})
    communities = sorted({row["community_id"] for row in dark if row["community_id"]})
    pool = runner.run("drill/cover-pool", {"community_ids": communities, "recent_days": 183})
    return {"people_out": len(out), "dark_places": len(dark), "pool_rows": len(pool)}


def compare(
    runner: Runner, runs: int, budget_s: float, log: Callable[[str], None]
) -> dict[str, Any]:
    """p50/p99 of the whole drill and of its Cypher alone, and what the drill found."""
    log("drill: all city-level departments, Cypher alone")
    sizes = drill_cypher(runner)
    cypher = repeat(lambda: drill_cypher(runner), runs, budget_s)
    log("drill: all city-level departments, whole answer with the cover plan")
    answer = run_drill(runner, [], city_level=True)
    whole = repeat(lambda: run_drill(runner, [], city_level=True), runs, budget_s)
    return {
        **sizes,
        "covered": len(answer.cover.assignments),
        "uncovered": len(answer.cover.uncovered),
        "cypher": cypher,
        "whole": whole,
        "ratio": whole["p50_ms"] / cypher["p50_ms"] if cypher["p50_ms"] else None,
    }
