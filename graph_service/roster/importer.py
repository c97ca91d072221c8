"""Importing a roster: validate everything, then write the difference, all or nothing.

`import_roster(runner, raw)` applies the schema, then in one write transaction: validates the
roster (references to tables the roster does not carry are checked against the graph), reads
the graph's current content of the roster's tables, and writes only the difference with batched
`UNWIND` statements. Any error: `InvalidRoster` listing every problem, and nothing is written.
Re-importing the same roster changes nothing; a corrected roster updates what changed and
removes what it no longer holds. Tables the roster does not carry are left as they are. Every
import holds the graph's writer lock (`db.writer`) from reading the graph to the last write, so
a second import (API or CLI, any process) is refused with 409 instead of mixing with it.

A first load into an EMPTY database commits one batch at a time instead: a city's roster (3
million rows) does not fit one transaction in the heap, and small commits are faster. It is
still all or nothing: if a batch fails (or the load is interrupted) everything written so far
is deleted again, so the database is empty, as it was (`ImportFailed` says so). While it runs
(and if it crashed half way) every read answers 503; the next import removes the partial graph.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from neo4j.exceptions import Neo4jError
from pydantic import BaseModel, Field

from graph_service.db import derived, writer
from graph_service.db.runner import Runner, Transaction
from graph_service.db.schema import apply_schema
from graph_service.errors import ImportFailed, InvalidRoster, ServiceError
from graph_service.history import recorder
from graph_service.history.snapshots import Origin, SnapshotOut, origin_of_path
from graph_service.roster.files import RawRoster, read_roster
from graph_service.roster.removals import removal_problems
from graph_service.roster.sync import (
    Changes,
    apply,
    diff,
    existing_ids,
    read_graph,
    rows_written,
    writes,
)
from graph_service.roster.tables import Tables
from graph_service.roster.validation import Problem, Problems, validate

IMPORT_TIMEOUT_S = 900.0  # one transaction for a whole roster: large changes take minutes
IDS_LISTED = 1_000  # ids listed per table and kind of change (counts are always complete)
REMOVE_BATCH = 10_000  # nodes deleted per transaction when a first load is undone
Progress = Callable[[int, int], None]  # (rows written, rows to write) during a first load
Work = Callable[[Transaction], "ImportReport"]  # an import's one transaction


class ProblemOut(BaseModel):
    severity: str = Field(description="error (blocks the import) or warning (imported, reported)")
    code: str = Field(description="kind of problem, e.g. unknown_reference, duplicate_id")
    message: str
    table: str | None = None
    source: str | None = Field(None, description="file or sheet as uploaded")
    row: int | None = Field(None, description="row number as Excel shows it (header = 1)")
    column: str | None = None


class TableChangeOut(BaseModel):
    added: int
    updated: int
    removed: int
    unchanged: int
    added_ids: list[str] = Field(description=f"first {IDS_LISTED} ids (or relationship keys)")
    updated_ids: list[str]
    removed_ids: list[str]


class ImportReport(BaseModel):
    """What an import did (or, for a dry run, would do)."""

    status: str = Field(description="imported, unchanged, or valid (dry run: nothing written)")
    changed: bool
    tables: dict[str, TableChangeOut]
    warnings: list[ProblemOut]
    snapshot: SnapshotOut | None = Field(
        None, description="the snapshot this import recorded (none when nothing changed)"
    )
    text: str = Field(description="the same report as plain text")


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    source, target, extra = key[1], key[3], [str(k) for k in key[4:] if k is not None]
    return f"{source}→{target}" + (f" ({', '.join(extra)})" if extra else "")


def _report(
    changes: Changes,
    warnings: list[Problem],
    dry_run: bool,
    snapshot: SnapshotOut | None = None,
    latest: int | None = None,
) -> ImportReport:
    tables = {
        name: TableChangeOut(
            added=len(c.added), updated=len(c.updated), removed=len(c.removed),
            unchanged=c.unchanged,
            added_ids=[_key_text(k) for k in c.added[:IDS_LISTED]],
            updated_ids=[_key_text(k) for k in c.updated[:IDS_LISTED]],
            removed_ids=[_key_text(k) for k in c.removed[:IDS_LISTED]],
        )
        for name, c in changes.tables.items()
    }  # fmt: skip
    status = "valid" if dry_run else "imported" if changes.any else "unchanged"
    lines = [f"{status}: {len(tables)} tables"]
    for name, t in tables.items():
        if t.added or t.updated or t.removed:
            lines.append(f"  {name}: +{t.added} ~{t.updated} -{t.removed} ={t.unchanged}")
    if snapshot is not None:
        lines.append(f"recorded snapshot {snapshot.id} (as of {snapshot.as_of})")
        if snapshot.note:
            lines.append(snapshot.note)
    elif status == "unchanged":
        held = f" (snapshot {latest})" if latest else ""
        lines.append(f"the graph already holds this roster{held}: no snapshot recorded")
    lines += [w.text() for w in warnings]
    return ImportReport(
        status=status,
        changed=changes.any and not dry_run,
        tables=tables,
        warnings=[ProblemOut(**w.as_dict()) for w in warnings],
        snapshot=snapshot,
        text="\n".join(lines),
    )


def invalid(problems: list[Problem]) -> InvalidRoster:
    """The error for a refused roster: its problems (the first thousand when there are more,
    with how many of each kind there were), as JSON and as text."""
    counted = problems if isinstance(problems, Problems) else Problems.of(problems)
    errors, total = counted.total("error"), sum(counted.counts.values())
    lines = [p.text() for p in problems]
    if total > len(problems):
        lines.append(f"... and {total - len(problems):,} more problems, not listed")
    return InvalidRoster(
        f"the roster has {errors:,} error(s); nothing was written. Fix them and import again.",
        problems=[p.as_dict() for p in problems],
        problems_total=total,
        counts=counted.summary(),
        text="\n".join(lines),
    )


def _checked(tables: Tables, problems: list[Problem]) -> list[Problem]:
    """The warnings, or `InvalidRoster` if there is any error (or no table at all)."""
    if not tables.present and not any(p.severity == "error" for p in problems):
        problem = Problem("error", "empty_roster", "the roster holds no table")
        if isinstance(problems, Problems):
            problems.add(problem)
        else:
            problems.append(problem)
    if any(p.severity == "error" for p in problems):
        raise invalid(problems)
    return [p for p in problems if p.severity == "warning"]


def import_roster(
    runner: Runner,
    roster: RawRoster | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    origin: Origin | None = None,
    accept_older: bool = False,
    history: bool = True,
    task: str = "import",
    allow_removals: bool = False,
) -> ImportReport:
    """Validate `roster` and write it, all or nothing (or, with `dry_run`, only say what would
    change). Raises `InvalidRoster` (nothing written) when any error is found, `RosterConflict`
    for an older roster (unless `accept_older`) or another street's, `WriterBusy` when another
    writer holds the graph (`task` says who this one is in that answer). A change is recorded
    as a snapshot (`origin` says where it came from; a path is hashed when none is given).
    `progress` is called after every committed batch of a first load into an empty database.
    `history=False` records no snapshot, spans, figures or cases: only the benchmark uses it,
    to measure what history costs. Removing a large share of a table needs `allow_removals`;
    removing a row that tables left out of the roster still refer to is always refused.

    The graph is read, compared and written under the writer lock, so two imports never mix.
    A first load that crashed (its marker is still there) is repaired here: its partial graph
    is removed and the roster loaded as a first load; a dry run compares with that empty graph.
    """
    if origin is None:
        origin = origin_of_path(Path(roster)) if isinstance(roster, Path) else Origin()
    raw = roster if isinstance(roster, RawRoster) else read_roster(Path(roster))

    def transaction_work(tables: Tables, warnings: list[Problem], dry: bool) -> Work:
        return _diff_and_write(
            tables,
            warnings,
            dry_run=dry,
            allow_removals=allow_removals,
            origin=origin,
            accept_older=accept_older,
            history=history,
        )

    if dry_run:
        if writer.first_load_pending(runner):  # the import will start from an empty graph
            tables, warnings = _validated(raw, None)
            return _report(diff(Tables(), tables), warnings, dry_run=True)
        tables, warnings = _validated(raw, runner)
        work = transaction_work(tables, warnings, True)
        return runner.transaction(
            work,
            write=False,
            timeout_s=IMPORT_TIMEOUT_S,
            metadata={"task": "import", "dry_run": True},
        )
    apply_schema(runner)
    with writer.writer_lock(runner, task) as holder:
        if writer.first_load_pending(runner):
            _remove_partial_graph(runner)  # a first load crashed: its rows go, then it reloads
            writer.first_load_ends(runner)
        if runner.run("stats/is-empty", metadata={"task": "import"})[0]["empty"]:
            return _first_load(runner, raw, progress, holder, origin if history else None)
        # Validated before the write transaction (which may be retried, and must not hold the
        # raw text too); the lock keeps the graph as it was read until the writes are done.
        tables, warnings = _validated(raw, runner)
        work = transaction_work(tables, warnings, False)
        return runner.transaction(
            work, write=True, timeout_s=IMPORT_TIMEOUT_S, metadata={"task": "import"}
        )


def _validated(raw: RawRoster, graph: Runner | None) -> tuple[Tables, list[Problem]]:
    """The roster's tables and warnings, references to tables it does not carry checked
    against the graph (none when `graph` is None: an empty one). Raises `InvalidRoster`."""

    def ids_in_graph(label: str) -> set[str]:
        if graph is None:
            return set()
        return graph.transaction(lambda tx: existing_ids(tx, label), write=False)

    tables, problems = validate(raw, existing_ids=ids_in_graph)
    return tables, _checked(tables, problems)


def _diff_and_write(
    tables: Tables,
    warnings: list[Problem],
    *,
    dry_run: bool,
    allow_removals: bool,
    origin: Origin,
    accept_older: bool,
    history: bool,
) -> Work:
    """The one transaction of an import into a loaded graph: read, compare, check what it
    would remove and the roster's date, write, record. A dry run refuses what the import would."""

    def work(tx: Transaction) -> ImportReport:
        graph = read_graph(tx, tables.present)
        changes = diff(graph, tables)
        if not changes.any:
            latest = tx.run("history/snapshots")
            return _report(
                changes, warnings, dry_run, latest=latest[0]["snapshot"]["id"] if latest else None
            )
        refused = removal_problems(tx, changes, tables.present, allow_removals=allow_removals)
        if refused:
            raise invalid(refused)
        note = recorder.check(tx, origin, tables, graph, accept_older=accept_older or not history)
        if dry_run:
            return _report(changes, warnings, dry_run)
        apply(tx, changes)
        derived.refresh(tx)
        if not history:
            return _report(changes, warnings, dry_run)
        snapshot = recorder.record(tx, changes, origin, [w.text() for w in warnings], note)
        return _report(changes, warnings, dry_run, snapshot)

    return work


