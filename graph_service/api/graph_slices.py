"""`/api/v1/graph/…`: the slices of the graph the explorer draws, never the whole graph.

Every slice is graphology's serialisation, `{"nodes": [{key, attributes}], "edges": [{key,
source, target, attributes}]}`, with node keys `"<Label>:<id>"` as everywhere in the API, so the
browser can merge slices into one graph. `attributes.label` is the node's label (its type) and
`attributes.name` its name; the explorer derives colour, size and what is shown from these.
Each slice is one `.cypher` file under `cypher/explorer/`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from graph_service.analyses.graphology import GraphSlice, SliceEdge, SliceNode
from graph_service.api.dependencies import GraphDb
from graph_service.auth.accounts import Principal
from graph_service.auth.masking import shown_name
from graph_service.auth.policy import requires
from graph_service.auth.scope import WHOLE, Scope, scope_of
from graph_service.db.runner import Row, Runner
from graph_service.errors import BadRequest, NotFound

router = APIRouter(prefix="/api/v1/graph", tags=["explorer"])

# Place labels whose children the explorer can open, each with the file that lists them.
CHILDREN_QUERIES = {
    "Street": "explorer/children-of-street",
    "Community": "explorer/children-of-community",
    "Grid": "explorer/children-of-grid",
    "Building": "explorer/children-of-building",
    "Stairwell": "explorer/children-of-stairwell",
}
SUBTREE_LABELS = ("Street", "Community", "Grid", "Building")
CHAIN_LABELS = ("Community", "Grid", "Building", "Stairwell", "Household", "Checkpoint")
MAX_CHAIN_KEYS = 5000
COVERAGE_FIELDS = ("stairwells", "covered_stairwells", "households", "covered_households")
# Every slice is fit for an account limited to a place: it holds only what the place holds.
Caller = Annotated[Principal | None, requires("graph:read", scoped=True)]


class ChainRequest(BaseModel):
    keys: list[str] = Field(
        ..., max_length=MAX_CHAIN_KEYS, description='Place keys, e.g. ["Stairwell:S0001"].'
    )


class _Slice:
    """Collects nodes and edges once each, in first-seen order: only the nodes the caller's
    scope allows, and only edges between two such nodes."""

    def __init__(self, scope: Scope = WHOLE) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[str, SliceEdge] = {}
        self.scope = scope

    def node(self, label: str, node_id: str, name: str | None, **attributes: Any) -> str:
        key = f"{label}:{node_id}"
        if key in self.nodes:  # seen before (e.g. as a parent): keep it, add what it lacked
            self.nodes[key].update(
                {k: v for k, v in attributes.items() if k not in self.nodes[key]}
            )
        elif self.scope.allows(key):
            self.nodes[key] = {"label": label, "id": node_id, "name": name, **attributes}
        return key

    def edge(self, source: str, rel_type: str, target: str, **attributes: Any) -> None:
        if not (self.scope.allows(source) and self.scope.allows(target)):
            return
        key = f"{source}-{rel_type}->{target}"
        self.edges.setdefault(
            key,
            SliceEdge(
                key=key, source=source, target=target, attributes={"type": rel_type, **attributes}
            ),
        )

    def result(self) -> GraphSlice:
        return GraphSlice(
            nodes=[SliceNode(key=k, attributes=a) for k, a in self.nodes.items()],
            edges=list(self.edges.values()),
        )


def _coverage(rows: list[Row]) -> dict[str, int]:
    return {field: sum(int(row[field] or 0) for row in rows) for field in COVERAGE_FIELDS}


def overview_slice(rows: list[Row], scope: Scope = WHOLE) -> GraphSlice:
    """The street, its communities and their grids, each with summed coverage (those the
    scope allows)."""
    out = _Slice(scope)
    for street_id in dict.fromkeys(row["street_id"] for row in rows):
        street_rows = [r for r in rows if r["street_id"] == street_id]
        street = out.node(
            "Street", street_id, street_rows[0]["street_name"], **_coverage(street_rows)
        )
        for community_id in dict.fromkeys(r["community_id"] for r in street_rows):
            if community_id is None:
                continue
            community_rows = [r for r in street_rows if r["community_id"] == community_id]
            community = out.node(
                "Community",
                community_id,
                community_rows[0]["community_name"],
                grids=sum(1 for r in community_rows if r["grid_id"] is not None),
                **_coverage(community_rows),
            )
            out.edge(community, "PART_OF", street)
            for row in community_rows:
                if row["grid_id"] is None:
                    continue
                grid = out.node(
                    "Grid",
                    row["grid_id"],
                    row["grid_name"],
                    kind=row["grid_kind"],
                    colour=row["grid_colour"],
                    grid_leaders=row["grid_leaders"],
                    **{field: row[field] for field in COVERAGE_FIELDS},
                )
                out.edge(grid, "PART_OF", community)
    return out.result()


@router.get("/overview", response_model=GraphSlice)
def overview(request: Request, who: Caller, db: GraphDb) -> GraphSlice:
    """The first view: the street, its communities and their grids, sized by coverage."""
    rows = db.run("explorer/overview", metadata={"endpoint": "graph/overview"})
    return overview_slice(rows, scope_of(request, who, db))


def _scope_with(request: Request, who: Principal | None, db: Runner, place: str) -> Scope:
    """The caller's scope, which must hold `place` (NotFound otherwise)."""
    scope = scope_of(request, who, db)
    if not scope.allows(place):
        raise NotFound(f"no {place.replace(':', ' ')} here")
    return scope


