"""Derived state (graph_service/db/derived.py): coverage flags and role labels follow the
relationships after an import, an applied plan and a start-up, and a current graph is left alone.

Expected flags are worked out by hand from tests/fixtures/small-street.cypher (S1-S4 have a
liaison; S5, S6 and S7 have none) or recomputed in Python from the sample roster's rows.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import history_rosters as rosters
import pytest
from conftest import load_fixture, other_client
from fastapi.testclient import TestClient
from roster_files import copy_roster, edit

from graph_service.app import create_app
from graph_service.db import derived
from graph_service.db.queries import query_file
from graph_service.db.runner import Runner
from graph_service.db.schema import apply_schema
from graph_service.roster.importer import import_roster
from graph_service.settings import Settings

SMALL_STREET_COVERED = {
    "S1": True, "S2": True, "S3": True, "S4": True, "S5": False, "S6": False, "S7": False,
}  # fmt: skip


def node(db: Runner, label: str, node_id: str) -> dict[str, Any]:
    [row] = db.run("entities/node", {"id": node_id}, tokens={"label": label})
    return row


def flags(db: Runner, stairwell_ids: list[str]) -> dict[str, Any]:
    return {s: node(db, "Stairwell", s)["properties"].get("covered") for s in stairwell_ids}


def uncovered(db: Runner) -> list[str]:
    rows = db.run("analyses/uncovered-stairwells", {"community_id": None})
    return sorted(row["stairwell_id"] for row in rows)


def test_refresh_flags_every_stairwell_and_then_writes_nothing(small_street: Runner) -> None:
    assert flags(small_street, list(SMALL_STREET_COVERED)) == SMALL_STREET_COVERED
    assert derived.refresh_all(small_street) == 0


def test_refresh_counts_each_stairwells_households(small_street: Runner) -> None:
    # counted by hand in tests/fixtures/small-street.cypher (H13 belongs to no stairwell)
    expected = {"S1": 3, "S2": 2, "S3": 1, "S4": 4, "S5": 1, "S6": 1, "S7": 0}
    counts = {
        s: node(small_street, "Stairwell", s)["properties"]["household_count"] for s in expected
    }
    assert counts == expected
    other_client(  # a household moves from S1 to S7 behind the service's back
        small_street,
        "MATCH (h:Household {id: 'H1'})-[r:PART_OF]->() DELETE r "
        "WITH h MATCH (s:Stairwell {id: 'S7'}) CREATE (h)-[:PART_OF]->(s)",
    )
    # two counts change, and the loads of S1's two liaisons P1 and P3 (written as one triple)
    assert derived.refresh_all(small_street) == 2 + 2 * 3
    assert loads(small_street, "P1")[:2] == (3, 5)  # S1, S2, S3: now 2 + 2 + 1 households
    assert node(small_street, "Stairwell", "S1")["properties"]["household_count"] == 2
    assert node(small_street, "Stairwell", "S7")["properties"]["household_count"] == 1


def loads(db: Runner, person_id: str) -> tuple[Any, ...]:
    """A member's derived stairwells, households and home community (None when not a liaison)."""
    properties = node(db, "Person", person_id)["properties"]
    return tuple(properties.get(f"liaison_{name}") for name in LOADS)


LOADS = ("stairwells", "households", "community_id")


def broken_chains(db: Runner) -> set[str]:
    return {
        record["id"]
        for record in other_client(db, "MATCH (n:BrokenChain) RETURN n.id AS id").records
    }


def test_an_applied_move_keeps_labels_and_flags_right(
    client: TestClient, small_street: Runner
) -> None:
    # P2 liaises with S4 only; P7 with nothing: after the move P2 is no liaison, P7 is one.
    assert "Liaison" in node(small_street, "Person", "P2")["labels"]
    assert "Liaison" not in node(small_street, "Person", "P7")["labels"]
    # S4 (4 households) is in B3, G3, CM2: counted by hand in the fixture
    assert (loads(small_street, "P2"), loads(small_street, "P7")) == ((1, 4, "CM2"), (None,) * 3)
    move = {"stairwell_key": "Stairwell:S4", "from_key": "Person:P2", "to_key": "Person:P7"}
    response = client.post("/api/v1/plans/rebalance/apply", json={"moves": [move]})
    assert response.status_code == 200, response.text
    assert "Liaison" not in node(small_street, "Person", "P2")["labels"]
    assert "Liaison" in node(small_street, "Person", "P7")["labels"]
    assert (loads(small_street, "P2"), loads(small_street, "P7")) == ((None,) * 3, (1, 4, "CM2"))
    assert flags(small_street, list(SMALL_STREET_COVERED)) == SMALL_STREET_COVERED
    assert derived.refresh_all(small_street) == 0  # the plan left nothing to catch up


def test_broken_chain_labels_on_the_small_street(small_street: Runner) -> None:
    # the fixture's planted breaks: G4 has two communities, B4 none, S7 hangs off a grid, H13
    # has no stairwell
    assert broken_chains(small_street) == {"G4", "B4", "S7", "H13"}
    other_client(
        small_street,
        "MATCH (b:Building {id: 'B4'}), (g:Grid {id: 'G3'}) CREATE (b)-[:PART_OF]->(g)",
    )  # behind the service's back
    assert derived.refresh_all(small_street) == 1  # one label removed
    assert broken_chains(small_street) == {"G4", "S7", "H13"}


