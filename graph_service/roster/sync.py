"""The roster's tables in Neo4j: read them back as `Tables`, and write the difference of two.

The statements are the templates in `cypher/roster/`; the label and relationship-type tokens in
them (`__LABEL__`, `__SOURCE__`, `__TARGET__`, `__TYPE__`) are filled only with names from the
data dictionary, never from a roster or a request (the runner checks each against the data
model's names, `db.queries.filled`). Values travel as parameters. Writes are batched `UNWIND`
statements (`writes`, as runner `Step`s), run in one transaction (`apply`) or, for a first load
into an empty graph, committed one batch at a time (`roster.importer`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graph_service.db.runner import Step, Transaction
from graph_service.roster.dictionary import DERIVED_PROPERTIES, TABLES, NodeTable, RelTable
from graph_service.roster.tables import LinkEdge, Props, RelKey, Tables, native, rel_key

BATCH = 5_000


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


@dataclass(frozen=True)
class Edges:
    """One relationship type between two labels, as the templates need it."""

    source: str
    type: str
    target: str


def link_edges(table: NodeTable) -> Iterator[tuple[str, Any, str, Edges]]:
    """(link key, link, target label, edge spec) for every link column and possible target."""
    for link in table.links:
        for target in link.targets:
            if link.reverse:
                yield (
                    f"{table.table}.{link.column}",
                    link,
                    target,
                    Edges(target, link.type, table.label),
                )
            else:
                yield (
                    f"{table.table}.{link.column}",
                    link,
                    target,
                    Edges(table.label, link.type, target),
                )


def rel_edges(table: RelTable) -> Iterator[tuple[str, str, Edges]]:
    for source in table.source.targets:
        for target in table.target.targets:
            yield source, target, Edges(source, table.type, target)


def _names(tx: Transaction, template: str) -> set[str]:
    [row] = tx.run(f"roster/{template}")
    return set(row["names"])


def existing_ids(tx: Transaction, label: str) -> set[str]:
    if label not in _names(tx, "read-labels"):
        return set()
    [row] = tx.run("roster/read-ids", tokens={"label": label})
    return set(row["ids"])


def _tokens(edges: Edges) -> dict[str, str]:
    return {"source": edges.source, "type": edges.type, "target": edges.target}


def read_graph(tx: Transaction, tables: Iterable[str] | None = None) -> Tables:
    """The graph's content as `Tables` (all tables, or only those named)."""
    graph = Tables()
    labels, types = _names(tx, "read-labels"), _names(tx, "read-types")

    def _rels(edges: Edges) -> list[dict[str, Any]]:
        if not {edges.source, edges.target} <= labels or edges.type not in types:
            return []  # never created: reading it would only make Neo4j warn
        return tx.run("roster/read-rels", tokens=_tokens(edges))

    for name in tables if tables is not None else TABLES:
        table = TABLES[name]
        graph.present.add(name)
        if isinstance(table, NodeTable):
            rows = (
                tx.run("roster/read-nodes", tokens={"label": table.label})
                if (table.label in labels)
                else []
            )
            derived = DERIVED_PROPERTIES.get(table.label, frozenset())  # not roster columns
            graph.nodes[name] = {
                r["props"]["id"]: {k: native(v) for k, v in r["props"].items() if k not in derived}
                for r in rows
            }
            for key, link, target, edges in link_edges(table):
                found = graph.links.setdefault(key, set())
                for r in _rels(edges):
                    node_id, target_id = (
                        (r["target"], r["source"]) if link.reverse else (r["source"], r["target"])
                    )
                    found.add((node_id, target, target_id))
        else:
            content = graph.rels.setdefault(name, {})
            for source, target, edges in rel_edges(table):
                for r in _rels(edges):
                    props = {k: native(v) for k, v in r["props"].items()}
                    content[rel_key(table, (source, r["source"]), (target, r["target"]), props)] = (
                        props
                    )
    return graph


@dataclass
class TableChange:
    """What an import does to one table: ids (or relationship keys) added, updated, removed."""

    added: list[Any] = field(default_factory=list)
    updated: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class Changes:
    tables: dict[str, TableChange] = field(default_factory=dict)
    links_added: dict[str, set[LinkEdge]] = field(default_factory=dict)
    links_removed: dict[str, set[LinkEdge]] = field(default_factory=dict)
    new: Tables = field(default_factory=Tables)

    @property
    def any(self) -> bool:
        return any(c.added or c.updated or c.removed for c in self.tables.values())


