"""`GET /api/v1/stats`: how many nodes per label and relationships per type the graph holds."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from graph_service.api.dependencies import GraphDb
from graph_service.db.runner import Runner

router = APIRouter(prefix="/api/v1", tags=["stats"])


class Stats(BaseModel):
    nodes: dict[str, int]
    relationships: dict[str, int]


def graph_stats(db: Runner) -> Stats:
    """Node counts per label (role labels included) and relationship counts per type."""
    nodes = db.run("stats/node-counts", metadata={"endpoint": "stats"})
    rels = db.run("stats/relationship-counts", metadata={"endpoint": "stats"})
    return Stats(
        nodes={r["label"]: r["count"] for r in nodes},
        relationships={r["type"]: r["count"] for r in rels},
    )


@router.get("/stats", response_model=Stats)
def stats(db: GraphDb) -> Stats:
    """Node counts per label and relationship counts per type."""
    return graph_stats(db)
