"""`Tables`: the content of a roster, typed, in the one shape both a roster and the graph take.

A validated roster and the graph read back from Neo4j are both `Tables`, so importing is a diff
of two `Tables` (what to add, change, remove) and exporting is writing `Tables` as rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graph_service.roster.dictionary import NODE_TABLES, REL_TABLES, TABLES, NodeTable, RelTable

Props = dict[str, Any]
LinkEdge = tuple[str, str, str]  # (row id, target label, target id)
RelKey = tuple[Any, ...]  # (source label, source id, target label, target id, *key values)


def native(value: Any) -> Any:
    """A value read from Neo4j as the Python value a roster yields (dates, lists)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


@dataclass
class Tables:
    """Nodes, link columns and relationship rows per table. `present`: tables the source held."""

    nodes: dict[str, dict[str, Props]] = field(default_factory=dict)
    links: dict[str, set[LinkEdge]] = field(default_factory=dict)  # key "table.column"
    rels: dict[str, dict[RelKey, Props]] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)

    def ids(self, label: str) -> set[str]:
        for table in NODE_TABLES:
            if table.label == label:
                return set(self.nodes.get(table.table, {}))
        return set()

    def rows(self, name: str) -> Iterator[dict[str, Any]]:
        """The table's rows as a roster holds them (sorted by id or key, for stable files)."""
        table = TABLES[name]
        if isinstance(table, NodeTable):
            yield from self._node_rows(table)
        else:
            yield from self._rel_rows(table)

    def _node_rows(self, table: NodeTable) -> Iterator[dict[str, Any]]:
        targets: dict[str, dict[str, list[tuple[str, str]]]] = {}
        for link in table.links:
            by_id: dict[str, list[tuple[str, str]]] = {}
            for node_id, label, target in self.links.get(f"{table.table}.{link.column}", ()):
                by_id.setdefault(node_id, []).append((label, target))
            targets[link.column] = by_id
        for node_id in sorted(self.nodes.get(table.table, {})):
            row = dict(self.nodes[table.table][node_id])
            for link in table.links:
                found = sorted(targets[link.column].get(node_id, []), key=lambda t: t[1])
                row[link.column] = ";".join(t for _, t in found) or None
                if link.label_column:
                    row[link.label_column] = found[0][0] if found else None
            yield row

    def _rel_rows(self, table: RelTable) -> Iterator[dict[str, Any]]:
        content = self.rels.get(table.table, {})
        for key in sorted(content, key=_sortable):
            source_label, source_id, target_label, target_id = key[:4]
            row = dict(content[key])
            row[table.source.column] = source_id
            row[table.target.column] = target_id
            if table.source.label_column:
                row[table.source.label_column] = source_label
            if table.target.label_column:
                row[table.target.label_column] = target_label
            yield row

    def within(self, allows: Callable[[str], bool]) -> Tables:
        """The part of these tables that `allows` (a test of `Label:id` keys) lets through: the
        nodes it allows, and the links and relationships whose both ends it allows."""
        label_of = {table.table: table.label for table in NODE_TABLES}

        def kept(table: str, node_id: str) -> bool:
            return allows(f"{label_of[table]}:{node_id}")

        return Tables(
            nodes={
                table: {node_id: props for node_id, props in rows.items() if kept(table, node_id)}
                for table, rows in self.nodes.items()
            },
            links={
                name: {
                    (node_id, label, target)
                    for node_id, label, target in edges
                    if kept(name.split(".")[0], node_id) and allows(f"{label}:{target}")
                }
                for name, edges in self.links.items()
            },
            rels={
                table: {
                    key: props
                    for key, props in rows.items()
                    if allows(f"{key[0]}:{key[1]}") and allows(f"{key[2]}:{key[3]}")
                }
                for table, rows in self.rels.items()
            },
            present=set(self.present),
        )

    def row_counts(self) -> dict[str, int]:
        counts = {t.table: len(self.nodes.get(t.table, {})) for t in NODE_TABLES}
        counts.update({t.table: len(self.rels.get(t.table, {})) for t in REL_TABLES})
        return counts


def _sortable(key: RelKey) -> tuple[str, ...]:
    return tuple(
        "" if v is None else v.isoformat() if isinstance(v, dt.date) else str(v) for v in key
    )


def rel_key(
    table: RelTable, source: tuple[str, str], target: tuple[str, str], props: Props
) -> RelKey:
    """The identity of one relationship row: its ends plus the table's key fields."""
    return (*source, *target, *(props.get(k) for k in table.key))
