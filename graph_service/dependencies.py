"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request

from graph_service.result_cache import ResultCache
from graph_service.runner import Runner, connect


def runner(request: Request) -> Runner:
    """The app's runner; reconnects if Neo4j was down at start-up (raises Neo4jUnavailable)."""
    state = request.app.state
    if state.runner is None:
        settings = state.settings
        state.runner = Runner(connect(settings), settings.neo4j_database, settings.query_timeout_s)
    return state.runner


def result_cache(request: Request) -> ResultCache:
    """The app's cache of analysis answers (made on first use; cleared by writes)."""
    state = request.app.state
    cache: ResultCache | None = getattr(state, "result_cache", None)
    if cache is None:
        cache = state.result_cache = ResultCache(max_age_s=state.settings.result_cache_s)
    return cache


def graph_changed(request: Request) -> None:
    """Forget what this process derived from the old graph: cached answers and the search index."""
    result_cache(request).clear()
    request.app.state.search_index = None  # rebuilt from the graph on the next search
