"""Snapshots: one immutable record per change of the graph, and the graph's version stamp.

Every import that changes the graph, and every applied plan, records a `:Snapshot` node in the
same transaction as its writes: its id (1, 2, 3, … from the graph's one `:HistoryClock` node),
when it was recorded, the date the roster describes (`as_of`), the account that sent it, the
file's name and SHA-256, what changed per table (added, updated, removed) and the warnings.
An import that changes nothing records none. A snapshot is never rewritten.

The latest snapshot id is the graph's version stamp: `db/graph_state.py` reads it with the node
and relationship counts, and every process drops what it derived from an older graph (cached
answers, the search index) when the stamp moves, whichever process wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from graph_service.db.runner import Runner, Transaction

ROSTER_SUFFIXES = (".csv",)


@dataclass(frozen=True)
class Origin:
    """Where a change came from: the file (name and SHA-256), who sent it, the date it describes."""

    source: str = "import"  # import, plan
    file: str | None = None
    sha256: str | None = None
    account: str | None = None  # an account's name, or operator:<user> from the command line
    as_of: dt.date | None = None  # the roster's date; today when not given


def origin_of_path(path: Path, **kw: Any) -> Origin:
    """The origin of a roster on disk: a folder's CSV files are hashed by name and content."""
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_dir():
        for file in sorted(path.glob("*.csv")):
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    elif path.is_file():
        digest.update(path.read_bytes())
    return Origin(file=path.name, sha256=digest.hexdigest(), **kw)


def origin_of_upload(name: str, data: bytes, **kw: Any) -> Origin:
    return Origin(file=name or None, sha256=hashlib.sha256(data).hexdigest(), **kw)


class TableCounts(BaseModel):
    added: int
    updated: int
    removed: int


class SnapshotOut(BaseModel):
    """One recorded snapshot."""

    id: int = Field(description="1, 2, 3, … in the order they were recorded")
    recorded_at: str = Field(description="when it was recorded (UTC, ISO 8601)")
    as_of: str = Field(description="the date the roster describes (YYYY-MM-DD)")
    source: str = Field(description="import or plan")
    account: str | None = Field(
        None,
        description="the account that sent it (operator:<user> for the command line; null for "
        "the sample's history and snapshots recorded before accounts)",
    )
    file: str | None = None
    sha256: str | None = None
    changes: dict[str, TableCounts] = Field(description="per table: added, updated, removed")
    warnings: list[str] = Field(default_factory=list)
    note: str | None = Field(None, description="e.g. an older roster made current on request")
    cases: dict[str, int] = Field(
        default_factory=dict, description="ledger cases this snapshot opened, kept and closed"
    )


def next_id(tx: Transaction) -> int:
    """Take the next snapshot id (serialised on the clock node's lock)."""
    [row] = tx.run("history/next-snapshot")
    return int(row["id"])


def create(
    tx: Transaction,
    snapshot_id: int,
    origin: Origin,
    changes: dict[str, TableCounts],
    warnings: list[str],
    note: str | None = None,
    cases: dict[str, int] | None = None,
) -> SnapshotOut:
    """Write the Snapshot node `snapshot_id` (taken with `next_id`) in `tx`."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    snapshot = SnapshotOut(
        id=snapshot_id,
        recorded_at=now.isoformat().replace("+00:00", "Z"),
        as_of=(origin.as_of or now.date()).isoformat(),
        source=origin.source,
        account=origin.account,
        file=origin.file,
        sha256=origin.sha256,
        changes=changes,
        warnings=warnings,
        note=note,
        cases=cases or {},
    )
    stored = snapshot.model_dump()
    for field in ("changes", "cases"):  # Neo4j properties hold no maps
        stored[field] = json.dumps(stored[field], ensure_ascii=False, sort_keys=True)
    tx.run("history/create-snapshot", {"rows": [stored]})
    return snapshot


def _out(stored: dict[str, Any]) -> SnapshotOut:
    maps = {field: json.loads(stored.get(field) or "{}") for field in ("changes", "cases")}
    return SnapshotOut(**{**stored, **maps})


def all_snapshots(db: Runner) -> list[SnapshotOut]:
    """Every snapshot, newest first."""
    return [_out(row["snapshot"]) for row in db.run("history/snapshots")]


def latest(tx_or_db: Transaction | Runner) -> SnapshotOut | None:
    rows = tx_or_db.run("history/snapshots")
    return _out(rows[0]["snapshot"]) if rows else None


def resolve(snapshots: list[SnapshotOut], ref: str, parameter: str) -> SnapshotOut:
    """A snapshot named by its id (`3`) or by a date (`2026-09-30`, `2026-09`): the last one
    recorded for that day or month or before it. Raises NotFound / BadRequest."""
    from graph_service.errors import BadRequest, NotFound

    text = ref.strip()
    if text.isdigit():
        for snapshot in snapshots:
            if snapshot.id == int(text):
                return snapshot
        raise NotFound(f"{parameter}: no snapshot {text} (GET /api/v1/snapshots lists them)")
    try:
        if len(text) == 7:  # a month: its last day
            year, month = (int(part) for part in text.split("-"))
            first_next = dt.date(year + month // 12, month % 12 + 1, 1)
            day = first_next - dt.timedelta(days=1)
        else:
            day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"{parameter}: {ref!r} is neither a snapshot id nor a date (2026-09-30 or 2026-09)",
            parameter=parameter,
        ) from None
    held = [s for s in snapshots if s.as_of <= day.isoformat()]
    if not held:
        raise NotFound(f"{parameter}: no snapshot as of {day.isoformat()} or earlier")
    return max(held, key=lambda s: (s.as_of, s.id))
