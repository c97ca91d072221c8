"""The database schema: the constraints and indexes in `cypher/schema/`, one file each."""

from __future__ import annotations

from graph_service.db.queries import file_names
from graph_service.db.runner import Runner


def apply_schema(runner: Runner) -> int:
    """Create every constraint and index in `cypher/schema/` that is missing (idempotent);
    returns how many files there are."""
    names = file_names("schema")
    for name in names:
        runner.run(name, metadata={"task": "schema"})
    return len(names)
