"""Deletes are explicit: an import removes rows only when its user clearly means it.

A roster lists a table's rows in full, so a row it leaves out is removed. Two kinds of removal
are refused (with `InvalidRoster`, listing what would go), unless stated otherwise:
- **Large removals**: a table emptied, or more than `SHARE` of its rows (and more than `FLOOR`)
  removed, needs `allow_removals` (`--allow-removals`, API `allow_removals=true`): the blank
  templates or a one-row people table are far more often a mistake than a wish.
- **Rows still referred to**: removing a node that a table the roster does not carry still links
  to (a community renamed in communities.csv alone, while grids.csv still places grids in it) is
  always refused, naming the referring rows: tables left out of a roster stay untouched.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph_service.db.runner import Transaction
from graph_service.roster.dictionary import LABELS, NODE_TABLES, REL_TABLES, TABLES, NodeTable
from graph_service.roster.sync import Changes, link_edges, rel_edges
from graph_service.roster.validation import Problem

SHARE = 0.2  # removing more than this share of a table needs allow_removals
FLOOR = 5  # ... unless it is this many rows or fewer (a correction, not a purge)
REFERRERS_LISTED = 5  # referring rows named per removed node
REFERRERS_READ = 10_000  # relationships read back per label (enough to name the problem)


def _owners() -> dict[tuple[str, str, str], str]:
    """(source label, type, target label) -> the table whose rows hold such relationships."""
    owners: dict[tuple[str, str, str], str] = {}
    for table in NODE_TABLES:
        for _, _, _, edges in link_edges(table):
            owners[edges.source, edges.type, edges.target] = table.table
    for rel_table in REL_TABLES:
        for _, _, edges in rel_edges(rel_table):
            owners[edges.source, edges.type, edges.target] = rel_table.table
    return owners


OWNERS = _owners()


def removal_problems(
    tx: Transaction, changes: Changes, present: set[str], *, allow_removals: bool
) -> list[Problem]:
    """What is wrong with the removals `changes` would make (empty when there is nothing)."""
    problems = [] if allow_removals else _large_removals(changes)
    for name, change in changes.tables.items():
        table = TABLES[name]
        if isinstance(table, NodeTable) and change.removed:
            problems += _still_referred_to(tx, table, change.removed, present)
    return problems


def _large_removals(changes: Changes) -> list[Problem]:
    problems = []
    for name, change in changes.tables.items():
        removed = len(change.removed)
        before = removed + len(change.updated) + change.unchanged
        after = before - removed + len(change.added)
        if not removed or (after and (removed <= FLOOR or removed <= SHARE * before)):
            continue
        what = "empties the table" if not after else f"removes {removed / before:.0%} of it"
        shown = ", ".join(
            str(key if isinstance(key, str) else key[1]) for key in change.removed[:10]
        )
        problems.append(
            Problem(
                "error",
                "large_removal",
                f"this roster removes {removed:,} of the {before:,} rows of {name} ({what}: "
                f"{shown}{', ...' if removed > 10 else ''}). If that is meant, import again "
                "with --allow-removals (API: allow_removals=true); if not, send the full table.",
                table=name,
            )
        )
    return problems


def _still_referred_to(
    tx: Transaction, table: NodeTable, removed: list[Any], present: set[str]
) -> list[Problem]:
    rows = tx.run(
        "roster/referring-rows",
        {"ids": list(removed), "limit": REFERRERS_READ},
        tokens={"label": table.label},
    )
    referrers: dict[str, list[str]] = defaultdict(list)
    owners_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        other = next((label for label in row["labels"] if label in LABELS), None)
        if other is None:
            continue
        ends = (table.label, other) if row["outgoing"] else (other, table.label)
        owner = OWNERS.get((ends[0], row["type"], ends[1]))
        if owner is None or owner in present:
            continue  # the roster carries that table: it says itself what links remain
        owners_of[row["id"]].add(owner)
        if len(referrers[row["id"]]) < REFERRERS_LISTED:
            referrers[row["id"]].append(f"{owner} {other} {row['other_id']} ({row['type']})")
    return [
        Problem(
            "error",
            "still_referred_to",
            f"{table.label} {node_id} would be removed, but rows of "
            f"{', '.join(sorted(owners_of[node_id]))} (not in this roster) still refer to it: "
            f"{'; '.join(referrers[node_id])}. Send those tables too, or keep {node_id}.",
            table=table.table,
        )
        for node_id in sorted(referrers)
    ]
