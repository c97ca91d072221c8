"""A hand-built street with a past: small monthly rosters whose history is worked out by hand.

Month 1 (2026-07-31): street ST1 with communities C1 and C2, one residential grid each (G1 in
C1, G2 in C2), building B1 (G1) with stairwells S1 (2 households) and S2 (1), building B2 (G2)
with S3 (1) and S4 (1). Liaisons: P1 → S1, P1 → S2, P2 → S3; S4 has nobody. G1 has P3 as grid
head and party-group leader; G2 has P4 as grid head only (no party-group leader). P5 is C2's
secretary; C1 has none. No community has a partner; no building has anyone in wartime.

Month 2 (2026-08-31): S3 moves from P2 to P5; P2 takes S4; P4 also becomes G2's party-group
leader; a new stairwell S5 (1 household, nobody) in B2.

Month 3 (2026-09-30): P1 retires: S1 goes to P3, S2 is left with nobody; stairwell S4 (with
its household H5) is gone from B2, and with it P2's link; a new member P6 joins and takes S5.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from graph_service.db.runner import Runner
from graph_service.history.snapshots import origin_of_path
from graph_service.roster.importer import import_roster

Table = list[dict[str, str]]


def month_one() -> dict[str, Table]:
    return {
        "cities": [{"id": "CT1", "name": "甲市"}],
        "districts": [{"id": "D1", "name": "甲区", "city_id": "CT1"}],
        "streets": [{"id": "ST1", "name": "甲街道", "district_id": "D1"}],
        "communities": [
            {"id": "C1", "name": "东社区", "street_id": "ST1"},
            {"id": "C2", "name": "西社区", "street_id": "ST1"},
        ],
        "grids": [
            {"id": "G1", "name": "东一网格", "kind": "residential", "community_id": "C1"},
            {"id": "G2", "name": "西一网格", "kind": "residential", "community_id": "C2"},
        ],
        "buildings": [
            {"id": "B1", "name": "东1幢", "grid_id": "G1"},
            {"id": "B2", "name": "西1幢", "grid_id": "G2"},
        ],
        "stairwells": [
            {"id": "S1", "name": "东1幢1单元", "building_id": "B1"},
            {"id": "S2", "name": "东1幢2单元", "building_id": "B1"},
            {"id": "S3", "name": "西1幢1单元", "building_id": "B2"},
            {"id": "S4", "name": "西1幢2单元", "building_id": "B2"},
        ],
        "households": [
            {"id": "H1", "name": "101", "stairwell_id": "S1"},
            {"id": "H2", "name": "102", "stairwell_id": "S1"},
            {"id": "H3", "name": "201", "stairwell_id": "S2"},
            {"id": "H4", "name": "301", "stairwell_id": "S3"},
            {"id": "H5", "name": "401", "stairwell_id": "S4"},
        ],
        "people": [
            {"id": f"P{i}", "name": f"党员{i}", "party_member": "true"} for i in range(1, 6)
        ],
        "stairwell_liaisons": [
            {"person_id": "P1", "stairwell_id": "S1", "role": "red_steward"},
            {"person_id": "P1", "stairwell_id": "S2", "role": "red_steward"},
            {"person_id": "P2", "stairwell_id": "S3", "role": "stairwell_head"},
        ],
        "community_leaders": [
            {"person_id": "P5", "community_id": "C2", "role": "secretary"},
        ],
        "grid_leaders": [
            {"person_id": "P3", "grid_id": "G1", "role": "grid_head"},
            {"person_id": "P3", "grid_id": "G1", "role": "party_group_leader"},
            {"person_id": "P4", "grid_id": "G2", "role": "grid_head"},
        ],
    }


def month_two() -> dict[str, Table]:
    tables = month_one()
    tables["stairwells"].append({"id": "S5", "name": "西1幢3单元", "building_id": "B2"})
    tables["households"].append({"id": "H6", "name": "501", "stairwell_id": "S5"})
    tables["stairwell_liaisons"] = [
        {"person_id": "P1", "stairwell_id": "S1", "role": "red_steward"},
        {"person_id": "P1", "stairwell_id": "S2", "role": "red_steward"},
        {"person_id": "P5", "stairwell_id": "S3", "role": "stairwell_head"},
        {"person_id": "P2", "stairwell_id": "S4", "role": "red_steward"},
    ]
    tables["grid_leaders"].append(
        {"person_id": "P4", "grid_id": "G2", "role": "party_group_leader"}
    )
    return tables


def month_three() -> dict[str, Table]:
    tables = month_two()
    tables["stairwells"] = [s for s in tables["stairwells"] if s["id"] != "S4"]
    tables["households"] = [h for h in tables["households"] if h["stairwell_id"] != "S4"]
    tables["people"] = [p for p in tables["people"] if p["id"] != "P1"]
    tables["people"].append({"id": "P6", "name": "党员6", "party_member": "true"})
    tables["stairwell_liaisons"] = [
        {"person_id": "P3", "stairwell_id": "S1", "role": "red_steward"},
        {"person_id": "P5", "stairwell_id": "S3", "role": "stairwell_head"},
        {"person_id": "P6", "stairwell_id": "S5", "role": "red_steward"},
    ]
    return tables


def other_street() -> dict[str, Table]:
    tables = month_one()
    tables["streets"] = [{"id": "ST9", "name": "乙街道", "district_id": "D1"}]
    for row in tables["communities"]:
        row["street_id"] = "ST9"
    return tables


def write(tables: dict[str, Table], folder: Path) -> Path:
    """One CSV file per table (header from the first row's keys, blanks where a row has none)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


def import_two_months(db: Runner, folder: Path) -> None:
    """Import July (as of 2026-07-31) then August (2026-08-31): snapshots 1 and 2."""
    for month, tables, as_of in (
        ("july", month_one(), dt.date(2026, 7, 31)),
        ("august", month_two(), dt.date(2026, 8, 31)),
    ):
        roster = write(tables, folder / month)
        import_roster(db, roster, origin=origin_of_path(roster, as_of=as_of))


def import_third_month(db: Runner, folder: Path) -> None:
    """After `import_two_months`: September (2026-09-30), snapshot 3 (it removes most links)."""
    roster = write(month_three(), folder / "september")
    origin = origin_of_path(roster, as_of=dt.date(2026, 9, 30))
    import_roster(db, roster, origin=origin, allow_removals=True)
