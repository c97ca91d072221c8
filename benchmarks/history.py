"""History: what recording it costs an import, and how fast its questions are answered.

- **Import with vs without history**, side by side on the same loaded graph: a roster with 1%
  of its stairwells moved to another member (`churned`) and the original, imported in turn,
  alternately with history (snapshot, spans, figures, ledger) and without (`history=False`,
  the import as it was before), so both see the same graph and the same load. At street scale
  (and in quick mode) also a first load into an empty database, with and without.
- **Diff** of the first and the latest snapshot (the whole graph), **trend** of the street's
  figures over every snapshot (12 or more after the imports above; fewer in quick mode) and
  the **ledger page** of a street (first 50 cases) and its statistics, through the driver.
"""

from __future__ import annotations

import csv
import random
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.latency import repeat
from graph_service.db.runner import Runner
from graph_service.history import recorder
from graph_service.history.diff import diff
from graph_service.history.figures import street_scopes
from graph_service.history.snapshots import Origin, all_snapshots
from graph_service.roster.importer import import_roster

CHURN = 0.01  # share of stairwell liaisons moved between the two rosters


def churned(roster: Path, folder: Path, seed: int = 7) -> Path:
    """A copy of `roster` with 1% of its stairwell liaisons handed to another liaison member
    (same number of rows, so the graph's counts do not change: only the version stamp can
    tell)."""
    if folder.exists():
        return folder
    shutil.copytree(roster, folder, ignore=shutil.ignore_patterns("*.json"))
    path = folder / "stairwell_liaisons.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    rng = random.Random(seed)
    people = sorted({r["person_id"] for r in rows})
    taken = {(r["person_id"], r["stairwell_id"]) for r in rows}
    for row in rng.sample(rows, max(1, int(len(rows) * CHURN))):
        other = rng.choice(people)
        if (other, row["stairwell_id"]) not in taken:
            taken.add((other, row["stairwell_id"]))
            row["person_id"] = other
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


class _RecordingClock:
    """Times `recorder.record` (the history's own work inside an import's transaction)."""

    def __init__(self) -> None:
        self.spent: list[float] = []
        self._record = recorder.record

    def __enter__(self) -> _RecordingClock:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return self._record(*args, **kwargs)
            finally:
                self.spent.append(time.perf_counter() - start)

        recorder.record = timed  # type: ignore[assignment]
        return self

    def __exit__(self, *_: object) -> None:
        recorder.record = self._record  # type: ignore[assignment]


def import_cost(runner: Runner, roster: Path, other: Path, rounds: int) -> dict[str, Any]:
    """Seconds per import of a 1% change, with and without history. Each round imports the
    change and back twice, in the order with, without, without, with, so both kinds see both
    directions and the same moments of a shared machine's load."""
    with_s: list[float] = []
    without_s: list[float] = []

    def recorded(folder: Path) -> None:
        with_s.append(_timed(lambda: import_roster(
            runner, folder, origin=Origin(file=folder.name), accept_older=True)))  # fmt: skip

    def unrecorded(folder: Path) -> None:
        without_s.append(_timed(lambda: import_roster(runner, folder, history=False)))

    with _RecordingClock() as clock:
        for _ in range(rounds):
            recorded(other)
            unrecorded(roster)
            unrecorded(other)
            recorded(roster)
    with_p50, without_p50 = statistics.median(with_s), statistics.median(without_s)
    return {
        "with_history_s": with_p50,
        "without_history_s": without_p50,
        "imports_each": len(with_s),
        "overhead": with_p50 / without_p50 - 1,
        "recording_s": statistics.median(clock.spent),  # the history's own work, inside
        "recording_share": statistics.median(clock.spent) / with_p50,
    }


def first_load_cost(runner: Runner, roster: Path) -> dict[str, Any]:
    """A first load into an empty database, without then with history."""
    runner.run("admin/wipe")
    without = _timed(lambda: import_roster(runner, roster, history=False))
    runner.run("admin/wipe")
    with_history = _timed(lambda: import_roster(runner, roster))
    return {
        "with_history_s": with_history,
        "without_history_s": without,
        "overhead": with_history / without - 1,
    }


def measure(
    runner: Runner,
    roster: Path,
    work_dir: Path,
    rounds: int,
    runs: int,
    budget_s: float,
    first_load: bool,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Every history figure, on a graph that holds `roster` (loaded with history)."""
    result: dict[str, Any] = {}
    other = churned(roster, work_dir / f"{roster.name}-churned")
    log(f"history: {rounds} round(s) of imports with and without history")
    result["import"] = import_cost(runner, roster, other, rounds)
    snapshots = all_snapshots(runner)
    newest, oldest = snapshots[0], snapshots[-1]
    streets = street_scopes(runner, newest.id)
    street = streets[0] if streets else None
    result["snapshots"] = len(snapshots)
    log(f"history: diff, trend over {len(snapshots)} snapshots, ledger page")
    figures = [street] if street else []
    result["diff"] = repeat(lambda: diff(runner, oldest, newest, None, figures), runs, budget_s)
    result["diff_changes"] = sum(diff(runner, oldest, newest, None, []).summary.values())
    result["trend"] = repeat(lambda: runner.run("history/trend", {"scope": street}), runs, budget_s)
    where = {"street": street.split(":", 1)[1] if street else None, "community": None, "grid": None}
    page = {**where, "rule": None, "statuses": None, "owner": None, "limit": 50, "offset": 0}
    result["ledger_page"] = repeat(lambda: runner.run("ledger/cases", page), runs, budget_s)
    result["ledger_stats"] = repeat(lambda: runner.run("ledger/stats-rows", where), runs, budget_s)
    if first_load:
        log("history: a first load with and without history")
        result["first_load"] = first_load_cost(runner, roster)
    return result
