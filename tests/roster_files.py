"""Helpers for tests that copy the sample roster and change its CSV files by hand."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

Rows = list[list[str]]  # header first


def copy_roster(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def read_csv(path: Path) -> Rows:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path: Path, rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def edit(folder: Path, table: str, change: Callable[[Rows], None]) -> None:
    """Apply `change` to the table's rows (header first) in place."""
    path = folder / f"{table}.csv"
    rows = read_csv(path)
    change(rows)
    write_csv(path, rows)


def set_cell(folder: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell; `row` as Excel numbers it (header = 1, first data row = 2)."""

    def change(rows: Rows) -> None:
        rows[row - 1][rows[0].index(column)] = value

    edit(folder, table, change)


def column(folder: Path, table: str, name: str) -> list[str]:
    rows = read_csv(folder / f"{table}.csv")
    index = rows[0].index(name)
    return [r[index] for r in rows[1:]]


def table_multisets(folder: Path) -> dict[str, tuple[list[str], Counter[tuple[str, ...]]]]:
    """Every CSV table of a folder: its header and its rows as a multiset (order aside)."""
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        rows = read_csv(path)
        tables[path.stem] = (rows[0], Counter(tuple(r) for r in rows[1:]))
    return tables