def _first_load(
    runner: Runner,
    raw: RawRoster,
    progress: Progress | None,
    holder: writer.Holder,
    origin: Origin | None,
) -> ImportReport:
    """Write a roster into an empty database, committing one batch at a time; on any failure
    delete what was written (the database was empty) and raise `ImportFailed`. Readers are
    answered 503 until the load is complete (the first-load marker)."""
    tables, warnings = _validated(raw, None)
    changes = diff(Tables(), tables)
    total = sum(len(c.added) for c in changes.tables.values()) + sum(
        len(edges) for edges in changes.links_added.values()
    )
    done = 0
    writer.first_load_begins(runner, holder, total)
    try:
        for step in writes(changes):
            runner.write_steps([step], metadata={"task": "import", "first_load": True})
            done += rows_written(step)
            if progress:
                progress(done, total)
        derived.refresh_all(runner)
        snapshot = _record(runner, changes, origin, warnings) if origin else None
        writer.first_load_ends(runner)
    except BaseException as error:  # Ctrl-C too: never leave part of a roster behind
        raise _undone(runner, error, done, total) from error
    return _report(changes, warnings, dry_run=False, snapshot=snapshot)


def _remove_partial_graph(runner: Runner) -> None:
    """Delete every node of the network, a batch per transaction (only ever run on a graph that
    a first load left half written)."""
    while runner.run("roster/remove-batch", {"limit": REMOVE_BATCH})[0]["removed"]:
        pass


