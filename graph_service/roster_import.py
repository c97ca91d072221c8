"""Importing a roster: validate everything, then write the difference in ONE transaction.

`import_roster(runner, raw)` applies the schema, then in one write transaction: validates the
roster (references to tables the roster does not carry are checked against the graph), reads
the graph's current content of the roster's tables, and writes only the difference with batched
`UNWIND` statements. Any error: `InvalidRoster` listing every problem, and nothing is written.
Re-importing the same roster changes nothing; a corrected roster updates what changed and
removes what it no longer holds. Tables the roster does not carry are left as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j
from neo4j import ManagedTransaction
from pydantic import BaseModel, Field

from graph_service.errors import InvalidRoster
from graph_service.roster_graph import Changes, apply, diff, existing_ids, read_graph
from graph_service.roster_io import RawRoster, read_roster
from graph_service.runner import Runner, cypher_files, cypher_text
from graph_service.validation import Problem, validate

IMPORT_TIMEOUT_S = 900.0  # one transaction for a whole roster: city scale takes minutes
IDS_LISTED = 1_000  # ids listed per table and kind of change (counts are always complete)


def apply_schema(runner: Runner) -> int:
    """Create every constraint and index in `cypher/schema/` that is missing (idempotent)."""
    files = list(cypher_files("schema"))
    for file in files:
        runner.write(f"schema/{file.stem}", metadata={"task": "schema"})
    return len(files)


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
    text: str = Field(description="the same report as plain text")


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    source, target, extra = key[1], key[3], [str(k) for k in key[4:] if k is not None]
    return f"{source}→{target}" + (f" ({', '.join(extra)})" if extra else "")


def _report(changes: Changes, warnings: list[Problem], dry_run: bool) -> ImportReport:
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
    lines += [w.text() for w in warnings]
    return ImportReport(
        status=status,
        changed=changes.any and not dry_run,
        tables=tables,
        warnings=[ProblemOut(**w.as_dict()) for w in warnings],
        text="\n".join(lines),
    )


def invalid(problems: list[Problem]) -> InvalidRoster:
    """The error for a refused roster: every problem, as JSON and as text."""
    errors = [p for p in problems if p.severity == "error"]
    return InvalidRoster(
        f"the roster has {len(errors)} error(s); nothing was written. Fix them and import again.",
        problems=[p.as_dict() for p in problems],
        text="\n".join(p.text() for p in problems),
    )


def import_roster(
    runner: Runner, roster: RawRoster | Path, *, dry_run: bool = False
) -> ImportReport:
    """Validate `roster` and write it in one transaction (or, with `dry_run`, only say what
    would change). Raises `InvalidRoster` (nothing written) when any error is found."""
    raw = roster if isinstance(roster, RawRoster) else read_roster(Path(roster))
    if not dry_run:
        apply_schema(runner)

    @neo4j.unit_of_work(
        timeout=max(IMPORT_TIMEOUT_S, runner.timeout_s),
        metadata={"task": "import", "dry_run": dry_run},
    )
    def work(tx: ManagedTransaction) -> ImportReport:
        tables, problems = validate(raw, existing_ids=lambda label: existing_ids(tx, label))
        if not tables.present and not any(p.severity == "error" for p in problems):
            problems.append(Problem("error", "empty_roster", "the roster holds no table"))
        if any(p.severity == "error" for p in problems):
            raise invalid(problems)
        changes = diff(read_graph(tx, tables.present), tables)
        if changes.any and not dry_run:
            apply(tx, changes)
            tx.run(cypher_text("roster/person-roles")).consume()
        return _report(changes, [p for p in problems if p.severity == "warning"], dry_run)

    return runner.in_transaction(work, write=not dry_run)
