"""Entities: one node, its neighbourhood, search by name (or pinyin initials), paths between two.

Labels in a URL are checked against `LABELS` (the data model's labels) before they reach Cypher,
where they travel as parameters (`MATCH (n:$($label))`). Graph slices use graphology's
serialisation `{nodes: [{key, attributes}], edges: [{key, source, target, attributes}]}` with
node keys `"<Label>:<id>"`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from pypinyin import Style, pinyin

from graph_service.analyses.graphology import GraphSlice, SliceEdge, SliceNode
from graph_service.analyses.projections import key, split_key
from graph_service.analyses.rendering import plain
from graph_service.api.dependencies import runner
from graph_service.db.runner import Row, Runner
from graph_service.errors import BadRequest, NotFound

router = APIRouter(prefix="/api/v1", tags=["entities"])

# Main labels of the data model (docs/data-model.md), in the order that names a node's kind.
LABELS = (
    "City", "District", "Street", "Community", "Grid", "Building", "Stairwell", "Household",
    "Department", "ServiceTeam", "PartyBranch", "Unit", "JointCommittee", "PropertyCompany",
    "VolunteerTeam", "Module", "Post", "Person", "Event", "Demand", "Checkpoint",
)  # fmt: skip
RELATIONSHIP_TYPES = (
    "PART_OF", "IN_TEAM", "SERVES", "LEADS_COMMUNITY", "LEADS_GRID", "LIAISES_WITH", "WORKS_IN",
    "MEMBER_OF", "BRANCH_OF", "PAIRED_WITH", "SUBSIDIARY_OF", "CO_BUILDS", "MANAGES",
    "VOLUNTEERS_IN", "IN_MODULE", "HOLDS_POST", "ATTENDED", "HELD_IN", "ORGANISED_BY", "RAISED",
    "ASSESSED_BY", "DISPATCHED_TO", "ASSIGNED_TO", "BUILDING_HEAD_OF", "LOCATED_IN", "RUN_BY",
    "SITS_ON",
)  # fmt: skip
# Personal information (PIPL) stays in the database: the API never returns these properties.
SENSITIVE = frozenset({"phone", "head_name", "address"})
SEARCH_INDEX_TTL_S = 60.0
MAX_NEIGHBOURHOOD = 2000


class Node(BaseModel):
    key: str
    label: str
    id: str
    name: str | None
    properties: dict[str, Any]
    degree: dict[str, int]


class SearchResult(BaseModel):
    key: str
    label: str
    id: str
    name: str
    context: str


class SearchResults(BaseModel):
    results: list[SearchResult]


def checked_label(label: str, parameter: str = "label") -> str:
    """`label` if it is one of the model's labels, else BadRequest naming the parameter."""
    if label not in LABELS:
        raise BadRequest(
            f"{parameter}: {label!r} is not one of {', '.join(LABELS)}", parameter=parameter
        )
    return label


def checked_key(node_key: str, parameter: str) -> tuple[str, str]:
    """(label, id) of a `Label:id` key, the label checked against the allow-list."""
    try:
        label, node_id = split_key(node_key)
    except ValueError:
        raise BadRequest(
            f"{parameter}: expected a key like Stairwell:S0001", parameter=parameter
        ) from None
    return checked_label(label, parameter), node_id


def _find(db: Runner, label: str, node_id: str) -> Row:
    found = db.read(
        "entities/node", {"id": node_id}, metadata={"endpoint": "node"}, tokens={"label": label}
    )
    if not found:
        raise NotFound(f"no {label} with id {node_id!r}")
    return found[0]


@router.get("/nodes/{label}/{node_id}", response_model=Node, responses={404: {}, 422: {}, 503: {}})
def node(label: str, node_id: str, request: Request) -> Node:
    """One node: its properties (without personal contact details) and degree by type."""
    row = _find(runner(request), checked_label(label), node_id)
    return Node(
        key=key(label, node_id),
        label=label,
        id=node_id,
        name=row["name"],
        properties={k: plain(v) for k, v in row["properties"].items() if k not in SENSITIVE},
        degree={entry["type"]: entry["count"] for entry in row["degree"]},
    )


