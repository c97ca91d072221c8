"""`GET /api/v1/stats`: how many nodes per label and relationships per type the graph holds."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from graph_service.api.dependencies import GraphDb
from graph_service.auth.policy import requires
from graph_service.db.runner import Runner
from graph_service.history import HISTORY_LABELS

router = APIRouter(prefix="/api/v1", tags=["stats"])


class Stats(BaseModel):
    nodes: dict[str, int] = Field(description="the network: nodes per label (role labels too)")
    relationships: dict[str, int]
    history: dict[str, int] = Field(
        default_factory=dict, description="the history kept beside it: snapshots, spans, figures"
    )


def graph_stats(db: Runner) -> Stats:
    """Node counts per label (role labels included) and relationship counts per type; the
    history's own nodes are counted apart."""
    nodes = db.run("stats/node-counts", metadata={"endpoint": "stats"})
    rels = db.run("stats/relationship-counts", metadata={"endpoint": "stats"})
    return Stats(
        nodes={r["label"]: r["count"] for r in nodes if r["label"] not in HISTORY_LABELS},
        relationships={r["type"]: r["count"] for r in rels},
        history={r["label"]: r["count"] for r in nodes if r["label"] in HISTORY_LABELS},
    )


@router.get("/stats", response_model=Stats, dependencies=[requires("stats:read", scoped=True)])
def stats(db: GraphDb) -> Stats:
    """Node counts per label and relationship counts per type."""
    return graph_stats(db)
