"""The API's hot reads on the driver's async API, on the event loop, with no thread hand-off.

The runner (`db/runner.py`) is synchronous: FastAPI runs a sync endpoint in a worker thread, and
the runner's watch runs each read in another one, so a node lookup crossed threads three times
and spent more of the API's CPU on the crossings than on the driver. The reads every request
makes, and the lookups that are one short query, go through here instead: the same query
files (read mode only), the same circuit as the runner (a trip by either refuses both), the
same errors, and the same watch, written with asyncio: a read silent for `PROBE_AFTER_S` makes
it ask `RETURN 1`; if that too is silent, Neo4j is hung, the circuit opens and the caller gets
503 at once.

A reader belongs to the event loop that made it (the async driver's connections do); a request
served on another loop (a test client used outside its lifespan) reads the synchronous way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, Query
from starlette.concurrency import run_in_threadpool

from graph_service.db.circuit import PROBE_AFTER_S, Circuit
from graph_service.db.queries import filled, query_file
from graph_service.db.runner import Row, Runner, driver_options, translated_errors
from graph_service.errors import Neo4jUnavailable
from graph_service.settings import Settings

T = TypeVar("T")


class AsyncReader:
    """Runs read files on the event loop that made it, watched like the runner's reads."""

    def __init__(self, driver: AsyncDriver, database: str, circuit: Circuit, timeout_s: float):
        self.driver = driver
        self.database = database
        self.circuit = circuit
        self.timeout_s = timeout_s
        self.probe_after_s = PROBE_AFTER_S
        self.loop = asyncio.get_running_loop()

    @classmethod
    def from_settings(cls, settings: Settings, circuit: Circuit) -> AsyncReader:
        """A reader for the configured database, sharing `circuit` with the runner. Connects on
        its first read (never here): call it on the loop that will use it."""
        driver = AsyncGraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            **driver_options(fail_fast=True),
        )
        return cls(driver, settings.neo4j_database, circuit, settings.query_timeout_s)

    def serves_this_loop(self) -> bool:
        """Whether the running event loop is the reader's own."""
        return asyncio.get_running_loop() is self.loop

    async def close(self) -> None:
        await self.driver.close()

    async def run(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        metadata: dict[str, Any] | None = None,
        tokens: Mapping[str, str] | None = None,
    ) -> list[Row]:
        """Run one read file as an auto-commit query (one round trip) and return its rows."""
        query = query_file(name)
        if query.mode != "read":
            raise ValueError(f"{name} writes (mode: write): the async reader only reads")
        statement = Query(
            filled(query, tokens),
            metadata={"query": name, **(metadata or {})},
            timeout=self.timeout_s,
        )

        async def read() -> list[Row]:
            async with self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                result = await session.run(statement, params or {})
                return [record.data() async for record in result]

        return await self._watched(name, read)

    async def _ping(self) -> None:
        async with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            result = await session.run(filled(query_file("health/ping")))
            await result.consume()

    async def _watched(self, what: str, read: Callable[[], Awaitable[T]]) -> T:
        """`read()`, refused while the circuit is open; 503 (circuit opened) when Neo4j is hung,
        or when it refuses connections (as the runner's `_guard`)."""
        self.circuit.check()
        task = asyncio.ensure_future(self._translated(what, read))
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=self.probe_after_s)
                if done:
                    return task.result()
                if not await self._answers():
                    hung = "Neo4j does not answer a query (hung, or out of memory?)"
                    self.circuit.trip(hung)
                    raise Neo4jUnavailable(
                        f"{hung}: is it running? `graph-service neo4j status` checks",
                        headers={"Retry-After": str(round(self.circuit.open_s))},
                    )
        finally:
            task.cancel()  # a no-op once done; else the caller gave up (503, or disconnected)

    async def _translated(self, what: str, read: Callable[[], Awaitable[T]]) -> T:
        try:
            with translated_errors(what):
                return await read()
        except Neo4jUnavailable as error:
            self.circuit.trip(error.detail.split(":")[0])
            raise

    async def _answers(self) -> bool:
        try:
            probe = self._translated("liveness probe", self._ping)
            await asyncio.wait_for(probe, self.probe_after_s)
        except (TimeoutError, Neo4jUnavailable):
            return False
        except Exception:  # an error is an answer
            return True
        return True


async def read_rows(
    reads: AsyncReader | None,
    db: Runner,
    name: str,
    params: dict[str, Any] | None = None,
    *,
    metadata: dict[str, Any] | None = None,
    tokens: Mapping[str, str] | None = None,
) -> list[Row]:
    """One read file from an async endpoint: on the loop through `reads`, or through the
    runner in a worker thread when there is no reader for this loop."""
    if reads is None:
        return await run_in_threadpool(db.run, name, params, metadata=metadata, tokens=tokens)
    return await reads.run(name, params, metadata=metadata, tokens=tokens)
