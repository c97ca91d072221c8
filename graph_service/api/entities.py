"""Entities: one node, its neighbourhood, search by name (or pinyin initials), paths between two.

Labels in a URL are checked against the data dictionary's labels before they reach Cypher,
where they travel as parameters (`MATCH (n:$($label))`). Graph slices use graphology's
serialisation `{nodes: [{key, attributes}], edges: [{key, source, target, attributes}]}` with
node keys `"<Label>:<id>"`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from graph_service.analyses.graphology import GraphSlice, SliceEdge, SliceNode
from graph_service.analyses.projections import key, split_key
from graph_service.analyses.rendering import plain
from graph_service.api.dependencies import GraphDb, NameIndex, Reads
from graph_service.auth.accounts import Principal
from graph_service.auth.masking import shown_name, shown_properties
from graph_service.auth.policy import requires
from graph_service.auth.scope import WHOLE, Scope, scope_async, scope_of
from graph_service.db.async_reader import AsyncReader, read_rows
from graph_service.db.runner import Row, Runner
from graph_service.errors import BadRequest, NotFound
from graph_service.roster.dictionary import LABELS, REL_TYPES

router = APIRouter(prefix="/api/v1", tags=["entities"])

MAX_NEIGHBOURHOOD = 2000
# Every entity endpoint is fit for an account limited to a place: it filters by its scope.
Caller = Annotated[Principal | None, requires("entities:read", scoped=True)]


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


def _find(db: Runner, label: str, node_id: str, scope: Scope = WHOLE) -> Row:
    """The node, or NotFound (also when it lies outside the caller's scope: whether it exists
    there is not the caller's to know)."""
    rows = db.run("entities/node", {"id": node_id}, **_node_options(label))
    return _found(rows, label, node_id, scope)


async def _find_async(
    reads: AsyncReader | None, db: Runner, label: str, node_id: str, scope: Scope
) -> Row:
    """`_find` from an async endpoint (see `read_rows`)."""
    rows = await read_rows(reads, db, "entities/node", {"id": node_id}, **_node_options(label))
    return _found(rows, label, node_id, scope)


def _node_options(label: str) -> dict[str, Any]:
    return {"metadata": {"endpoint": "node"}, "tokens": {"label": label}}


def _found(rows: list[Row], label: str, node_id: str, scope: Scope) -> Row:
    if not rows or not scope.allows(key(label, node_id)):
        raise NotFound(f"no {label} with id {node_id!r}")
    return rows[0]


@router.get(
    "/nodes/{label}/{node_id}",
    response_model=Node,
    responses={404: {}, 422: {}, 429: {"description": "too many person records read"}, 503: {}},
)
async def node(
    label: str, node_id: str, request: Request, who: Caller, db: GraphDb, reads: Reads
) -> Node:
    """One node: its properties (without personal contact details) and degree by type. Person
    records are rate-limited per account (PERSON_READS_PER_MINUTE)."""
    if label == "Person" and who is not None:
        request.app.state.person_read_limit.check(who.account, "person records read")
    checked = checked_label(label)
    row = await _find_async(reads, db, checked, node_id, await scope_async(request, who, db))
    return Node(
        key=key(label, node_id),
        label=label,
        id=node_id,
        name=shown_name(label, row["name"]),
        properties={k: plain(v) for k, v in shown_properties(row["properties"]).items()},
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
    who: Caller,
    db: GraphDb,
    depth: Annotated[int, Query(ge=1, le=3, description="rings of neighbours, 1 to 3")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD, description="most nodes")] = 200,
) -> GraphSlice:
    """The node and its neighbours up to `depth` steps, at most `limit` nodes (`truncated` says
    when the cap cut it short: ask for a smaller depth or follow one neighbour)."""
    scope = scope_of(request, who, db)
    centre = _find(db, checked_label(label), node_id, scope)
    centre_key = key(label, node_id)
    attributes = {"label": label, "id": node_id, "name": shown_name(label, centre["name"])}
    nodes: dict[str, SliceNode] = {
        centre_key: SliceNode(key=centre_key, attributes={**attributes, "depth": 0})
    }
    seen_ids = {centre["element_id"]: centre_key}
    edges: dict[str, SliceEdge] = {}
    frontier = list(seen_ids)
    truncated = False
    for ring in range(1, depth + 1):
        if not frontier:
            break
        budget = limit - len(nodes)
        rows = db.run(
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
                if not scope.allows(key(row["label"] or "Node", row["id"])):
                    continue  # outside the caller's scope: neither shown nor walked through
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
                        "name": shown_name(row["label"], row["name"]),
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
        attributes={
            "type": row["type"],
            **{k: plain(v) for k, v in shown_properties(row["properties"]).items()},
        },
    )


@router.get("/search", response_model=SearchResults, responses={422: {}, 503: {}})
def search(
    request: Request,
    who: Caller,
    db: GraphDb,
    index: NameIndex,
    q: Annotated[
        str, Query(min_length=1, max_length=50, description="part of a name, or pinyin initials")
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResults:
    """Names containing `q`, or whose pinyin initials start with or contain it (`dy` finds
    东苑社区). Exact names first, then prefixes, then the rest, then initials (a name's
    everyday reading before a rarer one); shorter names first."""
    if not q.strip():
        raise BadRequest("q: give some characters to search for", parameter="q")
    scope = scope_of(request, who, db)
    hits = index.search(db, q, limit, allowed=lambda label, id_: scope.allows(key(label, id_)))
    return SearchResults(
        results=[
            SearchResult(
                key=key(hit.label, hit.id),
                label=hit.label,
                id=hit.id,
                name=hit.name,
                context=hit.context,
            )
            for hit in hits
        ]
    )


@router.get("/paths", response_model=GraphSlice, responses={404: {}, 422: {}, 503: {}})
def paths(
    request: Request,
    who: Caller,
    db: GraphDb,
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
        unknown = [t for t in walk if t not in REL_TYPES]
        if unknown:
            raise BadRequest(f"types: unknown relationship types {unknown}", parameter="types")
    scope = scope_of(request, who, db)
    start = _find(db, from_label, from_id, scope)
    end = _find(db, to_label, to_id, scope)
    if (from_label, from_id) == (to_label, to_id):
        # Neo4j's shortest-path search refuses equal ends; the path is the node itself.
        name = shown_name(from_label, start["name"])
        attributes = {"label": from_label, "id": from_id, "name": name}
        return GraphSlice(nodes=[SliceNode(key=from_key, attributes=attributes)], edges=[])
    rows = db.run(
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
    # A path through anything outside the caller's scope is not the caller's to see.
    rows = [
        row
        for row in rows
        if all(scope.allows(key(n["label"] or "Node", n["id"])) for n in row["nodes"])
    ]
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
                        "name": shown_name(node_row["label"], node_row["name"]),
                    },
                ),
            )
        for relationship in row["relationships"]:
            _add_edge(edges, seen, relationship)
    return GraphSlice(nodes=list(nodes.values()), edges=list(edges.values()))
