"""One writer at a time, and no reader inside a half-written first load.

Both facts live in the database, as `:ServiceState` nodes (never part of the network: no roster,
export, analysis or count reads them), so they hold across processes, hosts and the CLI:

- **The writer lock** (`writer-lock`): every import, applied plan and start-up refresh holds it
  while it reads the graph, computes its difference and writes it. A second writer does not
  wait: it gets `WriterBusy` (HTTP 409) naming the holder and since when. The holder refreshes
  a heartbeat while it works; a lock whose holder is a dead process on this host, or whose
  heartbeat has been quiet for `STALE_AFTER_S`, is taken over (its holder crashed). So is a
  lock naming this very process under a token it no longer holds: a writer here whose release
  failed because Neo4j went away (killed mid-import) does not block the next one for a minute.
- **The first-load marker** (`first-load`): set before the first batch of a first load into an
  empty database and removed once the load is complete (or undone). While it exists every read
  answers `GraphLoading` (HTTP 503, Retry-After): the graph holds only part of a roster. A marker
  left by a crash is found by the next writer, who removes the partial graph before loading.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from graph_service.db.graph_state import GraphState
from graph_service.db.runner import Runner, Transaction
from graph_service.errors import GraphLoading, WriterBusy

log = logging.getLogger("graph_service")

STALE_AFTER_S = 60.0  # a holder quiet this long has crashed (its heartbeat runs every 1/6 of it)
RETRY_AFTER_S = 10  # what a busy writer or a reader during a first load is told to wait
_holding: set[str] = set()  # tokens of the locks this process holds right now


@dataclass(frozen=True)
class Holder:
    """Who holds the lock: what it is doing, on which host, in which process."""

    task: str
    host: str
    pid: int
    token: str

    @classmethod
    def this_process(cls, task: str) -> Holder:
        return cls(task, socket.gethostname(), os.getpid(), uuid.uuid4().hex)

    @property
    def text(self) -> str:
        return f"{self.task} (process {self.pid} on {self.host})"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def _take(runner: Runner, holder: Holder, stale_after_s: float) -> None:
    """Become the holder, or raise `WriterBusy` naming the one there is."""

    def work(tx: Transaction) -> None:
        [lock] = tx.run("writer/claim-lock")
        if lock["holder"] is not None:
            pid = int(lock["pid"])
            crashed_here = lock["host"] == holder.host and (
                not _alive(pid) or (pid == holder.pid and lock["token"] not in _holding)
            )
            if not crashed_here and lock["quiet_s"] < stale_after_s:
                raise WriterBusy(
                    f"another writer holds the graph: {lock['holder']} since {lock['since']}. "
                    f"Try again when it has finished (in {RETRY_AFTER_S} s or so).",
                    holder=lock["holder"],
                    since=lock["since"],
                    headers={"Retry-After": str(RETRY_AFTER_S)},
                )
            why = "it is gone" if crashed_here else "it went quiet"
            log.warning("taking over the writer lock from %s (%s)", lock["holder"], why)
        params = {"holder": holder.text, "host": holder.host, "pid": holder.pid}
        tx.run("writer/take-lock", {**params, "token": holder.token})

    runner.transaction(work, write=True, metadata={"task": "writer-lock"})
    _holding.add(holder.token)


def _beat(runner: Runner, holder: Holder, every_s: float, stop: threading.Event) -> None:
    while not stop.wait(every_s):
        try:
            [row] = runner.run("writer/heartbeat", {"token": holder.token})
        except Exception as error:  # Neo4j away for a moment: the next beat tries again
            log.warning("writer lock heartbeat failed: %s", error)
            continue
        if not row["held"]:
            log.error("the writer lock was taken over from %s", holder.text)
            return


@contextmanager
def writer_lock(runner: Runner, task: str) -> Iterator[Holder]:
    """Hold the graph's writer lock for the duration of the block (raises `WriterBusy`)."""
    stale_after_s = STALE_AFTER_S
    holder = Holder.this_process(task)
    _take(runner, holder, stale_after_s)
    stop = threading.Event()
    beat = threading.Thread(
        target=_beat, args=(runner, holder, stale_after_s / 6, stop), daemon=True
    )
    beat.start()
    try:
        yield holder
    finally:
        stop.set()
        beat.join()
        _holding.discard(holder.token)  # held or not, this writer is done
        try:
            runner.run("writer/release-lock", {"token": holder.token})
        except Exception as error:  # Neo4j went away: the lock goes stale and is taken over
            log.warning("could not release the writer lock (%s): it will go stale", error)


def first_load_begins(runner: Runner, holder: Holder, rows_total: int) -> None:
    """From now on every read answers 503 until `first_load_ends`."""
    runner.run("writer/mark-first-load", {"holder": holder.text, "rows_total": rows_total})


def first_load_ends(runner: Runner) -> None:
    runner.run("writer/clear-first-load")


def first_load_pending(runner: Runner) -> bool:
    """Whether a first load is in progress or was interrupted (its marker is there)."""
    [row] = runner.run("writer/first-load", metadata={"task": "first-load-check"})
    return row["since"] is not None


def check_readable(state: GraphState) -> None:
    """Raise `GraphLoading` while a first load is in progress or was left half done."""
    if state.loading_since is not None:
        raise GraphLoading(
            f"the graph is being loaded for the first time ({state.loading_holder}, since "
            f"{state.loading_since}): it holds only part of the roster. Ask again shortly; if no "
            "load is running (it was interrupted), import the roster again or `make run` to "
            "repair it.",
            since=state.loading_since,
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