@router.get(
    "/children/{label}/{node_id}",
    response_model=GraphSlice,
)
def children(
    label: Annotated[str, Path(description=f"one of {', '.join(CHILDREN_QUERIES)}")],
    node_id: str,
    request: Request,
    who: Caller,
    db: GraphDb,
) -> GraphSlice:
    """One level down from a place: a community's grids, a grid's buildings, a building's
    stairwells, a stairwell's households and liaisons. Each edge points from child to parent."""
    query = CHILDREN_QUERIES.get(label)
    if query is None:
        raise BadRequest(
            f"label must be one of {', '.join(CHILDREN_QUERIES)}, not {label!r}",
            parameter="label",
        )
    parent = f"{label}:{node_id}"
    scope = _scope_with(request, who, db, parent)
    rows = db.run(query, {"id": node_id}, metadata={"endpoint": "graph/children"})
    out = _Slice(scope)

    for row in rows:
        name = shown_name(row["label"], row["name"])
        child = out.node(row["label"], row["id"], name, **row["attributes"])
        out.edge(child, row["edge_type"], parent, **row["edge_attributes"])
    return out.result()


@router.get(
    "/subtree/{label}/{node_id}",
    response_model=GraphSlice,
)
def subtree(
    label: Annotated[str, Path(description=f"one of {', '.join(SUBTREE_LABELS)}")],
    node_id: str,
    request: Request,
    who: Caller,
    db: GraphDb,
    liaisons: Annotated[
        bool, Query(description="add the people liaising with the stairwells")
    ] = False,
) -> GraphSlice:
    """Every community, grid, building and stairwell below a place (not households), with
    coverage, and the liaisons when asked: a whole area at once (the street with its liaisons
    is about 5,000 elements on the full network)."""
    if label not in SUBTREE_LABELS:
        raise BadRequest(
            f"label must be one of {', '.join(SUBTREE_LABELS)}, not {label!r}", parameter="label"
        )
    scope = _scope_with(request, who, db, f"{label}:{node_id}")
    rows = db.run(
        "explorer/subtree",
        {"label": label, "id": node_id, "with_liaisons": liaisons},
        metadata={"endpoint": "graph/subtree"},
    )
    out = _Slice(scope)
    for row in rows:
        attributes = {k: v for k, v in row["attributes"].items() if v is not None}
        place = out.node(row["label"], row["id"], row["name"], **attributes)
        out.edge(place, "PART_OF", f"{row['parent_label']}:{row['parent_id']}")
        for person in row["liaisons"]:
            liaison = out.node(
                "Person", person["id"], person["name"], stairwells_held=person["stairwells_held"]
            )
            out.edge(liaison, "LIAISES_WITH", place, role=person["role"])
    return out.result()


def _parse_place_key(key: str) -> dict[str, str]:
    label, _, node_id = key.partition(":")
    if label not in CHAIN_LABELS or not node_id:
        raise BadRequest(
            f"{key!r} is not a place key like 'Stairwell:S0001' "
            f"(labels: {', '.join(CHAIN_LABELS)})",
            parameter="keys",
        )
    return {"label": label, "id": node_id}


@router.post("/chains", response_model=GraphSlice)
def place_chains(body: ChainRequest, request: Request, who: Caller, db: GraphDb) -> GraphSlice:
    """The named places with every step up to their community (PART_OF; a checkpoint's is
    LOCATED_IN), each grid with its grid heads and party-group leaders, to show places that an
    analysis found without loading what surrounds them. Unknown keys are 404."""
    places = [_parse_place_key(key) for key in dict.fromkeys(body.keys)]
    rows = db.run(
        "explorer/place-chains", {"places": places}, metadata={"endpoint": "graph/chains"}
    )
    out = _Slice(scope_of(request, who, db))
    for row in rows:
        child = out.node(
            row["child_label"],
            row["child_id"],
            shown_name(row["child_label"], row["child_name"]),
            **row["child_attributes"],
        )
        if row["parent_label"] is not None:
            parent = out.node(row["parent_label"], row["parent_id"], row["parent_name"])
            out.edge(child, row["rel_type"], parent)
    missing = [key for key in body.keys if key not in out.nodes]
    if missing:
        raise NotFound(f"no such places: {', '.join(missing[:10])}", keys=missing[:100])
    return out.result()
