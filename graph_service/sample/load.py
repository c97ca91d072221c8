"""Loading the sample network into an empty database (what `make run` does on first start)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph_service.db import writer
from graph_service.db.runner import Runner
from graph_service.db.schema import apply_schema
from graph_service.history.snapshots import origin_of_path
from graph_service.roster.importer import ImportReport, import_roster
from graph_service.sample.generator import SampleSpec
from graph_service.sample.months import generate_months


def load_sample_if_empty(
    runner: Runner, folder: Path, months: int = 6
) -> list[ImportReport] | None:
    """Generate the sample street's last `months` monthly rosters into `folder` and import
    them oldest first (each as of its month end, so the history has snapshots, trends, diffs
    and ledger cases from the start), unless the database holds anything already (then
    nothing happens and None is returned: data is never overwritten). The last month is the
    sample network itself. A graph that a crashed first load left half written counts as
    empty: the first import repairs it."""
    apply_schema(runner)
    [row] = runner.run("stats/is-empty", metadata={"task": "load-sample"})
    if not row["empty"] and not writer.first_load_pending(runner):
        return None
    manifest = generate_months(folder, months, SampleSpec())
    reports = []
    for day in manifest["months"]:
        roster = Path(folder) / day
        origin = origin_of_path(roster, as_of=dt.date.fromisoformat(day))
        # each month is a whole roster of the same street: what it drops is meant to go
        reports.append(
            import_roster(
                runner,
                roster,
                origin=origin,
                task="loading the sample network",
                allow_removals=True,
            )
        )
    return reports
