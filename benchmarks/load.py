"""Load: the batched importer, the same rows one statement per row, and neo4j-admin's import.

- Batched: `import_roster` as users run it (read the files, validate, diff against the graph,
  write with UNWIND batches of 5,000), timed end to end on an empty database: a first load,
  so each batch commits on its own (see graph_service/roster/importer.py).
- Row by row: the importer's own write statements sent with one row each, in one transaction
  (so only the batching differs). The whole roster would take too long at district and city
  scale, so a fixed sample of rows (the first rows of every table) is timed and the rate is
  extrapolated to all rows; the table says so.
- neo4j-admin: the same nodes and relationships written as neo4j-admin CSV files, imported with
  `neo4j-admin database import full` into the stopped server's store: the floor to aim at. It
  builds the store offline (no transactions, no constraints checked, no role labels), so it is
  a floor, not a like-for-like rival. Writing its CSV files is not counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from benchmarks.server import BenchServer
from graph_service.db import derived
from graph_service.db.runner import Runner
from graph_service.db.schema import apply_schema
from graph_service.roster import sync
from graph_service.roster.dictionary import TABLES, NodeTable, RelTable
from graph_service.roster.files import (
    cell,  # neo4j-admin reads the same text: ; lists, ISO dates
    read_roster,
)
from graph_service.roster.importer import import_roster
from graph_service.roster.sync import apply, diff
from graph_service.roster.tables import Tables
from graph_service.roster.validation import validate


def roster_tables(roster: Path) -> Tables:
    """The roster's validated tables (the rows every load path writes)."""
    tables, problems = validate(read_roster(roster))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise RuntimeError(f"the generated roster is invalid: {errors[0].text()}")
    return tables


def row_count(tables: Tables) -> int:
    """Rows written: nodes, link relationships and relationship rows."""
    return (
        sum(len(n) for n in tables.nodes.values())
        + sum(len(e) for e in tables.links.values())
        + sum(len(r) for r in tables.rels.values())
    )


def subset(tables: Tables, rows: int) -> Tables:
    """The first rows of every table, about `rows` in all (links follow their nodes)."""
    share = min(1.0, rows / max(1, row_count(tables)))
    part = Tables(present=set(tables.present))
    for name, nodes in tables.nodes.items():
        keep = sorted(nodes)[: max(1, round(len(nodes) * share))] if nodes else []
        part.nodes[name] = {k: nodes[k] for k in keep}
    kept = {(n, i) for n, ns in part.nodes.items() for i in ns}
    for key, edges in tables.links.items():
        name = key.split(".")[0]
        part.links[key] = {e for e in edges if (name, e[0]) in kept}
    for name, rels in tables.rels.items():
        part.rels[name] = {k: rels[k] for k in sorted(rels, key=str)[: round(len(rels) * share)]}
    return part


def timed_sample(runner: Runner, tables: Tables, rows: int) -> dict[str, float]:
    """Seconds to write the same sample batched and one row per statement (write only)."""
    part = subset(tables, rows)
    found: dict[str, float] = {"sample_rows": row_count(part)}
    saved = sync.BATCH
    try:
        # Untimed first pass: Neo4j plans each statement once; both timed runs reuse the plans.
        for label, batch in (
            ("warm-up", saved),
            ("sample_batched_s", saved),
            ("sample_row_by_row_s", 1),
        ):
            runner.run("admin/wipe")
            apply_schema(runner)
            sync.BATCH = batch
            start = time.perf_counter()
            changes = diff(Tables(), part)
            runner.transaction(
                lambda tx, changes=changes: apply(tx, changes),
                write=True,
                timeout_s=3_600,
                metadata={"task": "benchmark"},
            )
            if label != "warm-up":
                found[label] = time.perf_counter() - start
    finally:
        sync.BATCH = saved
    runner.run("admin/wipe")
    return found


def batched_import(runner: Runner, roster: Path) -> float:
    """Seconds for the whole import as users run it, on an empty database (schema in place)."""
    apply_schema(runner)
    start = time.perf_counter()
    import_roster(runner, roster)
    return time.perf_counter() - start


# -- neo4j-admin ---------------------------------------------------------------------------------

_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),  # before int: a bool is an int
    (int, "long"),
    (float, "double"),
    (dt.date, "date"),
    (list, "string[]"),
    (tuple, "string[]"),
    (str, "string"),
)


def _kind(value: Any) -> str:
    for python, neo in _TYPES:
        if isinstance(value, python):
            return neo
    return "string"