def _record(
    runner: Runner, changes: Changes, origin: Origin, warnings: list[Problem]
) -> SnapshotOut:
    """A first load's history, in a transaction of its own after the last batch."""
    texts = [w.text() for w in warnings]

    def work(tx: Transaction) -> SnapshotOut:
        return recorder.record(tx, changes, origin, texts)

    return runner.transaction(
        work, write=True, timeout_s=IMPORT_TIMEOUT_S, metadata={"task": "history"}
    )


def _undone(runner: Runner, error: BaseException, done: int, total: int) -> ImportFailed:
    """Delete a first load's partial graph and say what happened."""
    status = error.status if isinstance(error, ServiceError) else 500
    cause = _cause(error)
    stopped = f"the import stopped after writing {done:,} of {total:,} rows ({cause})"
    try:
        _remove_partial_graph(runner)
        writer.first_load_ends(runner)
    except Exception as cleanup:  # e.g. Neo4j went down: say exactly what is left
        reason = _cause(cleanup)
        return ImportFailed(
            f"{stopped}; removing the rows written failed too ({reason}), so the database "
            "holds part of this roster; every read answers 503 until it is repaired. Import "
            "again (or `make run`) once Neo4j answers: the partial graph is removed first.",
            status=status,
            rows_written=done,
            rows_total=total,
            database="partial",
        )
    return ImportFailed(
        f"{stopped}; everything written was removed, so the database is empty as before. "
        "Import again once the cause is fixed.",
        status=status,
        rows_written=done,
        rows_total=total,
        database="empty",
    )


def _cause(error: BaseException) -> str:
    if isinstance(error, ServiceError):
        return error.detail
    if isinstance(error, Neo4jError):
        return f"Neo4j: {error.message}"
    return f"{type(error).__name__}: {error}"
