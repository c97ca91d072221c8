"""Loading the sample network into an empty database (what `make run` does on first start)."""

from __future__ import annotations

from pathlib import Path

from graph_service.db.runner import Runner
from graph_service.db.schema import apply_schema
from graph_service.roster.importer import ImportReport, import_roster
from graph_service.sample.generator import SampleSpec, generate
from graph_service.settings import PROJECT_ROOT

SAMPLE_DIR = PROJECT_ROOT / ".sample"  # ignored by git: generated, never edited


def load_sample_if_empty(runner: Runner, folder: Path = SAMPLE_DIR) -> ImportReport | None:
    """Generate the sample roster into `folder` and import it, unless the database holds
    anything already (then nothing happens and None is returned: data is never overwritten)."""
    apply_schema(runner)
    [row] = runner.run("stats/is-empty", metadata={"task": "load-sample"})
    if not row["empty"]:
        return None
    generate(folder, SampleSpec())
    return import_roster(runner, folder)
