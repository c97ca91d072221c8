"""`GET /health`: is the database answering, and which Neo4j is it."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from graph_service.api.dependencies import GraphDb
from graph_service.auth.policy import requires
from graph_service.auth.roles import PUBLIC

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    neo4j_version: str
    neo4j_edition: str
    database: str


@router.get(
    "/health",
    dependencies=[requires(PUBLIC)],
    response_model=Health,
    responses={503: {"description": "Neo4j does not answer; the body says why."}},
)
def health(db: GraphDb) -> Health:
    """200 with Neo4j's version and edition when the database answers, else 503 with the reason."""
    [component] = db.run("health/components", metadata={"endpoint": "health"})
    return Health(
        status="ok",
        neo4j_version=component["version"],
        neo4j_edition=component["edition"],
        database=db.database,
    )