@router.get(
    "/nodes/{label}/{node_id}/neighborhood",
    response_model=GraphSlice,
    responses={404: {}, 422: {}, 503: {}},
)
def neighborhood(
    label: str,
    node_id: str,
    request: Request,
    depth: Annotated[int, Query(ge=1, le=3, description="rings of neighbours, 1 to 3")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD, description="most nodes")] = 200,
) -> GraphSlice:
    """The node and its neighbours up to `depth` steps, at most `limit` nodes (`truncated` says
    when the cap cut it short: ask for a smaller depth or follow one neighbour)."""
    db = runner(request)
    centre = _find(db, checked_label(label), node_id)
    centre_key = key(label, node_id)
    nodes: dict[str, SliceNode] = {
        centre_key: SliceNode(
            key=centre_key,
            attributes={"label": label, "id": node_id, "name": centre["name"], "depth": 0},
        )
    }
    seen_ids = {centre["element_id"]: centre_key}
    edges: dict[str, SliceEdge] = {}
    frontier = list(seen_ids)
    truncated = False
    for ring in range(1, depth + 1):
        if not frontier:
            break
        budget = limit - len(nodes)
        rows = db.read(
            "entities/neighbours",
            # Relationships per node can exceed nodes, so ask for more rows than nodes left.
            {"element_ids": frontier, "labels": list(LABELS), "limit": budget * 4 + 1},
            metadata={"endpoint": "neighborhood"},
        )
        if len(rows) > budget * 4:
            truncated = True
        next_frontier = []
        for row in rows:
            if row["element_id"] not in seen_ids:
                if len(nodes) >= limit:
                    truncated = True
                    continue
                node_key = key(row["label"] or "Node", row["id"])
                seen_ids[row["element_id"]] = node_key
                nodes[node_key] = SliceNode(
                    key=node_key,
                    attributes={
                        "label": row["label"],
                        "id": row["id"],
                        "name": row["name"],
                        "depth": ring,
                    },
                )
                next_frontier.append(row["element_id"])
            _add_edge(edges, seen_ids, row)
        frontier = next_frontier
    return GraphSlice(nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated)


def _add_edge(edges: dict[str, SliceEdge], seen: dict[str, str], row: Row) -> None:
    source, target = seen.get(row["source"]), seen.get(row["target"])
    if source is None or target is None or row["relationship_id"] in edges:
        return
    edges[row["relationship_id"]] = SliceEdge(
        key=row["relationship_id"],
        source=source,
        target=target,
        attributes={"type": row["type"], **{k: plain(v) for k, v in row["properties"].items()}},
    )


@dataclass
class _SearchIndex:
    built_at: float
    # label, id, name, context, every name it goes by (lower case), their pinyin initials
    entries: list[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]]


def initials(name: str) -> tuple[str, ...]:
    """Every reading of a name's pinyin initials, lower case, other characters kept.

    Characters with several readings give several strings (幢 is zhuàng or chuáng, so
    `东苑1幢` gives `dy1c` and `dy1z`), at most 16 of them.
    """
    readings = [""]
    for options in pinyin(name, style=Style.FIRST_LETTER, heteronym=True):
        letters = sorted({option.lower() for option in options})
        readings = [reading + letter for reading in readings for letter in letters][:16]
    return tuple(readings)


def _search_index(request: Request, db: Runner) -> _SearchIndex:
    # Names change only when a roster is imported, so the index is rebuilt at most once a minute.
    index: _SearchIndex | None = getattr(request.app.state, "search_index", None)
    if index is None or time.monotonic() - index.built_at > SEARCH_INDEX_TTL_S:
        rows = db.read(
            "entities/search-index", {"labels": list(LABELS)}, metadata={"endpoint": "search"}
        )
        index = _SearchIndex(
            time.monotonic(),
            [
                (
                    row["label"],
                    row["id"],
                    row["name"],
                    " / ".join(row["context"]),
                    tuple(name.lower() for name in (row["name"], *row["aliases"])),
                    tuple(i for name in (row["name"], *row["aliases"]) for i in initials(name)),
                )
                for row in rows
            ],
        )
        request.app.state.search_index = index
    return index


