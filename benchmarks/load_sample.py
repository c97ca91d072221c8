"""How long the sample network takes to load: batched UNWIND vs one statement per row.

Not a test: it prints timings and their ratio. It EMPTIES the database it is pointed at, so it
refuses to run unless that database is empty or `--wipe` is given. Point it at a server with the
usual settings (NEO4J_URI, NEO4J_PASSWORD…), e.g. the tests' server:

    NEO4J_URI=bolt://127.0.0.1:7688 NEO4J_PASSWORD=test-password \\
        .venv/bin/python benchmarks/load_sample.py --wipe

Batched: the real importer (validate, diff, write in one transaction with batches of 5,000).
Row by row: the same write statements sent with one row each (a round trip per row), in one
transaction too, so only the batching differs. The full row-by-row load takes long, so it is
timed on a fixed sample of rows (`--rows`, the first rows of each table in import order) and
extrapolated linearly to all rows: the printout says so.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import neo4j
from neo4j import ManagedTransaction

from graph_service import roster_graph
from graph_service.roster_graph import BATCH, Changes, apply, diff
from graph_service.roster_import import apply_schema, import_roster
from graph_service.roster_io import read_roster
from graph_service.runner import Runner, connect
from graph_service.sample.generator import generate
from graph_service.settings import get_settings
from graph_service.tables import Tables
from graph_service.validation import validate


def _subset(tables: Tables, share: float) -> Tables:
    """The first `share` of every node and relationship table (links follow their nodes)."""
    part = Tables(present=set(tables.present))
    for name, nodes in tables.nodes.items():
        keep = sorted(nodes)[: max(1, round(len(nodes) * share))] if nodes else []
        part.nodes[name] = {k: nodes[k] for k in keep}
    kept = {(n, i) for n, ns in part.nodes.items() for i in ns}
    for key, edges in tables.links.items():
        name = key.split(".")[0]
        part.links[key] = {e for e in edges if (name, e[0]) in kept}
    for name, rels in tables.rels.items():
        keep_keys = sorted(rels, key=str)[: round(len(rels) * share)]
        part.rels[name] = {k: rels[k] for k in keep_keys}
    return part


def _rows(tables: Tables) -> int:
    return (
        sum(len(n) for n in tables.nodes.values())
        + sum(len(r) for r in tables.rels.values())
        + sum(len(e) for e in tables.links.values())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wipe", action="store_true", help="empty the database first")
    parser.add_argument("--rows", type=int, default=6_000, help="rows timed one by one")
    args = parser.parse_args()
    settings = get_settings()
    runner = Runner(connect(settings), settings.neo4j_database, settings.query_timeout_s)
    [row] = runner.read("stats/is-empty")
    if not row["empty"] and not args.wipe:
        raise SystemExit("the database holds data: pass --wipe to empty it (it is erased!)")
    with tempfile.TemporaryDirectory() as folder:
        roster = Path(folder) / "roster"
        generate(roster)
        raw = read_roster(roster)
        tables, _ = validate(read_roster(roster))
        total = _rows(tables)

        runner.write("admin/wipe")
        apply_schema(runner)
        start = time.perf_counter()
        import_roster(runner, raw)
        batched = time.perf_counter() - start

        share = min(1.0, args.rows / total)
        part = _subset(tables, share)
        sample_rows = _rows(part)
        timings = {}
        for label, batch in (("batched", BATCH), ("row by row", 1)):
            runner.write("admin/wipe")
            roster_graph.BATCH = batch
            start = time.perf_counter()
            runner.in_transaction(_writer(diff(Tables(), part)), write=True)
            timings[label] = time.perf_counter() - start
        roster_graph.BATCH = BATCH
        runner.write("admin/wipe")
        import_roster(runner, raw)  # leave the sample loaded, as make run would
    runner.driver.close()

    per_row = timings["row by row"] / sample_rows
    print(f"sample network: {total:,} rows (nodes, links and relationships)")
    print(
        f"batched import, whole roster (validate + diff + write, one transaction): {batched:.2f} s"
    )
    print(f"same {sample_rows:,}-row sample ({share:.1%} of every table), write only:")
    print(f"  batched UNWIND ({BATCH:,} rows per statement): {timings['batched']:.2f} s")
    print(f"  one statement per row:                  {timings['row by row']:.2f} s")
    print(f"  ratio row-by-row / batched: {timings['row by row'] / timings['batched']:.1f}x")
    print(
        f"row by row for the whole roster, extrapolated from the sample: "
        f"{per_row * total:.0f} s ({per_row * total / batched:.1f}x the batched import)"
    )


def _writer(changes: Changes) -> Callable[[ManagedTransaction], None]:
    @neo4j.unit_of_work(timeout=3_600, metadata={"task": "benchmark"})
    def work(tx: ManagedTransaction) -> None:
        apply(tx, changes)

    return work


if __name__ == "__main__":
    main()