def _props_header(rows: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    kinds: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            if value is not None and key != "id":
                kinds.setdefault(key, _kind(value))
    return sorted(kinds.items())


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def admin_files(tables: Tables, folder: Path) -> list[str]:
    """Write `tables` as neo4j-admin CSV files; the import tool's --nodes/--relationships."""
    folder.mkdir(parents=True, exist_ok=True)
    arguments: list[str] = []
    for name, nodes in tables.nodes.items():
        table = TABLES[name]
        assert isinstance(table, NodeTable)
        if not nodes:
            continue
        props = _props_header(nodes.values())
        header = [f"id:ID({table.label})"] + [f"{k}:{kind}" for k, kind in props]
        path = folder / f"nodes-{name}.csv"
        _write(path, header, ([i] + [cell(n.get(k)) for k, _ in props] for i, n in nodes.items()))
        arguments.append(f"--nodes={table.label}={path}")
    edges: dict[tuple[str, str, str], list[list[str]]] = {}
    for key, found in tables.links.items():
        name, column = key.split(".")
        table = TABLES[name]
        assert isinstance(table, NodeTable)
        link = next(link for link in table.links if link.column == column)
        for node_id, target_label, target_id in found:
            if link.reverse:
                edges.setdefault((target_label, link.type, table.label), []).append(
                    [target_id, node_id]
                )
            else:
                edges.setdefault((table.label, link.type, target_label), []).append(
                    [node_id, target_id]
                )
    for (source, rel_type, target), rows in edges.items():
        path = folder / f"links-{source}-{rel_type}-{target}.csv"
        _write(path, [f":START_ID({source})", f":END_ID({target})"], rows)
        arguments.append(f"--relationships={rel_type}={path}")
    for name, rels in tables.rels.items():
        table = TABLES[name]
        assert isinstance(table, RelTable)
        by_ends: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        for rel_key_, props in rels.items():
            by_ends.setdefault((rel_key_[0], rel_key_[2]), []).append((rel_key_, props))
        for (source, target), items in by_ends.items():
            props_header = _props_header(p for _, p in items)
            header = [f":START_ID({source})", f":END_ID({target})"] + [
                f"{k}:{kind}" for k, kind in props_header
            ]
            path = folder / f"rels-{name}-{source}-{target}.csv"
            _write(
                path,
                header,
                ([k[1], k[3]] + [cell(p.get(c)) for c, _ in props_header] for k, p in items),
            )
            arguments.append(f"--relationships={table.type}={path}")
    return arguments


def measure_load(
    bench: BenchServer,
    roster: Path,
    sample_rows: int,
    log: Callable[[str], None],
    wipe_in_place: bool = False,
) -> dict[str, Any]:
    """Every load figure; leaves the server running with the roster imported (batched).
    `wipe_in_place`: empty the store with a query rather than a restart from empty files (the
    smoke check's small roster: one restart less)."""
    start = time.perf_counter()
    tables = roster_tables(roster)
    read_validate_s = time.perf_counter() - start  # the importer's first step, on its own
    rows = row_count(tables)
    log(f"load: {rows:,} rows; writing neo4j-admin CSV files")
    arguments = admin_files(tables, bench.home / "import" / "admin-csv")
    del tables
    log("load: neo4j-admin database import full")
    admin_s = bench.admin_import(arguments)
    bench.start()
    runner = bench.runner()
    try:
        admin_nodes = sum(row["count"] for row in runner.run("stats/node-counts"))
        if wipe_in_place:
            runner.run("admin/wipe")
        else:
            runner.close()
            bench.empty_store()
            bench.start()
            runner = bench.runner()
        log(f"load: row-by-row sample of ~{sample_rows:,} rows, batched and one per statement")
        sample = timed_sample(runner, roster_tables(roster), sample_rows)
        log("load: batched import of the whole roster")
        batched_s = batched_import(runner, roster)
    finally:
        runner.close()
    per_row = sample["sample_row_by_row_s"] / sample["sample_rows"]
    row_by_row_s = per_row * rows
    return {
        "rows": rows,
        "batched_s": batched_s,
        "read_and_validate_s": read_validate_s,
        "row_by_row_s_extrapolated": row_by_row_s,
        "row_by_row_sample_rows": int(sample["sample_rows"]),
        "row_by_row_sample_s": sample["sample_row_by_row_s"],
        "batched_sample_s": sample["sample_batched_s"],
        "admin_import_s": admin_s,
        "admin_import_nodes": admin_nodes,
        "speedup_vs_row_by_row": row_by_row_s / batched_s,
        "slowdown_vs_admin": batched_s / admin_s,
    }


def admin_arguments(folder: Path) -> list[str]:
    """The import tool's arguments for CSV files `admin_files` wrote earlier into `folder`."""
    arguments = []
    for path in sorted(folder.glob("*.csv")):
        kind, name, *rest = path.stem.split("-")
        if kind == "nodes":
            table = TABLES[name]
            assert isinstance(table, NodeTable)
            arguments.append(f"--nodes={table.label}={path}")
        elif kind == "links":
            arguments.append(f"--relationships={rest[0]}={path}")
        else:
            table = TABLES[name]
            assert isinstance(table, RelTable)
            arguments.append(f"--relationships={table.type}={path}")
    return arguments


def load_with_admin(bench: BenchServer, roster: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """Load the roster with neo4j-admin (the floor), then the service's schema and derived state:
    the graph the batched import would have made, for when that import cannot run (city)."""
    folder = bench.home / "import" / "admin-csv"
    if not any(folder.glob("nodes-*.csv")):
        log("load: writing neo4j-admin CSV files")
        admin_files(roster_tables(roster), folder)
    log("load: neo4j-admin database import full")
    admin_s = bench.admin_import(admin_arguments(folder))
    bench.start()
    runner = bench.runner()
    try:
        log("load: schema (constraints, indexes) and derived state (role labels, coverage flags)")
        start = time.perf_counter()
        apply_schema(runner)
        derived.refresh_all(runner)
        finish_s = time.perf_counter() - start
        rows = sum(row["count"] for row in runner.run("stats/node-counts"))
    finally:
        runner.close()
    return {
        "loaded_with": "neo4j-admin import, then the service's schema and derived state",
        "admin_import_s": admin_s,
        "schema_and_roles_s": finish_s,
        "node_labels_counted": rows,
    }