def test_loads_and_broken_chains_follow_an_import(empty_db: Runner, tmp_path: Path) -> None:
    # tests/history_rosters.py: July P1 has S1 (2 households) and S2 (1) in C1, P2 has S3 (1)
    # in C2; August moves S3 to P5 and gives P2 S4 (1); here August also loses H6's stairwell.
    import_roster(empty_db, rosters.write(rosters.month_one(), tmp_path / "july"))
    assert [loads(empty_db, p) for p in ("P1", "P2", "P5")] == [
        (2, 3, "C1"), (1, 1, "C2"), (None, None, None),
    ]  # fmt: skip
    assert broken_chains(empty_db) == set()
    august = rosters.month_two()
    next(row for row in august["households"] if row["id"] == "H6")["stairwell_id"] = ""
    import_roster(empty_db, rosters.write(august, tmp_path / "august"))
    assert [loads(empty_db, p) for p in ("P1", "P2", "P5")] == [
        (2, 3, "C1"), (1, 1, "C2"), (1, 1, "C2"),
    ]  # fmt: skip
    assert broken_chains(empty_db) == {"H6"}
    assert derived.refresh_all(empty_db) == 0


def test_start_up_sets_missing_and_stale_flags(
    small_street: Runner, settings: Settings, analyst_headers: dict[str, str]
) -> None:
    load_fixture(small_street, "stale-coverage", refresh=False)
    assert flags(small_street, ["S1", "S5"]) == {"S1": None, "S5": True}
    with TestClient(create_app(settings), headers=analyst_headers) as started:
        response = started.get("/api/v1/analyses/uncovered-stairwells")
    assert response.status_code == 200, response.text
    assert [row["stairwell_id"] for row in response.json()["rows"]] == ["S5", "S6", "S7"]
    assert flags(small_street, list(SMALL_STREET_COVERED)) == SMALL_STREET_COVERED


def test_uncovered_stairwells_is_an_index_seek_on_the_flag(small_street: Runner) -> None:
    apply_schema(small_street)
    text = "EXPLAIN " + query_file("analyses/uncovered-stairwells").text
    plan = other_client(small_street, text, community_id=None).summary.plan
    seeks = []
    stack = [plan]
    while stack:
        operator = stack.pop()
        stack.extend(operator.get("children", []))
        if operator["operatorType"].startswith("NodeIndexSeek"):
            seeks.append(operator["args"]["Details"])
    assert any(":Stairwell(covered)" in details for details in seeks), seeks


def roster_coverage(folder: Path) -> dict[str, bool]:
    """Each stairwell of a roster folder: does a stairwell_liaisons row name it."""
    with (folder / "stairwells.csv").open(encoding="utf-8", newline="") as handle:
        stairwells = [row["id"] for row in csv.DictReader(handle)]
    with (folder / "stairwell_liaisons.csv").open(encoding="utf-8", newline="") as handle:
        liaised = {row["stairwell_id"] for row in csv.DictReader(handle)}
    return {s: s in liaised for s in stairwells}


def _liaised_stairwells(folder: Path) -> list[str]:
    """The stairwell of every stairwell_liaisons row (a stairwell twice if two members share it)."""
    with (folder / "stairwell_liaisons.csv").open(encoding="utf-8", newline="") as handle:
        return [row["stairwell_id"] for row in csv.DictReader(handle)]


@pytest.mark.sample
def test_flags_after_an_import_equal_the_roster(
    sample_db: Runner, sample_roster: Path, planted: dict[str, Any]
) -> None:
    expected = roster_coverage(sample_roster)
    assert uncovered(sample_db) == sorted(s for s, covered in expected.items() if not covered)
    assert uncovered(sample_db) == sorted(planted["uncovered_stairwells"])
    with (sample_roster / "households.csv").open(encoding="utf-8", newline="") as handle:
        per_stairwell = Counter(row["stairwell_id"] for row in csv.DictReader(handle))
    rows = sample_db.run("analyses/liaison-load", {"stairwell_limit": 3, "community_id": None})
    assert sum(row["households"] for row in rows) == sum(  # each liaised stairwell once per member
        per_stairwell[s] for s in _liaised_stairwells(sample_roster)
    )
    # nothing missing or different anywhere: a refresh finds nothing to write
    assert derived.refresh_all(sample_db) == 0


@pytest.mark.sample
def test_a_corrected_roster_moves_a_stairwell_in_and_out_of_coverage(
    scratch_sample_db: Runner, sample_roster: Path, tmp_path: Path
) -> None:
    db = scratch_sample_db
    before = uncovered(db)
    assert import_roster(db, sample_roster).status == "unchanged"
    with (sample_roster / "stairwell_liaisons.csv").open(encoding="utf-8", newline="") as handle:
        liaisons = [row["stairwell_id"] for row in csv.DictReader(handle)]
    only_one = next(s for s in liaisons if liaisons.count(s) == 1)
    folder = copy_roster(sample_roster, tmp_path / "corrected")
    edit(
        folder,
        "stairwell_liaisons",
        lambda rows: rows.remove(next(r for r in rows if r[1] == only_one)),
    )
    assert roster_coverage(folder)[only_one] is False

    assert import_roster(db, folder).status == "imported"
    assert uncovered(db) == sorted([*before, only_one])
    # the original roster again is an older roster: made current on purpose, the liaison is back
    assert import_roster(db, sample_roster, accept_older=True).status == "imported"
    assert uncovered(db) == before
    assert derived.refresh_all(db) == 0
