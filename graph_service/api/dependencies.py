"""FastAPI dependencies shared by the routers.

A router gets what it needs by annotation, one way for each: `db: GraphDb` (the runner; 503
while a first load is incomplete), `db: WriterDb` (the runner for a writer, which takes the
writer lock itself), `cache: AnswerCache` (cached analysis answers), `index: NameIndex` (the
search index).
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, Request
from neo4j.exceptions import Neo4jError

from graph_service.analyses.result_cache import ResultCache
from graph_service.analyses.search import SearchIndex
from graph_service.db import derived, writer
from graph_service.db.graph_state import graph_state
from graph_service.db.runner import Runner
from graph_service.db.schema import apply_schema
from graph_service.errors import ServiceError, WriterBusy
from graph_service.settings import Settings

log = logging.getLogger("graph_service")


def open_runner(settings: Settings) -> Runner:
    """A runner for the configured database, whose graph is first brought up to this version of
    the service: missing indexes created and derived state refreshed (a graph loaded before a
    derived fact existed, or edited by another tool). That step failing is logged, not fatal:
    the service still starts. Raises Neo4jUnavailable if Neo4j does not answer."""
    db = Runner.from_settings(settings, serving=True)
    try:
        apply_schema(db)
        with writer.writer_lock(db, "start-up refresh of derived state"):
            changed = derived.refresh_all(db)
    except WriterBusy as error:
        log.info("start-up refresh skipped: %s", error.detail)  # the writer refreshes it
    except (ServiceError, Neo4jError) as error:
        log.warning("could not bring the graph up to date at start-up: %s", error)
    else:
        if changed:
            log.info("start-up: %d derived labels or properties were out of date", changed)
    return db


def connection(request: Request) -> Runner:
    """The app's runner; reconnects if Neo4j was down at start-up (raises Neo4jUnavailable).
    For writers, which take the writer lock themselves; readers use `runner`."""
    state = request.app.state
    if state.runner is None:
        state.runner = open_runner(state.settings)
    return state.runner


def runner(request: Request) -> Runner:
    """The app's runner for reading: raises `GraphLoading` (503) while a first load is in
    progress or was left half done, so no answer is computed from part of a roster. The graph's
    state read for that (after the request arrived) is kept as `request.state.graph_state`."""
    db = connection(request)
    state = request.state.graph_state = graph_state(db)
    writer.check_readable(state)
    return db


def result_cache(request: Request) -> ResultCache:
    """The app's cache of analysis answers (made at start-up; renewed by writes)."""
    cache: ResultCache = request.app.state.result_cache
    return cache


def search_index(request: Request) -> SearchIndex:
    """The app's search index (made on first use; dropped by writes)."""
    state = request.app.state
    index: SearchIndex | None = getattr(state, "search_index", None)
    if index is None:
        index = state.search_index = SearchIndex()
    return index


def graph_changed(request: Request) -> None:
    """Forget what this process derived from the old graph: cached answers (the kept ones are
    computed again in the background) and the search index."""
    result_cache(request).renew(runner(request))
    search_index(request).invalidate()
    request.app.state.scopes = {}  # what each scoped account may see is read again


GraphDb = Annotated[Runner, Depends(runner)]
WriterDb = Annotated[Runner, Depends(connection)]  # for writers, which take the writer lock
AnswerCache = Annotated[ResultCache, Depends(result_cache)]
NameIndex = Annotated[SearchIndex, Depends(search_index)]
