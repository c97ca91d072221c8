"""The graph's state as every read of the API needs it, read once for all who wait on it.

`graph_state(db)` answers whether a first load is under way (then reads must wait: the graph
holds part of a roster) and the graph's version stamp (the latest snapshot id with the node and
relationship counts; see `history/snapshots.py`), in one constant-time query
(`history/version.cypher`).

Every API read asks it before its own query, so under load it would be half of all queries. It
is shared instead: a caller waits for the read in flight only if that read began after the
caller asked, else for the next one, which it may start itself. No caller is answered from a
state read before it asked (an import committed before a request arrived is always seen by it),
and 32 requests arriving together cost one query, not 32.

The API reads it on the event loop (`graph_state_async`, through `db/async_reader.py`): the
same sharing with asyncio instead of threads. Other callers (a background thread, the command
line) use `graph_state`.
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from graph_service.db.async_reader import AsyncReader
from graph_service.db.runner import Row, Runner

T = TypeVar("T")
Stamp = tuple[int, int, int]  # (latest snapshot id, nodes, relationships)


@dataclass(frozen=True)
class GraphState:
    stamp: Stamp
    loading_since: str | None  # a first load's start, None when none is under way
    loading_holder: str | None  # who runs it


class SharedRead(Generic[T]):
    """`read()` shared by concurrent callers, never older than the call that gets it."""

    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._changed = threading.Condition()
        self._reading = False
        self._began = float("-inf")  # when the last finished read began
        self._value: T | None = None

    def get(self) -> T:
        asked = time.monotonic()
        with self._changed:
            while self._began < asked:
                if not self._reading:
                    self._reading = True
                    break
                self._changed.wait()  # a read is in flight: wait for it, then look again
            else:
                return self._value  # type: ignore[return-value]  # set with _began
        began = time.monotonic()
        try:
            value = self._read()
            with self._changed:
                self._value, self._began = value, began
            return value
        finally:  # a failed read wakes the others too: one of them tries again
            with self._changed:
                self._reading = False
                self._changed.notify_all()


class AsyncSharedRead(Generic[T]):
    """`SharedRead` on one event loop: `await get()` shares `read()` the same way."""

    def __init__(self, read: Callable[[], Awaitable[T]]) -> None:
        self._read = read
        self._reading: asyncio.Future[T] | None = None
        self._reading_began = float("-inf")
        self._began = float("-inf")  # when the last finished read began
        self._value: T | None = None

    async def get(self) -> T:
        asked = time.monotonic()
        while self._began < asked:
            if self._reading is None:
                self._reading_began = time.monotonic()
                self._reading = asyncio.ensure_future(self._fetch(self._reading_began))
            reading, began = self._reading, self._reading_began
            try:
                await asyncio.shield(reading)  # a cancelled caller leaves the read running
            except Exception:
                if began >= asked:
                    raise  # this caller's read failed; the earlier ones read again
        return self._value  # type: ignore[return-value]  # set with _began

    async def _fetch(self, began: float) -> T:
        try:
            value = await self._read()
            self._value, self._began = value, began
            return value
        finally:
            self._reading = None


_shared: weakref.WeakKeyDictionary[Runner, SharedRead[GraphState]] = weakref.WeakKeyDictionary()
_shared_lock = threading.Lock()


def graph_state(db: Runner) -> GraphState:
    """The graph's state, read after this call began (shared with concurrent callers)."""
    with _shared_lock:
        shared = _shared.get(db)
        if shared is None:
            shared = _shared[db] = SharedRead(lambda: _read(db))
    return shared.get()


_shared_async: weakref.WeakKeyDictionary[AsyncReader, AsyncSharedRead[GraphState]] = (
    weakref.WeakKeyDictionary()
)


async def graph_state_async(reader: AsyncReader) -> GraphState:
    """`graph_state` on the reader's event loop (shared with the requests awaiting it)."""
    shared = _shared_async.get(reader)
    if shared is None:

        async def read() -> GraphState:
            return _state(await reader.run("history/version", metadata=CHECK))

        shared = _shared_async[reader] = AsyncSharedRead(read)
    return await shared.get()


CHECK = {"task": "version-check"}


def _read(db: Runner) -> GraphState:
    return _state(db.run("history/version", metadata=CHECK))


def _state(rows: list[Row]) -> GraphState:
    [row] = rows
    return GraphState(
        stamp=(int(row["snapshot"]), int(row["nodes"]), int(row["relationships"])),
        loading_since=row["loading_since"],
        loading_holder=row["loading_holder"],
    )