@router.get("/search", response_model=SearchResults, responses={422: {}, 503: {}})
def search(
    request: Request,
    q: Annotated[
        str, Query(min_length=1, max_length=50, description="part of a name, or pinyin initials")
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResults:
    """Names containing `q`, or whose pinyin initials start with or contain it (`dy` finds
    东苑社区). Exact names first, then prefixes, then the rest; shorter names first."""
    needle = q.strip().lower()
    if not needle:
        raise BadRequest("q: give some characters to search for", parameter="q")
    index = _search_index(request, runner(request))
    ranked = []
    for label, node_id, name, context, names, name_initials in index.entries:
        if needle in names:
            rank = 0
        elif any(n.startswith(needle) for n in names):
            rank = 1
        elif any(needle in n for n in names):
            rank = 2
        elif needle.isascii() and any(i.startswith(needle) for i in name_initials):
            rank = 3
        elif needle.isascii() and any(needle in i for i in name_initials):
            rank = 4
        else:
            continue
        ranked.append((rank, len(name), LABELS.index(label), name, node_id, label, context))
    ranked.sort()
    return SearchResults(
        results=[
            SearchResult(
                key=key(label, node_id), label=label, id=node_id, name=name, context=context
            )
            for *_, name, node_id, label, context in ranked[:limit]
        ]
    )


@router.get("/paths", response_model=GraphSlice, responses={404: {}, 422: {}, 503: {}})
def paths(
    request: Request,
    from_key: Annotated[str, Query(alias="from", description="start key, e.g. Department:DP01")],
    to_key: Annotated[str, Query(alias="to", description="end key, e.g. Household:H00001")],
    types: Annotated[
        str | None, Query(description="comma-separated relationship types to walk (default all)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50, description="most paths")] = 5,
) -> GraphSlice:
    """The shortest paths (up to 10 steps) between two nodes, as one graph slice.

    `types=IN_TEAM,SERVES,PART_OF` walks department → team → community → grid → building →
    stairwell → household instead of the shortest way through a person."""
    from_label, from_id = checked_key(from_key, "from")
    to_label, to_id = checked_key(to_key, "to")
    walk = None
    if types:
        walk = [t.strip() for t in types.split(",") if t.strip()]
        unknown = [t for t in walk if t not in RELATIONSHIP_TYPES]
        if unknown:
            raise BadRequest(f"types: unknown relationship types {unknown}", parameter="types")
    db = runner(request)
    start = _find(db, from_label, from_id)
    end = _find(db, to_label, to_id)
    if (from_label, from_id) == (to_label, to_id):
        # Neo4j's shortest-path search refuses equal ends; the path is the node itself.
        attributes = {"label": from_label, "id": from_id, "name": start["name"]}
        return GraphSlice(nodes=[SliceNode(key=from_key, attributes=attributes)], edges=[])
    rows = db.read(
        "entities/paths",
        {
            "from_element_id": start["element_id"],
            "to_element_id": end["element_id"],
            "types": walk,
            "labels": list(LABELS),
            "limit": limit,
        },
        metadata={"endpoint": "paths"},
    )
    if not rows:
        raise NotFound(f"no path of at most 10 steps from {from_key} to {to_key}")
    nodes: dict[str, SliceNode] = {}
    seen: dict[str, str] = {}
    edges: dict[str, SliceEdge] = {}
    for row in rows:
        for node_row in row["nodes"]:
            node_key = key(node_row["label"] or "Node", node_row["id"])
            seen[node_row["element_id"]] = node_key
            nodes.setdefault(
                node_key,
                SliceNode(
                    key=node_key,
                    attributes={
                        "label": node_row["label"],
                        "id": node_row["id"],
                        "name": node_row["name"],
                    },
                ),
            )
        for relationship in row["relationships"]:
            _add_edge(edges, seen, relationship)
    return GraphSlice(nodes=list(nodes.values()), edges=list(edges.values()))
