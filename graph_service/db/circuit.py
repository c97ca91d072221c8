"""Failing fast when Neo4j does not answer, instead of letting every request wait 30 s.

Two parts, both used by the runner:
- **The circuit**: once Neo4j has not answered, every query for the next `OPEN_S` seconds is
  refused at once with `Neo4jUnavailable` (503, Retry-After) instead of queuing behind it; the
  first query after that tries again.
- **The watch**: a read runs in a worker thread while its caller waits. If it has not answered
  after `PROBE_AFTER_S`, a probe (`RETURN 1`) asks whether Neo4j answers at all: if the probe too
  is silent for `PROBE_AFTER_S`, Neo4j is hung (out of memory, stopped): the circuit opens and
  the caller gets 503 at once. A read that is merely slow keeps running to its own timeout.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from graph_service.errors import Neo4jUnavailable

T = TypeVar("T")
OPEN_S = 5.0  # how long the circuit stays open after Neo4j failed to answer
PROBE_AFTER_S = 2.0  # a read silent this long makes the watch ask whether Neo4j answers at all


class Circuit:
    """Open (refusing at once) for `open_s` seconds after Neo4j failed to answer."""

    def __init__(self, open_s: float = OPEN_S) -> None:
        self.open_s = open_s
        self._open_until = 0.0
        self._reason = ""
        self._lock = threading.Lock()

    def check(self) -> None:
        """Raise `Neo4jUnavailable` while the circuit is open."""
        with self._lock:
            left = self._open_until - time.monotonic()
            reason = self._reason
        if left > 0:
            raise Neo4jUnavailable(
                f"{reason} (not asking again for {left:.0f} s): is it running? try `make run`",
                headers={"Retry-After": str(max(1, round(left)))},
            )

    def trip(self, reason: str) -> None:
        with self._lock:
            self._open_until = time.monotonic() + self.open_s
            self._reason = reason

    def close(self) -> None:
        with self._lock:
            self._open_until = 0.0


class Watch:
    """Runs reads in worker threads and gives up on them (503) when Neo4j is hung."""

    def __init__(self, circuit: Circuit, probe: Callable[[], object], workers: int = 64) -> None:
        self.circuit = circuit
        self.probe = probe
        self.probe_after_s = PROBE_AFTER_S
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="neo4j-read")

    def run(self, read: Callable[[], T]) -> T:
        self.circuit.check()
        future = self._pool.submit(read)
        while True:
            try:
                return future.result(timeout=self.probe_after_s)
            except FutureTimeout:
                if not self._answers():
                    hung = "Neo4j does not answer a query (hung, or out of memory?)"
                    self.circuit.trip(hung)
                    raise Neo4jUnavailable(
                        f"{hung}: is it running? `graph-service neo4j status` checks",
                        headers={"Retry-After": str(round(self.circuit.open_s))},
                    ) from None

    def _answers(self) -> bool:
        probe: Future[object] = self._pool.submit(self.probe)
        try:
            probe.result(timeout=self.probe_after_s)
        except (FutureTimeout, Neo4jUnavailable):
            return False
        except Exception:  # an error is an answer
            return True
        return True

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
