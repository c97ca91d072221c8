"""What was true when: the programme's links and entities, each with the snapshots it held for.

The live graph keeps only what holds now, so today's analyses run unchanged. Beside it, every
link that makes the programme (liaison ↔ stairwell, leader ↔ grid, team ↔ community, unit and
branch ↔ community, community leaders, wartime assignments, building heads) and every place,
person and organisation has a *span* node: `:LinkSpan` or `:EntitySpan` with `from_snapshot`
(the snapshot that made it) and `to_snapshot` (the one that ended it; none while it holds).
A span is opened once and closed once, never otherwise changed. A link whose role changes
(红管家 → 楼道长) ends and starts again, so the role in a span is the role it held.

Each span carries the street, community and grid of its place (the stairwell, grid, community,
building or checkpoint end) as they were when it opened, so a diff or a history can be
filtered by scope without climbing the place chain of a past graph; a place's entity span also
names the place directly above it (`parent`), so a place that is gone can still be drawn beside
where it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph_service.db.runner import Transaction
from graph_service.roster.dictionary import TABLES, NodeTable, RelTable
from graph_service.roster.sync import BATCH, Changes
from graph_service.roster.tables import RelKey

# The programme's links (relationship tables) and the entities whose coming and going a diff shows.
LINK_TABLES = (
    "team_departments",
    "team_communities",
    "community_leaders",
    "grid_leaders",
    "stairwell_liaisons",
    "branch_pairings",
    "co_building",
    "wartime_assignments",
    "building_heads",
)
ENTITY_TABLES = (
    "communities",
    "grids",
    "buildings",
    "stairwells",
    "people",
    "departments",
    "service_teams",
    "party_branches",
    "units",
    "checkpoints",
)
PLACES = ("Street", "Community", "Grid", "Building", "Stairwell", "Checkpoint")
Step = tuple[str, dict[str, Any]]  # file name and parameters


def link_key(table: str, key: RelKey) -> str:
    """The span key of one link: its table, both ends and what makes it unique (e.g. the role)."""
    return "|".join([table, str(key[1]), str(key[3]), *(str(k) for k in key[4:] if k is not None)])


def entity_key(label: str, node_id: str) -> str:
    return f"{label}:{node_id}"


def _link_row(table: RelTable, key: RelKey, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": link_key(table.table, key),
        "table": table.table,
        "type": table.type,
        "source_label": key[0],
        "source": key[1],
        "target_label": key[2],
        "target": key[3],
        "role": props.get("role"),
    }


def _place_of(row: dict[str, Any]) -> tuple[str, str] | None:
    if row.get("label") in PLACES:
        return row["label"], row["id"]
    if row.get("target_label") in PLACES:
        return row["target_label"], row["target"]
    return None


def changed_spans(
    changes: Changes,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str], list[str]]:
    """(link rows to open, entity rows to open, link keys to close, entity keys to close)."""
    open_links: list[dict[str, Any]] = []
    open_entities: list[dict[str, Any]] = []
    close_links: list[str] = []
    close_entities: list[str] = []
    new = changes.new
    for name, change in changes.tables.items():
        table = TABLES[name]
        if isinstance(table, RelTable) and name in LINK_TABLES:
            content = new.rels.get(name, {})
            close_links += [link_key(name, k) for k in (*change.removed, *change.updated)]
            open_links += [
                _link_row(table, k, content[k]) for k in (*change.added, *change.updated)
            ]
        elif isinstance(table, NodeTable) and name in ENTITY_TABLES:
            nodes = new.nodes.get(name, {})
            close_entities += [entity_key(table.label, i) for i in change.removed]
            open_entities += [
                {
                    "key": entity_key(table.label, i),
                    "label": table.label,
                    "id": i,
                    "name": nodes[i].get("name"),
                }
                for i in change.added
            ]
    return open_links, open_entities, close_links, close_entities


def _scoped(tx: Transaction, rows: list[dict[str, Any]]) -> None:
    """Add street, community and grid to each row from the place it names (in the new graph),
    and to an entity's row the key of the place directly above it (`parent`)."""
    wanted: dict[str, set[str]] = {}
    for row in rows:
        place = _place_of(row)
        if place:
            wanted.setdefault(place[0], set()).add(place[1])
    scopes: dict[tuple[str, str], dict[str, Any]] = {}
    for label, ids in wanted.items():
        for chunk in _chunks(sorted(ids)):
            for found in tx.run("history/place-scopes", {"ids": chunk}, tokens={"label": label}):
                scopes[(label, found["id"])] = found
    for row in rows:
        place = _place_of(row)
        found = scopes.get(place, {}) if place else {}
        for level in ("street", "community", "grid"):
            row[level] = found.get(level)
        if "label" in row:  # an entity: the place it hangs from, to draw it there once gone
            row["parent"] = found.get("parent")


def steps(tx: Transaction, changes: Changes, snapshot_id: int) -> Iterator[Step]:
    """The statements that record `changes` as spans of snapshot `snapshot_id`. Scopes are read
    in `tx`, which must already hold the new graph."""
    open_links, open_entities, close_links, close_entities = changed_spans(changes)
    _scoped(tx, open_links + open_entities)
    for kind, keys in (("link", close_links), ("entity", close_entities)):
        for chunk in _chunks(keys):
            yield f"history/close-{kind}-spans", {"keys": chunk, "snapshot": snapshot_id}
    for kind, rows in (("link", open_links), ("entity", open_entities)):
        for chunk in _chunks(rows):
            yield f"history/open-{kind}-spans", {"rows": chunk, "snapshot": snapshot_id}


def held_at(span: dict[str, Any], snapshot: int) -> bool:
    """Whether a span (as read back) held at `snapshot`."""
    ends = span.get("to_snapshot")
    return bool(span["from_snapshot"] <= snapshot and (ends is None or ends > snapshot))


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]
