"""Accounts limited to a place get their place's rows of analyses, plans, exports and history.

Expected rows are worked out by hand from the fixtures: tests/fixtures/small-street.cypher
(street ST1; community CM1 holds grids G1 (B1: S1, S2) and G2 (B2: S3, and S7 hung straight on
the grid), CM2 holds G3 (B3: S4, S5); S6 sits under B4, which has no grid, so it is in no
place's territory) and tests/history_rosters.py (C1: G1, S1, S2; C2: G2, S3, S4 and S5).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import history_rosters as rosters
import pytest
from fastapi.testclient import TestClient

from graph_service.db.runner import Runner

Headers = Callable[..., dict[str, str]]


def node_keys(client: TestClient, analysis: str, headers: dict[str, str] | None = None) -> list:
    answer = client.get(f"/api/v1/analyses/{analysis}", headers=headers or {})
    assert answer.status_code == 200, answer.text
    return [row["node_key"] for row in answer.json()["rows"]]


def test_analyses_answer_the_rows_of_the_accounts_place(
    client: TestClient, small_street: Runner, role_headers: Headers
) -> None:
    cm1 = role_headers("community_secretary", "Community:CM1")
    cm2 = role_headers("community_secretary", "Community:CM2")
    g1 = role_headers("grid_leader", "Grid:G1")
    g2 = role_headers("grid_leader", "Grid:G2")
    street = role_headers("street_analyst", "Street:ST1")
    # Uncovered: S5 (CM2), S6 (no grid: nobody's territory), S7 (G2 of CM1); the analysis
    # orders by community through the building, which S6 and S7 lack, so they come last.
    uncovered = "uncovered-stairwells"
    assert node_keys(client, uncovered) == ["Stairwell:S5", "Stairwell:S6", "Stairwell:S7"]
    assert node_keys(client, uncovered, street) == ["Stairwell:S5", "Stairwell:S7"]
    assert node_keys(client, uncovered, cm1) == ["Stairwell:S7"]
    assert node_keys(client, uncovered, cm2) == ["Stairwell:S5"]
    assert node_keys(client, uncovered, g1) == []
    assert node_keys(client, uncovered, g2) == ["Stairwell:S7"]
    # Liaisons: P1 (S1, S2, S3: CM1), P2 (S4: CM2), P3 (S1: G1 of CM1).
    load = "liaison-load"
    assert set(node_keys(client, load)) == {"Person:P1", "Person:P2", "Person:P3"}
    assert set(node_keys(client, load, street)) == {"Person:P1", "Person:P2", "Person:P3"}
    assert set(node_keys(client, load, cm1)) == {"Person:P1", "Person:P3"}
    assert set(node_keys(client, load, cm2)) == {"Person:P2"}
    assert set(node_keys(client, load, g2)) == {"Person:P1"}
    # The CSV is the same rows.
    csv_text = client.get(f"/api/v1/analyses/{load}?format=csv", headers=cm2).text
    assert [row["node_key"] for row in csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))] == [
        "Person:P2"
    ]
    # Demand flow counts the whole street's demands by module and department: about no place.
    refused = client.get("/api/v1/analyses/demand-flow", headers=cm1)
    assert refused.status_code == 403 and "whole territory" in refused.json()["detail"]


def test_what_if_and_plans_keep_to_the_accounts_place(
    client: TestClient, small_street: Runner, role_headers: Headers
) -> None:
    cm1 = role_headers("community_secretary", "Community:CM1")
    cm2 = role_headers("community_secretary", "Community:CM2")
    # DP1 (in service team T1, which serves CM1 and CM2) takes its staff P1, P4 and P5: S2 (2
    # households) and S3 (1) lose their last liaison (S1 keeps P3), and buildings B1 (only P4
    # assigned) and B2 (only P5 its head) go dark in wartime; all of them are CM1's.
    remove = {"remove": "Department:DP1"}
    lost = client.get("/api/v1/what-if", params=remove, headers=cm1)
    assert lost.status_code == 200, lost.text
    body = lost.json()
    assert [s["key"] for s in body["stairwells"]] == ["Stairwell:S2", "Stairwell:S3"]
    assert (body["uncovered_stairwells"], body["uncovered_households"]) == (2, 3)
    assert [p["key"] for p in body["wartime_places"]] == ["Building:B1", "Building:B2"]
    assert body["people_lost"] == 1  # P1, the one liaison among them
    elsewhere = client.get("/api/v1/what-if", params=remove, headers=cm2).json()
    assert (elsewhere["stairwells"], elsewhere["wartime_places"]) == ([], [])
    assert (elsewhere["uncovered_households"], elsewhere["people_lost"]) == (0, 0)
    assert (
        client.get("/api/v1/what-if", params={"remove": "Person:P1"}, headers=cm2).status_code
        == 404
    )
    # P6, the only person at checkpoint K1 of CM1, is CM1's, not CM2's.
    dark = client.get("/api/v1/what-if", params={"remove": "Person:P6"}, headers=cm1).json()
    assert [p["key"] for p in dark["wartime_places"]] == ["Checkpoint:K1"]
    assert (
        client.get("/api/v1/what-if", params={"remove": "Person:P6"}, headers=cm2).status_code
        == 404
    )
    # Limit 2: the plan moves S2 from P1 to P3 within G1 (tests/test_plans.py): CM1's move,
    # and nothing of CM2's.
    limit = {"scope": "grid", "stairwell_limit": 2}
    plan = client.post("/api/v1/plans/rebalance", json=limit, headers=cm1).json()
    assert [m["stairwell_key"] for m in plan["moves"]] == ["Stairwell:S2"]
    assert set(plan["names"]) == {"Stairwell:S2", "Person:P1", "Person:P3"}
    other = client.post("/api/v1/plans/rebalance", json=limit, headers=cm2).json()
    assert (other["moves"], other["before"], other["after"], other["names"]) == ([], [], [], {})
    # Who could take S5 (CM2's, no liaison): P2 liaises in its grid G3 with room (rule 4).
    # CM2 asks and sees CM2's people; CM1 may not ask about CM2's stairwell.
    ask = {"place": "Stairwell:S5"}
    whole = client.get("/api/v1/candidates", params=ask).json()
    own = client.get("/api/v1/candidates", params=ask, headers=cm2)
    assert own.status_code == 200, own.text
    [place] = own.json()["places"]
    assert "Person:P2" in {c["person_key"] for c in place["candidates"]}
    assert place["candidates"] == whole["places"][0]["candidates"]  # all of them are CM2's
    assert client.get("/api/v1/candidates", params=ask, headers=cm1).status_code == 404
    mine = client.get("/api/v1/candidates", params={"person": "Person:P2"}, headers=cm1)
    assert mine.status_code == 404  # P2 is CM2's member


def _exported_ids(answer: Any, table: str) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        text = archive.read(f"{table}.csv").decode("utf-8-sig")
    return {row["id"] for row in csv.DictReader(io.StringIO(text))}


def test_an_export_holds_what_the_accounts_place_holds(
    client: TestClient, small_street: Runner, role_headers: Headers
) -> None:
    street = role_headers("street_analyst", "Street:ST1")
    answer = client.get("/api/v1/exports", headers=street)
    assert answer.status_code == 200, answer.text
    assert _exported_ids(answer, "communities") == {"CM1", "CM2", "CM3"}
    assert _exported_ids(answer, "cities") == set()  # above the street
    # S6 and its household H12 hang under B4, which has no grid; H13 has no stairwell.
    stairwells = {"S1", "S2", "S3", "S4", "S5", "S7"}
    assert _exported_ids(answer, "stairwells") == stairwells
    assert _exported_ids(answer, "households") == {f"H{n}" for n in range(1, 12)}
    # P7 only belongs to an organ branch: tied to no place of the street.
    assert _exported_ids(answer, "people") == {f"P{n}" for n in range(1, 7)}
    whole = client.get("/api/v1/exports")
    assert _exported_ids(whole, "stairwells") == stairwells | {"S6"}


@pytest.fixture
def two_months(empty_db: Runner, tmp_path: Path) -> Runner:
    rosters.import_two_months(empty_db, tmp_path)
    return empty_db


def test_history_and_the_ledger_keep_to_the_accounts_place(
    client: TestClient, two_months: Runner, role_headers: Headers
) -> None:
    c1 = role_headers("community_secretary", "Community:C1")
    g1 = role_headers("grid_leader", "Grid:G1")

    def cases(headers: dict[str, str], **params: str) -> Any:
        answer = client.get("/api/v1/ledger/cases", params=params, headers=headers)
        return answer.status_code, {case["id"] for case in answer.json().get("cases", [])}

    # Seven cases: C1 holds 3 (G1) and 5; C2 holds 1, 2, 4, 6 and 7.
    assert cases(c1) == (200, {3, 5})
    assert cases(c1, scope="Grid:G1") == (200, {5})
    assert cases(c1, scope="Community:C2")[0] == 404
    assert cases(g1) == (200, {5})
    assert client.get("/api/v1/ledger/cases/4", headers=c1).status_code == 404
    assert (
        client.patch("/api/v1/ledger/cases/4", json={"comment": "x"}, headers=c1).status_code == 404
    )
    worked = client.patch("/api/v1/ledger/cases/3", json={"comment": "已核实"}, headers=c1)
    assert worked.status_code == 200
    assert worked.json()["events"][-1]["account"] == "community_secretary-C1"
    stats = client.get("/api/v1/ledger/stats", params={"scope": "Community:C1"}, headers=c1)
    assert stats.json()["summary"]["total"] == 2
    assert (
        client.get("/api/v1/ledger/stats", params={"scope": "Street:ST1"}, headers=c1).status_code
        == 404
    )
    # Trends and diffs: C1's own figures; the month's changes were all in C2.
    trend = client.get("/api/v1/trends", params={"scope": "Community:C1"}, headers=c1)
    assert trend.status_code == 200
    assert (
        client.get("/api/v1/trends", params={"scope": "Community:C2"}, headers=c1).status_code
        == 404
    )
    changed = client.get("/api/v1/diff", params={"from": "1", "to": "2"}, headers=c1).json()
    assert (changed["scope"], changed["entities"], changed["links"]) == ("Community:C1", [], [])
    # What was true when: S3 is C2's.
    assert client.get("/api/v1/history/Stairwell/S3", headers=c1).status_code == 404
    s1 = client.get("/api/v1/history/Stairwell/S1", headers=c1)
    assert s1.status_code == 200 and s1.json()["spans"]