def diff(old: Tables, new: Tables) -> Changes:
    """What to write so that the graph's tables named in `new.present` equal `new`."""
    changes = Changes(new=new)
    for name in sorted(new.present):
        table = TABLES[name]
        change = changes.tables[name] = TableChange()
        if isinstance(table, NodeTable):
            before, after = old.nodes.get(name, {}), new.nodes.get(name, {})
            touched: set[str] = set()
            for link in table.links:
                key = f"{name}.{link.column}"
                was, now = old.links.get(key, set()), new.links.get(key, set())
                changes.links_added[key] = now - was
                changes.links_removed[key] = was - now
                touched |= {edge[0] for edge in (now ^ was)}
            change.added = sorted(set(after) - set(before))
            change.removed = sorted(set(before) - set(after))
            change.updated = sorted(
                i for i in set(after) & set(before) if after[i] != before[i] or i in touched
            )
            change.unchanged = len(after) - len(change.added) - len(change.updated)
        else:
            before_rels, after_rels = old.rels.get(name, {}), new.rels.get(name, {})
            change.added = sorted(set(after_rels) - set(before_rels), key=str)
            change.removed = sorted(set(before_rels) - set(after_rels), key=str)
            change.updated = sorted(
                (k for k in set(after_rels) & set(before_rels) if after_rels[k] != before_rels[k]),
                key=str,
            )
            change.unchanged = len(after_rels) - len(change.added) - len(change.updated)
    return changes


def writes(changes: Changes) -> Iterator[Step]:
    """The batched statements that write `changes`: removals first, then nodes, then edges.
    `apply` runs them in one transaction; a first load into an empty graph commits each."""
    new = changes.new
    for name, change in changes.tables.items():
        table = TABLES[name]
        if isinstance(table, RelTable) and change.removed:
            yield from _rels(table, "delete-rels", change.removed, {})
        elif isinstance(table, NodeTable):
            yield from _links(table, "delete-rels", changes.links_removed)
    for name, change in changes.tables.items():
        table = TABLES[name]
        if isinstance(table, NodeTable) and change.removed:
            for ids in _batches(change.removed):
                yield Step("roster/delete-nodes", {"ids": ids}, {"label": table.label})
    for name, change in changes.tables.items():
        table = TABLES[name]
        if not isinstance(table, NodeTable):
            continue
        nodes = new.nodes.get(name, {})
        for template, ids in (("create-nodes", change.added), ("update-nodes", change.updated)):
            for batch in _batches(ids):
                rows = [nodes[i] for i in batch]
                yield Step(f"roster/{template}", {"rows": rows}, {"label": table.label})
    for name, change in changes.tables.items():
        table = TABLES[name]
        if isinstance(table, NodeTable):
            yield from _links(table, "create-rels", changes.links_added)
        else:
            content = new.rels.get(name, {})
            yield from _rels(table, "create-rels", change.added, content)
            yield from _rels(table, "update-rels", change.updated, content)


def rows_written(step: Step) -> int:
    """How many rows (nodes, relationships or ids) one batch writes."""
    return len(step.params.get("rows") or step.params.get("ids") or ())


def apply(tx: Transaction, changes: Changes) -> None:
    """Write `changes` in the caller's transaction."""
    for step in writes(changes):
        tx.run(step.name, step.params, tokens=step.tokens)


def _links(
    table: NodeTable, template: str, edges_by_key: dict[str, set[LinkEdge]]
) -> Iterator[Step]:
    for key, link, target, edges in link_edges(table):
        chosen = [e for e in edges_by_key.get(key, ()) if e[1] == target]
        if link.reverse:
            rows = [{"source": t, "target": n, "props": {}, "match": {}} for n, _, t in chosen]
        else:
            rows = [{"source": n, "target": t, "props": {}, "match": {}} for n, _, t in chosen]
        yield from _edges(template, edges, sorted(rows, key=lambda r: (r["source"], r["target"])))


def _rels(
    table: RelTable, template: str, keys: list[RelKey], content: dict[RelKey, Props]
) -> Iterator[Step]:
    for source, target, edges in rel_edges(table):
        rows = [
            {
                "source": key[1],
                "target": key[3],
                "props": content.get(key, {}),
                "match": dict(zip(table.key, key[4:], strict=True)),
            }
            for key in keys
            if key[0] == source and key[2] == target
        ]
        yield from _edges(template, edges, rows)


def _edges(template: str, edges: Edges, rows: list[dict[str, Any]]) -> Iterator[Step]:
    for batch in _batches(rows):
        yield Step(f"roster/{template}", {"rows": batch}, _tokens(edges))
