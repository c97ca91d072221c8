"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request

from graph_service.runner import Runner, connect


def runner(request: Request) -> Runner:
    """The app's runner; reconnects if Neo4j was down at start-up (raises Neo4jUnavailable)."""
    state = request.app.state
    if state.runner is None:
        settings = state.settings
        state.runner = Runner(connect(settings), settings.neo4j_database, settings.query_timeout_s)
    return state.runner
