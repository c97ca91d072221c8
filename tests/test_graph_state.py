"""The graph's state is read once for the callers that arrive together, and never handed to a
caller that asked after the read began (db/graph_state.py): in threads, and on the event loop."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph_service.db.graph_state import AsyncSharedRead, SharedRead


class Reads:
    """A read that numbers itself 1, 2, 3, … and waits to be let go (or fails when told)."""

    def __init__(self, failing: frozenset[int] = frozenset()) -> None:
        self.count = 0
        self.failing = failing
        self.began = {n: threading.Event() for n in range(1, 6)}
        self.release = {n: threading.Event() for n in range(1, 6)}

    def __call__(self) -> int:
        self.count += 1
        n = self.count
        self.began[n].set()
        assert self.release[n].wait(10)
        if n in self.failing:
            raise ConnectionError(f"read {n} failed")
        return n


def test_callers_arriving_during_a_read_share_the_next_one_never_the_older() -> None:
    reads = Reads()
    shared = SharedRead(reads)
    with ThreadPoolExecutor(5) as pool:
        first = pool.submit(shared.get)
        assert reads.began[1].wait(10)
        # three callers ask while read 1 runs: it began before they asked, so not theirs
        late = [pool.submit(shared.get) for _ in range(3)]
        time.sleep(0.2)
        reads.release[1].set()
        assert first.result(10) == 1
        assert reads.began[2].wait(10)
        reads.release[2].set()
        assert [future.result(10) for future in late] == [2, 2, 2]  # one read for all three
    assert reads.count == 2
    reads.release[3].set()
    assert shared.get() == 3  # asked after read 2 ended: a read of its own


def test_a_failed_read_fails_its_caller_and_the_others_read_again() -> None:
    reads = Reads(failing=frozenset({1}))
    shared = SharedRead(reads)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(shared.get)
        assert reads.began[1].wait(10)
        waiting = pool.submit(shared.get)
        time.sleep(0.2)
        reads.release[1].set()
        with pytest.raises(ConnectionError, match="read 1 failed"):
            first.result(10)
        assert reads.began[2].wait(10)
        reads.release[2].set()
        assert waiting.result(10) == 2


class AsyncReads:
    """`Reads` for the event loop: each read waits on its own asyncio event."""

    def __init__(self, failing: frozenset[int] = frozenset()) -> None:
        self.count = 0
        self.failing = failing
        self.began = {n: asyncio.Event() for n in range(1, 6)}
        self.release = {n: asyncio.Event() for n in range(1, 6)}

    async def __call__(self) -> int:
        self.count += 1
        n = self.count
        self.began[n].set()
        await asyncio.wait_for(self.release[n].wait(), 10)
        if n in self.failing:
            raise ConnectionError(f"read {n} failed")
        return n


def test_on_the_event_loop_too_late_callers_share_the_next_read_never_the_older() -> None:
    async def scenario() -> None:
        reads = AsyncReads()
        shared = AsyncSharedRead(reads)
        first = asyncio.ensure_future(shared.get())
        await asyncio.wait_for(reads.began[1].wait(), 10)
        late = [asyncio.ensure_future(shared.get()) for _ in range(3)]
        await asyncio.sleep(0.05)
        reads.release[1].set()
        assert await first == 1
        await asyncio.wait_for(reads.began[2].wait(), 10)
        reads.release[2].set()
        assert await asyncio.gather(*late) == [2, 2, 2]  # one read for all three
        assert reads.count == 2
        reads.release[3].set()
        assert await shared.get() == 3

    asyncio.run(scenario())


def test_on_the_event_loop_a_failed_read_fails_its_callers_only_and_a_cancelled_one_leaves_it() -> (
    None
):
    async def scenario() -> None:
        reads = AsyncReads(failing=frozenset({1}))
        shared = AsyncSharedRead(reads)
        first = asyncio.ensure_future(shared.get())
        await asyncio.wait_for(reads.began[1].wait(), 10)
        waiting = asyncio.ensure_future(shared.get())  # asked after read 1 began
        await asyncio.sleep(0.05)
        reads.release[1].set()
        with pytest.raises(ConnectionError, match="read 1 failed"):
            await first
        await asyncio.wait_for(reads.began[2].wait(), 10)
        later = asyncio.ensure_future(shared.get())  # asked while read 2 runs
        await asyncio.sleep(0.05)
        waiting.cancel()  # read 2's caller went away: read 2 still ends (else `later` fails)
        reads.release[2].set()
        await asyncio.wait_for(reads.began[3].wait(), 10)  # then `later` reads for itself
        reads.release[3].set()
        assert await later == 3
        assert reads.count == 3

    asyncio.run(scenario())
