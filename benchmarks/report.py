"""The benchmark's table: each figure beside its baseline, as plain text."""

from __future__ import annotations

from typing import Any

from benchmarks.access_cost import report as access_report
from benchmarks.code_ab import report as code_ab_report
from benchmarks.territories import lines as territory_lines


def _f(value: Any, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    return f"{value:,}{unit}"


def table(result: dict[str, Any]) -> str:
    """Every section of a benchmark result as aligned text."""
    lines: list[str] = []
    add = lines.append
    m = result["machine"]
    quick = " (quick: fewer runs, figures rougher)" if result.get("quick") else ""
    add(f"== benchmark: scale {result['scale']}, {result['households']:,} households{quick} ==")
    add(f"machine: {m['nproc']} cores, {m['memory_gib']} GiB, {m['cpu']}; {m.get('neo4j', '')}; "
        f"load average {result['load_average_at_start'][0]:.1f} at start")  # fmt: skip
    add(f"bench Neo4j: heap {result['neo4j_memory']['heap']}, "
        f"page cache {result['neo4j_memory']['pagecache']}; "
        f"generating the roster took {_f(result['generate_s'])} s")  # fmt: skip

    ld = result.get("load")
    if ld and "loaded_with" in ld:
        add("")
        add(f"-- load: {ld['loaded_with']} (the batched import was not measured in this run) --")
        add(f"  neo4j-admin database import {_f(ld['admin_import_s'])} s; schema and derived state "
            f"{_f(ld['schema_and_roles_s'])} s")  # fmt: skip
    elif ld:
        add("")
        add(f"-- load: {ld['rows']:,} rows (nodes, link and relationship rows) --")
        add(f"  batched import (validate + diff + write)  {_f(ld['batched_s'])} s"
            f"  (of which reading + validating the files alone: "
            f"{_f(ld.get('read_and_validate_s'))} s)")  # fmt: skip
        add(f"  row by row, extrapolated from {ld['row_by_row_sample_rows']:,} rows timed "
            f"({_f(ld['row_by_row_sample_s'], 2)} s; same rows batched "
            f"{_f(ld['batched_sample_s'], 2)} s)  {_f(ld['row_by_row_s_extrapolated'])} s  "
            f"-> batched {_f(ld['speedup_vs_row_by_row'])}x faster")  # fmt: skip
        add(f"  neo4j-admin database import (floor)       {_f(ld['admin_import_s'])} s  "
            f"-> batched {_f(ld['slowdown_vs_admin'])}x the floor")  # fmt: skip

    driver, api = result.get("driver", {}), result.get("api", {})
    cached = result.get("api_cached", {})
    if driver:
        add("")
        add("-- latency, warm (ms): driver p50 / p99 | API p50 / p99 (cache off) | runs "
            "| API p50 from the result cache --")  # fmt: skip
        for name, d in driver.items():
            a, c = api.get(name, {}), cached.get(name, {})
            add(f"  {name:<28} {_f(d['p50_ms'], 2):>10} / {_f(d['p99_ms'], 2):>10} | "
                f"{_f(a.get('p50_ms'), 2):>10} / {_f(a.get('p99_ms'), 2):>10} | "
                f"{d['runs']}/{a.get('runs', '-')} | {_f(c.get('p50_ms'), 2)}")  # fmt: skip

    dr = result.get("drill")
    if dr:
        add("")
        add(f"-- wartime drill, all city-level departments recalled: {dr['people_out']:,} people "
            f"out, {dr['dark_places']:,} places dark, {dr['covered']:,} covered, "
            f"{dr['uncovered']:,} not --")  # fmt: skip
        for name, label in (("whole", "whole answer (reads + cover plan)"),
                            ("cypher", "the drill's Cypher alone")):  # fmt: skip
            d = dr[name]
            add(f"  {label:<36} p50 {_f(d['p50_ms'], 1):>9} ms  p99 {_f(d['p99_ms'], 1):>9} ms"
                f"  ({d['runs']} runs)")  # fmt: skip
        add(f"  whole / Cypher alone: {_f(dr['ratio'], 2)}x")

    if result.get("naive_skipped"):
        add("")
        add(f"-- naive networkx: {result['naive_skipped']} --")
    nv = result.get("naive")
    if nv:
        add("")
        add(f"-- naive networkx (read the whole graph: {nv['nodes']:,} nodes, "
            f"{nv['relationships']:,} relationships, {_f(nv['read_whole_graph_s'])} s) "
            f"vs Cypher p50 --")  # fmt: skip
        for name in ("uncovered-stairwells", "overloaded-liaisons"):
            q = nv[name]
            add(f"  {name:<22} naive {_f(q['naive_s'], 2)} s vs Cypher "
                f"{_f(q['cypher_p50_ms'], 2)} ms -> {_f(q['ratio'])}x; "
                f"answers agree: {q['answers_agree']} ({q['answers']})")  # fmt: skip

    gl = result.get("graph_libs")
    if gl:
        add("")
        nx_note = " (extrapolated)" if gl["brokers_networkx_extrapolated"] else ""
        add("-- graph libraries (s) on the same projection --")
        add(f"  brokers ({gl['brokers_nodes']:,} nodes, {gl['brokers_edges']:,} edges): "
            f"networkx {_f(gl['brokers_networkx_s'], 2)}{nx_note}, "
            f"igraph {_f(gl['brokers_igraph_s'], 2)}, rustworkx {_f(gl['brokers_rustworkx_s'], 2)}"
            f" -> {_f(gl['brokers_ratio'])}x")  # fmt: skip
        add(f"  clusters ({gl['clusters_nodes']:,} nodes, {gl['clusters_edges']:,} edges): "
            f"networkx {_f(gl['clusters_networkx_s'], 2)}, igraph {_f(gl['clusters_igraph_s'], 2)}"
            f" -> {_f(gl['clusters_ratio'])}x")  # fmt: skip

    tr = result.get("territories")
    if tr:
        add("")
        add(f"-- graph computations whole vs per territory (median of {tr['rounds']} alternating "
            f"turns; reads, median: people {_f(tr['read_people_s'], 2)} s, attendance "
            f"{_f(tr['read_attendance_s'], 2)} s, streets of places "
            f"{_f(tr['read_places_s'], 2)} s) --")  # fmt: skip
        lines.extend(territory_lines(tr))

    hs = result.get("history")
    if hs:
        add("")
        imp = hs["import"]
        add(f"-- history (import of a 1% change, median of {imp['imports_each']} each; "
            f"{hs['snapshots']} snapshots) --")  # fmt: skip
        add(f"  import with history {_f(imp['with_history_s'], 2)} s vs without "
            f"{_f(imp['without_history_s'], 2)} s -> history costs "
            f"{_f(imp['overhead'] * 100)}%; recording it, timed inside the import: "
            f"{_f(imp['recording_s'], 2)} s = {_f(imp['recording_share'] * 100)}% "
            "of the import")  # fmt: skip
        first = hs.get("first_load")
        if first:
            add(f"  first load with history {_f(first['with_history_s'], 2)} s vs without "
                f"{_f(first['without_history_s'], 2)} s -> "
                f"{_f(first['overhead'] * 100)}%")  # fmt: skip
        for name, label in (("diff", f"diff of two snapshots ({hs['diff_changes']:,} changes)"),
                            ("trend", f"trend over {hs['snapshots']} snapshots"),
                            ("ledger_page", "ledger page of a street (50 cases)"),
                            ("ledger_stats", "ledger statistics of a street")):  # fmt: skip
            q = hs[name]
            add(f"  {label:<44} p50 {_f(q['p50_ms'], 2)} ms, p99 {_f(q['p99_ms'], 2)} ms "
                f"({q['runs']} runs)")  # fmt: skip

    rp = result.get("reports")
    if rp:
        add("")
        add(f"-- briefing of {rp['scope']} (median of {rp['rounds']}; target 10 s) --")
        add(f"  analyses it contains, alone {_f(rp['analyses_s'], 2)} s | PDF "
            f"{_f(rp['pdf_s'], 2)} s ({_f(rp['pdf_ratio'], 2)}x, {rp['pdf_bytes']:,} bytes) | "
            f"Word {_f(rp['docx_s'], 2)} s ({_f(rp['docx_ratio'], 2)}x, "
            f"{rp['docx_bytes']:,} bytes)")  # fmt: skip

    http = result.get("http")
    if http:
        add("")
        add("-- API under load (wrk, 32 connections, separate process) --")
        for name, h in http.items():
            add(f"  {name:<16} {_f(h.get('requests_per_s'))} req/s, "
                f"p50 {_f(h.get('p50_ms'), 2)} ms, p99 {_f(h.get('p99_ms'), 2)} ms, "
                f"errors {h.get('errors', 'n/a')}"
                f"{'  ' + h['note'] if h.get('note') else ''}")  # fmt: skip
    if http and all(http.get(n, {}).get("requests_per_s") for n in ("lookup", "no_database")):
        floor = http["no_database"]["requests_per_s"]
        for name in ("lookup", "cached_analysis"):
            h = http.get(name, {})
            if h.get("requests_per_s") and h.get("p50_ms") and h.get("p99_ms"):
                add(f"  {name:<16} {h['requests_per_s'] / floor:.0%} of the no-database "
                    f"floor, p99 {h['p99_ms'] / h['p50_ms']:.1f}x p50")  # fmt: skip
    if result.get("code_ab"):
        add("")
        lines.extend(code_ab_report(result["code_ab"]).splitlines())
    compared = result.get("access_control")
    if compared and "ratios" in compared:
        add("")
        lines.extend(access_report(compared["ratios"]).splitlines())
    return "\n".join(lines)
