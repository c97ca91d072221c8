"""FastAPI dependencies shared by the routers.

A router gets what it needs by annotation, one way for each: `db: GraphDb` (the runner; 503
while a first load is incomplete), `reads: Reads` (the async reader for an async endpoint's
short reads; None off the app's event loop, then use `db`), `db: WriterDb` (the runner for a
writer, which takes the writer lock itself), `cache: AnswerCache` (cached analysis answers),
`index: NameIndex` (the search index).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

from fastapi import Depends, Request
from neo4j.exceptions import Neo4jError
from starlette.concurrency import run_in_threadpool

from graph_service.analyses.result_cache import ResultCache
from graph_service.analyses.search import SearchIndex
from graph_service.db import derived, writer
from graph_service.db.async_reader import AsyncReader
from graph_service.db.graph_state import graph_state, graph_state_async
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
    state read for that (after the request arrived) is kept as `request.state.graph_state`.
    For code already in a worker thread; as a dependency, `reading_runner` is the same check."""
    db = connection(request)
    state = request.state.graph_state = graph_state(db)
    writer.check_readable(state)
    return db


async def reading_runner(request: Request) -> Runner:
    """`runner`, with the state read on the event loop (shared by the requests awaiting it)."""
    app = request.app.state
    db = app.runner or await run_in_threadpool(connection, request)
    reads = _reader(request)
    if reads is None:
        state = await run_in_threadpool(graph_state, db)
    else:
        state = await graph_state_async(reads)
    request.state.graph_state = state
    writer.check_readable(state)
    return db


async def async_reader(request: Request) -> AsyncReader | None:
    """The app's async reader (async: a sync dependency would run in a worker thread)."""
    return _reader(request)


def _reader(request: Request) -> AsyncReader | None:
    """The app's async reader, made on first use on the app's own event loop (the one its
    lifespan runs on); None before the runner connected, or on another loop. Called on a loop."""
    app = request.app.state
    reads: AsyncReader | None = getattr(app, "reader", None)
    if reads is not None:
        return reads if reads.serves_this_loop() else None
    if app.runner is None or app.runner.circuit is None or getattr(app, "loop", None) is None:
        return None
    if asyncio.get_running_loop() is not app.loop:
        return None
    reads = app.reader = AsyncReader.from_settings(app.settings, app.runner.circuit)
    return reads


def result_cache(request: Request) -> ResultCache:
    """The app's cache of analysis answers (made at start-up; renewed by writes)."""
    cache: ResultCache = request.app.state.result_cache
    return cache


async def answer_cache(request: Request) -> ResultCache:
    """`result_cache` as a dependency (async: a sync one would cost a worker thread)."""
    return result_cache(request)


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


GraphDb = Annotated[Runner, Depends(reading_runner)]
Reads = Annotated[AsyncReader | None, Depends(async_reader)]
WriterDb = Annotated[Runner, Depends(connection)]  # for writers, which take the writer lock
AnswerCache = Annotated[ResultCache, Depends(answer_cache)]
NameIndex = Annotated[SearchIndex, Depends(search_index)]
