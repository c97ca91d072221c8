"""Another street for the notebooks: a roster shaped unlike the sample, so that a notebook that
only works on the sample's own figures fails.

It is the generator's street at 3,000 households (another seed), cut down to three of its
eight communities (so fewer grids, buildings, stairwells, teams at work and events), with one
of the three stripped of every partner: no service team, no paired organ branch, no co-building
unit and no property company. Everything that hangs from a dropped community goes with it
(grids, buildings, stairwells, households, events, demands, checkpoints and every link to them).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from graph_service.roster.dictionary import TABLES, NodeTable
from graph_service.sample.generator import SampleSpec, generate

HOUSEHOLDS = 3000
SEED = 7
KEPT_COMMUNITIES = ("CM02", "CM05", "CM07")
PARTNERLESS = "CM05"
# Partner tables and the column that names the community.
PARTNER_TABLES = {
    "team_communities": "community_id",
    "branch_pairings": "community_id",
    "co_building": "community_id",
    "property_services": "community_id",
}


def write_other_street(folder: Path) -> dict[str, int]:
    """Write the roster into `folder` (CSV files); returns its rows per table."""
    generate(folder, SampleSpec(households=HOUSEHOLDS, seed=SEED))
    (folder / "planted.json").unlink()  # the sample's manifest no longer describes it
    tables = {name: _read(folder / f"{name}.csv") for name in TABLES}
    communities = {row["id"] for row in tables["communities"]}
    dropped: dict[str, set[str]] = {"Community": communities - set(KEPT_COMMUNITIES)}
    _cascade(tables, dropped)
    for table, column in PARTNER_TABLES.items():
        tables[table] = [row for row in tables[table] if row[column] != PARTNERLESS]
    for name, rows in tables.items():
        _write(folder / f"{name}.csv", rows, _header(folder / f"{name}.csv"))
    counts = {name: len(rows) for name, rows in tables.items()}
    (folder / "shape.json").write_text(json.dumps(counts, indent=1), encoding="utf-8")
    return counts


def _cascade(tables: dict[str, list[dict[str, str]]], dropped: dict[str, set[str]]) -> None:
    """Drop every row that names a dropped node, until nothing more goes."""

    def names_dropped(row: dict[str, str], column: str, targets: tuple[str, ...]) -> bool:
        ids = row.get(column, "").split(";")  # a planted error names two parents: "B1;B2"
        return any(i in dropped.get(label, ()) for i in ids for label in targets)

    changed = True
    while changed:
        changed = False
        for name, table in TABLES.items():
            if isinstance(table, NodeTable):
                ends = [(link.column, link.targets) for link in table.links]
            else:
                ends = [
                    (table.source.column, table.source.targets),
                    (table.target.column, table.target.targets),
                ]
            kept = []
            for row in tables[name]:
                if any(names_dropped(row, column, targets) for column, targets in ends):
                    if isinstance(table, NodeTable):
                        dropped.setdefault(table.label, set()).add(row["id"])
                    changed = True
                elif not (
                    isinstance(table, NodeTable) and row["id"] in dropped.get(table.label, ())
                ):
                    kept.append(row)
            tables[name] = kept


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _write(path: Path, rows: list[dict[str, str]], header: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
