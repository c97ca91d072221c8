"""Answers of analyses kept until the graph changes, so a repeated question costs no query.

An entry is dropped when:
- an import or an applied plan goes through this process (`clear()`, called by them);
- the graph's version stamp moved since the answer was computed: the latest snapshot id, which
  every import and applied plan moves whichever process made it (a CLI import is seen by the
  next request), and the node and relationship counts (writes made outside the service). The
  stamp is one constant-time query, read before every answer (`check_every_s` = 0), or
  the one the request read already (`db/graph_state.py`: shared by requests arriving together);
- it is older than `max_age_s`: a bound on staleness for an edit made outside the service
  that changes only properties (neither the snapshot nor the counts can see it).

The cache is per process and bounded (`max_entries`, least recently used goes first). One
computation per key runs at a time: a request for an answer being computed waits for it.

**Kept answers.** With `keep` (a list of keys and how to compute them: every analysis with
its default parameters), the cache computes those answers itself in a background thread each
time the graph changes (a `renew` after a write in this process, or a new stamp seen), and
again before they reach `max_age_s`, so the first request after an import is answered from
what was kept for the new snapshot instead of recounting the city.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from graph_service.db.graph_state import Stamp, graph_state
from graph_service.db.runner import Runner

T = TypeVar("T")
Jobs = Callable[[Runner], Sequence[tuple[Hashable, Callable[[], Any]]]]
REFRESH_SHARE = 0.8  # kept answers are recomputed when this share of max_age_s has passed
log = logging.getLogger("graph_service")


class ResultCache:
    """A small LRU of analysis answers, invalidated by imports (see the module docstring)."""

    def __init__(
        self,
        max_entries: int = 256,
        check_every_s: float = 0.0,
        max_age_s: float = 300.0,
        keep: Jobs | None = None,
    ) -> None:
        self.max_entries = max_entries
        self.check_every_s = check_every_s
        self.max_age_s = max_age_s
        self.keep = keep
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Event] = {}
        self._generation = 0  # moves whenever the graph changed: older answers are not stored
        self._stamp: Stamp | None = None
        self._checked_at = 0.0
        self._keeper: threading.Thread | None = None
        self._keeper_wake = threading.Event()
        self._closed = False
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        """Forget every answer (the graph was written)."""
        with self._lock:
            self._forget()

    def renew(self, db: Runner) -> None:
        """Forget every answer and, with `keep`, compute the kept ones for the new graph."""
        self.clear()
        self._start_keeping(db)

    def close(self) -> None:
        """Stop computing kept answers (the app shuts down)."""
        with self._lock:
            self._closed = True
            self._keeper_wake.set()
            keeper = self._keeper
        if keeper is not None:
            keeper.join(timeout=5)

    def _forget(self) -> None:  # holding the lock
        self._entries.clear()
        self._stamp = None
        self._generation += 1
        self._keeper_wake.set()

    def _check_version(self, db: Runner, stamp: Stamp | None = None) -> None:
        now = time.monotonic()
        if self.check_every_s and now - self._checked_at < self.check_every_s:
            return
        if stamp is None:
            stamp = graph_state(db).stamp
        with self._lock:
            moved = stamp != self._stamp
            if moved:
                self._forget()
                self._stamp = stamp
            self._checked_at = now
        if moved:
            self._start_keeping(db)

    def get_or_compute(
        self, db: Runner, key: Hashable, compute: Callable[[], T], stamp: Stamp | None = None
    ) -> T:
        """The cached answer for `key`, or `compute()`'s (then kept). `stamp`: the graph's
        version as the caller read it after it was asked (an API request's), else read here."""
        self._check_version(db, stamp)
        self._start_keeping(db)
        return self._answer(key, compute, refresh=False)

    def cached(self, db: Runner, key: Hashable, stamp: Stamp) -> Any | None:
        """The answer for `key` if one is kept for the graph at `stamp` (the request's), else
        None (then `get_or_compute`). Never waits nor queries: for the event loop."""
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key) if stamp == self._stamp else None
            if found is None or now - found[0] > self.max_age_s:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        self._start_keeping(db)  # the keeper stops when nobody asks: this asks
        return found[1]

    def _answer(self, key: Hashable, compute: Callable[[], T], *, refresh: bool) -> T:
        while True:
            now = time.monotonic()
            with self._lock:
                found = self._entries.get(key)
                if not refresh and found is not None and now - found[0] <= self.max_age_s:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return found[1]
                running = self._computing.get(key)
                if running is None:
                    done = self._computing[key] = threading.Event()
                    generation = self._generation
                    break
            running.wait()  # the same answer is being computed: wait for it, then look again
            refresh = False
        try:
            self.misses += 1
            value = compute()
            with self._lock:
                if generation == self._generation:  # not computed on a graph since replaced
                    self._entries[key] = (now, value)
                    self._entries.move_to_end(key)
                    while len(self._entries) > self.max_entries:
                        self._entries.popitem(last=False)
            return value
        finally:
            with self._lock:
                del self._computing[key]
            done.set()

    # -- kept answers ---------------------------------------------------------------------------

    def _start_keeping(self, db: Runner) -> None:
        if self.keep is None or self.max_age_s <= 0:
            return
        with self._lock:
            if self._closed:
                return
            if self._keeper is not None and self._keeper.is_alive():
                return  # it wakes up on the new generation by itself
            self._keeper = threading.Thread(
                target=self._keep_current, args=(db,), name="kept-answers", daemon=True
            )
            self._keeper.start()

    def _keep_current(self, db: Runner) -> None:
        """Compute every kept answer for the current graph; again when the graph changes or the
        answers near their age limit; stop when nothing was asked for a whole round."""
        refresh = False
        while True:
            self._keeper_wake.clear()
            try:
                self._check_version(db)
                with self._lock:
                    generation = self._generation
                for key, compute in self.keep(db) if self.keep else ():
                    if self._generation != generation or self._closed:
                        break  # the graph changed under us: start over on the new one
                    self._answer(key, compute, refresh=refresh)
            except Exception as error:  # a background thread: log it, try again next round
                log.warning("kept answers: %s", error)
            hits = self.hits  # after the round: only requests count from here
            changed = self._keeper_wake.wait(self.max_age_s * REFRESH_SHARE)
            with self._lock:
                if self._closed or (not changed and self.hits == hits):
                    self._keeper = None  # nobody asked: the next request or write restarts it
                    return
            refresh = not changed
