"""What changed between two snapshots: entities and links added, removed or reassigned, and
the change of every headline figure.

A diff reads only the spans that began or ended between the two snapshots (two index seeks),
so it costs what changed, not the size of the graph. Either order works: from a later to an
earlier snapshot, what the later one added shows as removed. A link is *reassigned* when the
same place (and role, where a role is part of the link) lost one holder and gained another
between the two, e.g. a stairwell moved from liaison A to liaison B.

People appear by id only (their names are personal information); places and organisations
with their names. A person or organisation has no place of its own: it takes the street,
community and grid of the links it gained or lost in the same diff, and a diff limited to a
scope keeps it when one of those links lies in the scope. A place says which place it hung
from (`parent`) and the diff says which of everything it names is still in the graph
(`present`), so that what is gone can be drawn as a ghost beside where it was.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Literal

from pydantic import BaseModel, Field

from graph_service.db.runner import Runner
from graph_service.history.figures import METRIC_ZH, METRICS
from graph_service.history.snapshots import SnapshotOut
from graph_service.history.spans import PLACES, entity_key, held_at
from graph_service.roster.dictionary import CHOICE_ZH, LABEL_ZH, REL_ZH, TABLES

Scope = tuple[str, str] | None  # (Street|Community|Grid, id), or the whole graph


class EntityChange(BaseModel):
    change: Literal["added", "removed"]
    label: str
    id: str
    name: str | None = Field(description="null for people (personal information)")
    street: str | None
    community: str | None
    grid: str | None
    parent: str | None = Field(
        None,
        description="a place: the key of the place directly above it (recorded with it; for "
        "places recorded before parents were kept, its grid, community or street); else null",
    )


class LinkChange(BaseModel):
    change: Literal["added", "removed", "reassigned"]
    table: str
    type: str
    role: str | None
    target_label: str
    target: str
    source_label: str
    source: str | None = Field(description="the holder added or removed (null if reassigned)")
    from_source: str | None = Field(None, description="reassigned: the holder before")
    to_source: str | None = Field(None, description="reassigned: the holder after")
    street: str | None
    community: str | None
    grid: str | None


class FigureChange(BaseModel):
    scope: str
    metric: str
    before: float | None
    after: float | None
    change: float | None


class Diff(BaseModel):
    """What changed from one snapshot to another, within a scope."""

    from_snapshot: SnapshotOut
    to_snapshot: SnapshotOut
    scope: str | None = Field(description="Street:…, Community:… or Grid:…; null: everything")
    entities: list[EntityChange]
    links: list[LinkChange]
    figures: list[FigureChange]
    summary: dict[str, int] = Field(description="how many changes of each kind")
    present: list[str] = Field(
        [],
        description="keys (Label:id) of what this diff names (entities, both ends of every "
        "link, parents) that are in the graph now; the others are gone since",
    )


def _changed(db: Runner, kind: str, a: int, b: int, scope: Scope) -> list[dict[str, Any]]:
    rows = db.run(
        f"history/{kind}-spans-changed",
        {
            "from": min(a, b),
            "to": max(a, b),
            "scope_label": scope[0] if scope else None,
            "scope_id": scope[1] if scope else None,
        },
        metadata={"endpoint": "diff"},
    )
    return [row["span"] for row in rows]


def _side(span: dict[str, Any], a: int, b: int) -> Literal["added", "removed"] | None:
    before, after = held_at(span, a), held_at(span, b)
    if after and not before:
        return "added"
    if before and not after:
        return "removed"
    return None  # began and ended between the two: no difference


def link_changes(spans: list[dict[str, Any]], a: int, b: int) -> list[LinkChange]:
    """Links added and removed between snapshots a and b, pairing a place's lost and gained
    holders (same table and role where the role is part of the link) as reassignments."""
    groups: dict[tuple[Any, ...], dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"added": [], "removed": []}
    )
    for span in spans:
        side = _side(span, a, b)
        if side is None:
            continue
        role = span.get("role") if "role" in TABLES[span["table"]].key else None  # type: ignore[union-attr]
        groups[(span["table"], span["target_label"], span["target"], role)][side].append(span)
    changes: list[LinkChange] = []
    for sides in groups.values():
        added = sorted(sides["added"], key=lambda s: s["source"])
        removed = sorted(sides["removed"], key=lambda s: s["source"])
        for gone, came in zip(removed, added, strict=False):
            changes.append(
                _link(
                    "reassigned",
                    came,
                    source=None,
                    from_source=gone["source"],
                    to_source=came["source"],
                )
            )
        paired = min(len(added), len(removed))
        changes += [_link("added", s, source=s["source"]) for s in added[paired:]]
        changes += [_link("removed", s, source=s["source"]) for s in removed[paired:]]
    order = {"reassigned": 0, "added": 1, "removed": 2}
    return sorted(changes, key=lambda c: (order[c.change], c.table, c.target, c.source or ""))


def _link(
    change: Literal["added", "removed", "reassigned"], span: dict[str, Any], **ends: Any
) -> LinkChange:
    return LinkChange(
        change=change,
        table=span["table"],
        type=span["type"],
        role=span.get("role"),
        target_label=span["target_label"],
        target=span["target"],
        source_label=span["source_label"],
        street=span.get("street"),
        community=span.get("community"),
        grid=span.get("grid"),
        **ends,
    )


# Levels a place can hang from, from the bottom up, for spans recorded before `parent` was.
_ABOVE = (("grid", "Grid"), ("community", "Community"), ("street", "Street"))


def _parent(span: dict[str, Any]) -> str | None:
    if span.get("parent") or span["label"] not in PLACES:
        return span.get("parent")
    levels = [label for _, label in _ABOVE]
    own = levels.index(span["label"]) if span["label"] in levels else -1
    for level, label in _ABOVE[own + 1 :]:
        if span.get(level):
            return f"{label}:{span[level]}"
    return None


def _in_scope(span: dict[str, Any], scope: Scope) -> bool:
    return scope is None or span.get(scope[0].lower()) == scope[1]


def _placed_by_links(
    span: dict[str, Any], links: list[dict[str, Any]], scope: Scope
) -> dict[str, Any] | None:
    """A person's or organisation's span with the place of the first of its links that
    changed (in the scope); None when a scoped diff has no such link."""
    end = (span["label"], span["id"])
    for link in sorted(links, key=lambda s: s["key"]):
        ends = ((link["source_label"], link["source"]), (link["target_label"], link["target"]))
        if end in ends and _in_scope(link, scope):
            return span | {level: link.get(level) for level in ("street", "community", "grid")}
    return None if scope else span


def entity_changes(
    spans: list[dict[str, Any]],
    a: int,
    b: int,
    links: list[dict[str, Any]] | None = None,
    scope: Scope = None,
) -> list[EntityChange]:
    """Entities added and removed between snapshots a and b; those with no place of their own
    are placed by the changed `links` that name them (see the module's docstring)."""
    moved = [link for link in links or [] if _side(link, a, b) is not None]
    changes = []
    for span in spans:
        side = _side(span, a, b)
        if side is None:
            continue
        if span["label"] in PLACES:
            if not _in_scope(span, scope):
                continue
        else:
            placed = _placed_by_links(span, moved, scope)
            if placed is None:
                continue
            span = placed
        changes.append(
            EntityChange(
                change=side,
                label=span["label"],
                id=span["id"],
                name=None if span["label"] == "Person" else span.get("name"),
                street=span.get("street"),
                community=span.get("community"),
                grid=span.get("grid"),
                parent=_parent(span),
            )
        )
    return sorted(changes, key=lambda c: (c.change, c.label, c.id))


def _present(db: Runner, entities: list[EntityChange], links: list[LinkChange]) -> list[str]:
    """Which of the keys the changes name are in the graph now."""
    named = {entity_key(e.label, e.id) for e in entities}
    named |= {e.parent for e in entities if e.parent}
    for link in links:
        named.add(entity_key(link.target_label, link.target))
        for source in (link.source, link.from_source, link.to_source):
            if source is not None:
                named.add(entity_key(link.source_label, source))
    rows = db.run("history/entities-now", {"keys": sorted(named)}, metadata={"endpoint": "diff"})
    return sorted(row["key"] for row in rows)


def figure_changes(db: Runner, scopes: list[str], a: int, b: int) -> list[FigureChange]:
    changes = []
    for scope in scopes:
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for snapshot, into in ((a, before), (b, after)):
            rows = db.run("history/figures-at", {"scope": scope, "snapshot": snapshot})
            if rows:
                into.update(rows[0]["figures"])
        if not before and not after:
            continue
        for metric in METRICS:
            old, new = before.get(metric), after.get(metric)
            delta = round(new - old, 4) if old is not None and new is not None else None
            changes.append(
                FigureChange(scope=scope, metric=metric, before=old, after=new, change=delta)
            )
    return changes


def diff(
    db: Runner, old: SnapshotOut, new: SnapshotOut, scope: Scope, figure_scopes: list[str]
) -> Diff:
    """Everything that changed from snapshot `old` to snapshot `new` within `scope`."""
    a, b = old.id, new.id
    link_spans = _changed(db, "link", a, b, scope)
    entities = entity_changes(_changed(db, "entity", a, b, scope), a, b, link_spans, scope)
    links = link_changes(link_spans, a, b)
    summary: dict[str, int] = defaultdict(int)
    for entity in entities:
        summary[f"entities_{entity.change}"] += 1
    for link in links:
        summary[f"links_{link.change}"] += 1
    return Diff(
        from_snapshot=old,
        to_snapshot=new,
        scope=f"{scope[0]}:{scope[1]}" if scope else None,
        entities=entities,
        links=links,
        figures=figure_changes(db, figure_scopes, a, b),
        summary=dict(summary),
        present=_present(db, entities, links),
    )


def _places(change: EntityChange | LinkChange) -> dict[str, Any]:
    return {"street": change.street, "community": change.community, "grid": change.grid}


CSV_COLUMNS: dict[str, str] = {
    "change": "变化",
    "kind": "类别",
    "what": "对象类型",
    "id": "编号",
    "name": "名称",
    "role": "角色",
    "before": "变化前",
    "after": "变化后",
    "street": "街道",
    "community": "社区",
    "grid": "网格",
}
CHANGE_ZH = {"added": "新增", "removed": "移除", "reassigned": "调整", "figure": "指标变化"}


def csv_rows(found: Diff, chinese: bool) -> tuple[list[str], list[dict[str, Any]]]:
    """The diff as one table: entity and link changes, then figures (Chinese headers and
    terms when `chinese`)."""
    rows: list[dict[str, Any]] = []
    for e in found.entities:
        what = LABEL_ZH.get(e.label, e.label) if chinese else e.label
        rows.append(
            {"change": e.change, "kind": "entity", "what": what, "id": e.id, "name": e.name}
            | _places(e)
        )
    for link in found.links:
        before, after = {
            "reassigned": (link.from_source, link.to_source),
            "removed": (link.source, None),
            "added": (None, link.source),
        }[link.change]
        role = CHOICE_ZH.get(link.role or "", link.role) if chinese else link.role
        rows.append(
            {
                "change": link.change,
                "kind": "link",
                "what": REL_ZH.get(link.type, link.type) if chinese else link.type,
                "id": f"{link.target_label}:{link.target}",
                "role": role,
                "before": before,
                "after": after,
            }
            | _places(link)
        )
    for figure in found.figures:
        what = METRIC_ZH[figure.metric] if chinese else figure.metric
        rows.append(
            {"change": "figure", "kind": "figure", "what": what, "id": figure.scope}
            | {"before": figure.before, "after": figure.after}
        )
    if not chinese:
        return list(CSV_COLUMNS), rows
    kinds = {"entity": "对象", "link": "关系", "figure": "指标"}
    for row in rows:
        row["change"], row["kind"] = CHANGE_ZH[row["change"]], kinds[row["kind"]]
    return list(CSV_COLUMNS.values()), [
        {CSV_COLUMNS[key]: value for key, value in row.items()} for row in rows
    ]
