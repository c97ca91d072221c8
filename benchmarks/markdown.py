"""The measured table for docs/performance.md, from benchmarks/results/<scale>.json.

    .venv/bin/python -m benchmarks.markdown street district city

Prints markdown: one column per scale, each figure beside its baseline. Only what the JSON
holds is printed; a scale without results shows "not measured".
"""

from __future__ import annotations

import json
import sys
from typing import Any

from benchmarks.server import HERE


def _n(value: Any, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def _latency(result: dict[str, Any], path: str, name: str) -> str:
    d = result.get(path, {}).get(name)
    if not d:
        return "n/a"
    return f"{_n(d['p50_ms'], 2)} / {_n(d['p99_ms'], 2)} ({d['runs']})"


def rows(result: dict[str, Any]) -> dict[str, str]:
    """Figure name -> text, for one scale."""
    out: dict[str, str] = {}
    ld = result.get("load", {})
    if ld and "loaded_with" in ld:
        out["neo4j-admin import (floor), s"] = _n(ld["admin_import_s"])
        out["loaded with"] = ld["loaded_with"]
    elif ld:
        out["rows loaded"] = _n(ld["rows"])
        out["batched import, s"] = _n(ld["batched_s"])
        out["row by row, s (extrapolated from N rows)"] = (
            f"{_n(ld['row_by_row_s_extrapolated'])} ({_n(ld['row_by_row_sample_rows'])})"
        )
        out["batched vs row by row"] = f"{_n(ld['speedup_vs_row_by_row'])}x faster"
        out["neo4j-admin import (floor), s"] = _n(ld["admin_import_s"])
        out["batched / floor (time ratio)"] = f"{_n(ld['slowdown_vs_admin'], 2)}x"
    for name in result.get("driver", {}):
        out[f"{name}: driver p50 / p99 ms (runs)"] = _latency(result, "driver", name)
        if name not in result.get("api", {}):
            continue  # the driver's round trip has no API counterpart
        out[f"{name}: API p50 / p99 ms (runs)"] = _latency(result, "api", name)
        if result.get("api_cached"):
            out[f"{name}: API from result cache p50 / p99 ms"] = _latency(
                result, "api_cached", name
            )
    nv = result.get("naive", {})
    if nv:
        out["naive: read whole graph, s"] = _n(nv["read_whole_graph_s"], 2)
        for name in ("uncovered-stairwells", "overloaded-liaisons"):
            q = nv[name]
            out[f"naive {name}: s, x Cypher p50 (agree)"] = (
                f"{_n(q['naive_s'], 2)} s, {_n(q['ratio'])}x ({q['answers_agree']})"
            )
    gl = result.get("graph_libs", {})
    if gl:
        extra = " (extrapolated)" if gl["brokers_networkx_extrapolated"] else ""
        out["brokers: networkx / igraph / rustworkx, s"] = (
            f"{_n(gl['brokers_networkx_s'], 2)}{extra} / {_n(gl['brokers_igraph_s'], 2)} / "
            f"{_n(gl['brokers_rustworkx_s'], 2)} ({_n(gl['brokers_ratio'])}x)"
        )
        out["clusters: networkx / igraph, s"] = (
            f"{_n(gl['clusters_networkx_s'], 2)} / {_n(gl['clusters_igraph_s'], 2)} "
            f"({_n(gl['clusters_ratio'])}x)"
        )
    tr = result.get("territories", {})
    if tr:
        b, c = tr["brokers"], tr["clusters"]
        out["betweenness whole / per territory, s (top 50 same)"] = (
            f"{_n(b['betweenness_whole_s'], 3)} / {_n(b['betweenness_per_territory_s'], 3)} "
            f"({_n(b['betweenness_whole_s'] / b['betweenness_per_territory_s'], 2)}x; "
            f"{b['top50_all_same']})"
        )
        out["louvain whole / per territory, s (NMI)"] = (
            f"{_n(c['louvain_whole_s'], 3)} / {_n(c['louvain_per_territory_s'], 3)} "
            f"({_n(c['louvain_whole_s'] / c['louvain_per_territory_s'], 2)}x; "
            f"{c['same_resolution_nmi']:.4f})"
        )
    for name, h in result.get("http", {}).items():
        out[f"wrk 32 conns, {name}: req/s, p99 ms"] = (
            f"{_n(h.get('requests_per_s'))}, {_n(h.get('p99_ms'), 2)}"
        )
    return out


def main(scales: list[str]) -> int:
    found = {}
    for scale in scales:
        path = HERE / "results" / f"{scale}.json"
        found[scale] = json.loads(path.read_text()) if path.exists() else {}
    tables = {scale: rows(result) for scale, result in found.items()}
    names = list(dict.fromkeys(name for table in tables.values() for name in table))
    print("| figure | " + " | ".join(scales) + " |")
    print("|---|" + "---|" * len(scales))
    for name in names:
        cells = [tables[scale].get(name, "not measured") for scale in scales]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["street", "district", "city"]))
