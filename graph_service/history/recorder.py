"""Recording one change of the graph as history, inside the transaction that makes it.

`record` takes the next snapshot id, closes and opens the spans of what changed
(`history.spans`), keeps the headline figures of every scope (`history.figures`), opens and
closes the ledger's cases (`ledger.cases`) and writes
the `:Snapshot` node (`history.snapshots`), all in the caller's write transaction, so a change
and its history commit together or not at all. `check` refuses a roster that is older than the
graph's latest snapshot, or is for another street, unless the caller says so on purpose.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph_service.analyses import rules
from graph_service.db.runner import Transaction
from graph_service.errors import RosterConflict
from graph_service.history import figures, spans
from graph_service.history.snapshots import Origin, SnapshotOut, TableCounts, create, next_id
from graph_service.ledger import cases as ledger
from graph_service.roster.sync import Changes, TableChange
from graph_service.roster.tables import Props, RelKey, Tables


def counts(changes: Changes) -> dict[str, TableCounts]:
    """Per table that changed: how many rows were added, updated and removed."""
    return {
        name: TableCounts(added=len(c.added), updated=len(c.updated), removed=len(c.removed))
        for name, c in changes.tables.items()
        if c.added or c.updated or c.removed
    }


def record(
    tx: Transaction,
    changes: Changes,
    origin: Origin,
    warnings: list[str],
    note: str | None = None,
) -> SnapshotOut:
    """Record `changes` (already written in `tx`) as the next snapshot."""
    snapshot_id = next_id(tx)
    for name, params in spans.steps(tx, changes, snapshot_id):
        tx.run(name, params)
    findings = rules.all_findings(tx)
    kept = figures.record(tx, snapshot_id, findings)
    streets = {
        f["id"]: f["parent"].split(":", 1)[1]
        for f in kept
        if f["level"] == "Community" and f["parent"]
    }
    as_of = (origin.as_of or dt.datetime.now(dt.UTC).date()).isoformat()
    cases = ledger.sync(tx, snapshot_id, as_of, findings, streets)
    return create(tx, snapshot_id, origin, counts(changes), warnings, note, cases)


def plan_changes(moved: list[dict[str, Any]]) -> Changes:
    """An applied rebalance plan as the import's `Changes`: each move removes the giver's
    stairwell liaison and adds the receiver's, with the same role."""
    change = TableChange()
    content: dict[RelKey, Props] = {}
    for move in moved:
        stairwell = ("Stairwell", move["stairwell_id"])
        given = ("Person", move["from_id"], *stairwell)
        taken = ("Person", move["to_id"], *stairwell)
        change.removed.append(given)
        change.added.append(taken)
        content[taken] = {"role": move["role"]}
    changes = Changes(tables={"stairwell_liaisons": change})
    changes.new.rels["stairwell_liaisons"] = content
    return changes


def cover_changes(assigned: list[dict[str, Any]]) -> Changes:
    """An applied drill cover as the import's `Changes`: a stairwell gains a liaison (stairwell
    head), a building or checkpoint a wartime assignment."""
    label = {"stairwell": "Stairwell", "building": "Building", "checkpoint": "Checkpoint"}
    liaisons, wartime = TableChange(), TableChange()
    content: dict[RelKey, Props] = {}
    for row in assigned:
        link = ("Person", row["person_id"], label[row["kind"]], row["place_id"])
        (liaisons if row["kind"] == "stairwell" else wartime).added.append(link)
        content[link] = {"role": row["role"]} if row["role"] else {}
    changes = Changes(tables={"stairwell_liaisons": liaisons, "wartime_assignments": wartime})
    changes.new.rels["stairwell_liaisons"] = {k: content[k] for k in liaisons.added}
    changes.new.rels["wartime_assignments"] = {k: content[k] for k in wartime.added}
    return changes


def check(
    tx: Transaction, origin: Origin, roster: Tables, graph: Tables, *, accept_older: bool
) -> str | None:
    """Raise `RosterConflict` for an older roster (unless `accept_older`) or another street's;
    returns the note to keep with the snapshot when an older roster is made current."""
    rows = tx.run("history/snapshots")
    history = [row["snapshot"] for row in rows]  # newest first
    latest = history[0] if history else None
    older = None
    if latest is not None:
        earlier = [s for s in history[1:] if origin.sha256 and s.get("sha256") == origin.sha256]
        if earlier:
            older = (
                f"this file is the roster of snapshot {earlier[0]['id']} ({earlier[0]['as_of']})"
            )
        elif origin.as_of is not None and origin.as_of.isoformat() < latest["as_of"]:
            older = f"this roster is dated {origin.as_of.isoformat()}"
    if older:
        message = (
            f"{older}, older than the graph's latest snapshot {latest['id']} "  # type: ignore[index]
            f"({latest['as_of']}): importing it would undo the changes since. "  # type: ignore[index]
        )
        if not accept_older:
            raise RosterConflict(
                message + "Nothing was written. To make it current on purpose (e.g. to undo a "
                "mistaken import), import it again with accept_older (CLI: --accept-older); "
                "it is then recorded as a new snapshot and the history keeps both.",
                reason="older_roster",
            )
    if "streets" in roster.present:
        theirs = set(roster.nodes.get("streets", {}))
        ours = set(graph.nodes.get("streets", {}))
        if ours and theirs and not ours & theirs:
            raise RosterConflict(
                f"this roster is for street {', '.join(sorted(theirs))} but the graph holds "
                f"street {', '.join(sorted(ours))}: importing it would remove all of "
                f"{', '.join(sorted(ours))}. Nothing was written. To keep both, import one "
                "roster holding every street (export this graph, add the other street's rows).",
                reason="other_street",
            )
    return f"made current on purpose: {older}" if older else None
