"""Answers of analyses kept until the graph changes, so a repeated question costs no query.

An entry is dropped when:
- an import or an applied plan goes through this process (`clear()`, called by them);
- the graph's version stamp moved since the answer was computed: the latest snapshot id, which
  every import and applied plan moves whichever process made it (a CLI import is seen by the
  next request), and the node and relationship counts (writes made outside the service). The
  stamp is one constant-time query, read before every answer (`check_every_s` = 0);
- it is older than `max_age_s`: a bound on staleness for an edit made outside the service
  that changes only properties (neither the snapshot nor the counts can see it).

The cache is per process and bounded (`max_entries`, least recently used goes first).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graph_service.db.runner import Runner
from graph_service.history.snapshots import Stamp, version_stamp

T = TypeVar("T")


class ResultCache:
    """A small LRU of analysis answers, invalidated by imports (see the module docstring)."""

    def __init__(
        self, max_entries: int = 256, check_every_s: float = 0.0, max_age_s: float = 300.0
    ) -> None:
        self.max_entries = max_entries
        self.check_every_s = check_every_s
        self.max_age_s = max_age_s
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self._checked_at = 0.0
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        """Forget every answer (the graph was written)."""
        with self._lock:
            self._entries.clear()
            self._stamp = None

    def _check_version(self, db: Runner) -> None:
        now = time.monotonic()
        if self.check_every_s and now - self._checked_at < self.check_every_s:
            return
        stamp = version_stamp(db)
        with self._lock:
            if stamp != self._stamp:
                self._entries.clear()
                self._stamp = stamp
            self._checked_at = now

    def get_or_compute(self, db: Runner, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached answer for `key`, or `compute()`'s (then kept)."""
        self._check_version(db)
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and now - found[0] <= self.max_age_s:
                self._entries.move_to_end(key)
                self.hits += 1
                return found[1]
        self.misses += 1
        value = compute()
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value
