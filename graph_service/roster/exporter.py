"""Exporting the graph as a roster: the same tables, the same format, ready to re-import.

Personal fields (a person's name and phone, a household head's name and phone, a building's
address: `sensitive` in the data dictionary) are exported as they are by the command line, which
runs where the database is. The API always masks them (`王**`, `100****1234`, `***`); a masked
export is for reading, not re-import.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from graph_service.auth.masking import mask
from graph_service.db.runner import Runner
from graph_service.roster.dictionary import TABLES, sensitive_columns
from graph_service.roster.files import CsvRosterWriter, write_xlsx
from graph_service.roster.sync import read_graph
from graph_service.roster.tables import Tables

EXPORT_TIMEOUT_S = 600.0  # every table in one snapshot: minutes at city scale


def read_tables(runner: Runner) -> Tables:
    """Every table of the graph, read in one read transaction (a consistent snapshot)."""

    return runner.transaction(
        read_graph, write=False, timeout_s=EXPORT_TIMEOUT_S, metadata={"task": "export"}
    )


def table_rows(tables: Tables, name: str, *, masked: bool) -> list[dict[str, Any]]:
    rows = list(tables.rows(name))
    hidden = sensitive_columns(TABLES[name]) if masked else set()
    if hidden:
        rows = [{k: mask(k, v) if k in hidden else v for k, v in row.items()} for row in rows]
    return rows


def write_folder(tables: Tables, folder: Path, *, masked: bool = False) -> dict[str, int]:
    """Write every table as a CSV file in `folder`; returns the rows per table."""
    with CsvRosterWriter(folder) as writer:
        for name in TABLES:
            writer.write_all(name, table_rows(tables, name, masked=masked))
    if masked:
        (Path(folder) / "MASKED.txt").write_text(
            "Personal fields are masked in this export: do not import it back.\n",
            encoding="utf-8",
        )
    return writer.counts


def xlsx_bytes(tables: Tables, *, masked: bool = False) -> bytes:
    buffer = io.BytesIO()
    write_xlsx({name: table_rows(tables, name, masked=masked) for name in TABLES}, buffer)
    return buffer.getvalue()


def export_roster(runner: Runner, target: Path, *, masked: bool = False) -> dict[str, int]:
    """Export the graph to a folder of CSV files (or an .xlsx file if `target` ends so)."""
    tables = read_tables(runner)
    target = Path(target)
    if target.suffix.lower() == ".xlsx":
        target.write_bytes(xlsx_bytes(tables, masked=masked))
        return tables.row_counts()
    return write_folder(tables, target, masked=masked)
