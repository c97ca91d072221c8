"""The rectification ledger on the hand-built street (tests/history_rosters.py).

Worked out by hand. July's gaps: S4 uncovered (grid G2), G2 without a party-group leader,
buildings B1 (G1) and B2 (G2) with nobody in wartime, C1 and C2 without any partner. Cases are
numbered in (rule, entity) order: 1 leaderless G2, 2 uncovered S4, 3 unpartnered C1,
4 unpartnered C2, 5 wartime B1, 6 wartime B2. August covers S4 and gives G2 its leader (cases
2 and 1 close as rectified) and adds S5 with nobody (case 7). Owners by role: G1's grid head
is P3, G2's is P4, C2's secretary is P5, C1 has no secretary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import history_rosters as rosters
import pytest
from fastapi.testclient import TestClient

from graph_service.db.runner import Runner
from graph_service.history.snapshots import origin_of_path
from graph_service.roster.importer import import_roster


@pytest.fixture
def ledger(empty_db: Runner, client: TestClient, tmp_path: Path) -> TestClient:
    rosters.import_two_months(empty_db, tmp_path)
    return client


def _cases(client: TestClient, **params: Any) -> dict[int, dict[str, Any]]:
    answer = client.get("/api/v1/ledger/cases", params={"limit": 500, **params})
    assert answer.status_code == 200, answer.text
    return {case["id"]: case for case in answer.json()["cases"]}


def test_cases_open_with_owners_by_role_and_close_themselves(ledger: TestClient) -> None:
    cases = _cases(ledger)
    summary = {
        i: (c["rule"], c["entity"], c["status"], c["owner"], c["owner_role"])
        for i, c in cases.items()
    }
    assert summary == {
        1: ("leaderless_grid", "Grid:G2", "rectified", "Person:P4", "grid_head"),
        2: ("uncovered_stairwell", "Stairwell:S4", "rectified", "Person:P4", "grid_head"),
        3: ("unpartnered_community", "Community:C1", "new", None, None),
        4: ("unpartnered_community", "Community:C2", "new", "Person:P5", "secretary"),
        5: ("wartime_gap", "Building:B1", "new", "Person:P3", "grid_head"),
        6: ("wartime_gap", "Building:B2", "new", "Person:P4", "grid_head"),
        7: ("uncovered_stairwell", "Stairwell:S5", "new", "Person:P4", "grid_head"),
    }  # fmt: skip
    closed = cases[2]
    assert (closed["opened_snapshot"], closed["last_seen_snapshot"], closed["closed_snapshot"]) == (
        1,
        1,
        2,
    )
    assert (closed["opened_on"], closed["closed_on"]) == ("2026-07-31", "2026-08-31")
    assert closed["status_zh"] == "已整改" and cases[7]["status_zh"] == "新发现"
    assert closed["evidence"]["stairwell_id"] == "S4"
    # An uncovered stairwell's case says where to ask who could take it; other rules do not.
    assert cases[7]["candidates"] == "/api/v1/candidates?place=Stairwell:S5"
    assert [c["candidates"] for i, c in cases.items() if i != 2 and i != 7] == [None] * 5
    asked = ledger.get(cases[7]["candidates"])
    assert asked.status_code == 200 and asked.json()["places"][0]["place_key"] == "Stairwell:S5"
    assert cases[5]["last_seen_snapshot"] == 2 and cases[5]["closed_snapshot"] is None
    assert set(_cases(ledger, scope="Grid:G1")) == {5}
    assert set(_cases(ledger, status="open", scope="Community:C2")) == {4, 6, 7}
    assert set(_cases(ledger, owner="Person:P4", status="rectified")) == {1, 2}
    history = ledger.get("/api/v1/ledger/cases/2").json()["events"]
    assert [(e["kind"], e["snapshot"]) for e in history] == [("opened", 1), ("closed", 2)]


def test_a_gap_that_returns_is_a_new_case(
    ledger: TestClient, empty_db: Runner, tmp_path: Path
) -> None:
    folder = rosters.write(rosters.month_one(), tmp_path / "july-again")
    import_roster(
        empty_db,
        folder,
        origin=origin_of_path(folder, as_of=dt.date(2026, 9, 30)),
        accept_older=True,
    )
    cases = _cases(ledger)
    assert cases[2]["status"] == "rectified"  # the old case stays closed
    assert (cases[8]["rule"], cases[8]["entity"], cases[8]["status"]) == (
        "leaderless_grid",
        "Grid:G2",
        "new",
    )
    assert (cases[9]["entity"], cases[9]["opened_snapshot"]) == ("Stairwell:S4", 3)
    assert (cases[7]["status"], cases[7]["closed_snapshot"]) == ("rectified", 3)  # S5 is gone


def test_people_work_a_case_and_each_change_is_in_its_history(
    ledger: TestClient, role_headers: Callable[..., dict[str, str]]
) -> None:
    handler = role_headers("street_analyst", "Street:ST1")  # follows cases up in the street

    def patch(case_id: int, **body: Any) -> Any:
        return ledger.patch(f"/api/v1/ledger/cases/{case_id}", json=body, headers=handler)

    # Reading the ledger is not changing it: the city analyst reads, and is refused here.
    refused = ledger.patch("/api/v1/ledger/cases/3", json={"comment": "看过了"})
    assert refused.status_code == 403 and refused.json()["permission"] == "ledger:write"

    assert patch(3, status="ignored").status_code == 422  # a reason is required
    ignored = patch(3, status="已忽略", reason="社区合并中")
    assert ignored.status_code == 200 and ignored.json()["status"] == "ignored"
    assert patch(3, status="rectified").status_code == 422  # only a snapshot rectifies
    worked = patch(
        7, status="in_progress", owner="Person:P1", deadline="2026-09-15", comment="已联系楼栋"
    )
    assert worked.status_code == 200
    case = worked.json()
    assert (case["status_zh"], case["owner"], case["owner_by"], case["deadline"]) == (
        "整改中", "Person:P1", "hand", "2026-09-15",
    )  # fmt: skip
    assert [(e["kind"], e["account"]) for e in case["events"]] == [
        ("opened", None),  # by the snapshot, which names its own account
        ("status", "street_analyst-ST1"),
        ("owner", "street_analyst-ST1"),
        ("deadline", "street_analyst-ST1"),
        ("comment", "street_analyst-ST1"),
    ]
    assert patch(7, owner="Person:NOPE").status_code == 404
    assert patch(2, status="in_progress", comment="重新跟进").status_code == 409  # closed
    kept = ledger.get("/api/v1/ledger/cases/2").json()
    assert (kept["status"], [e["kind"] for e in kept["events"]]) == (
        "rectified",
        ["opened", "closed"],
    )  # refused whole: neither the status nor the comment was written
    commented = patch(2, comment="复核通过")  # a closed case takes comments
    assert commented.status_code == 200
    assert [e["kind"] for e in commented.json()["events"]] == ["opened", "closed", "comment"]
    assert ledger.get("/api/v1/ledger/cases/999").status_code == 404
    assert ledger.get("/api/v1/ledger/cases", params={"rule": "nope"}).status_code == 422


def test_stats_per_scope(ledger: TestClient, role_headers: Callable[..., dict[str, str]]) -> None:
    answer = ledger.get("/api/v1/ledger/stats", params={"scope": "Street:ST1"})
    assert answer.status_code == 200, answer.text
    stats = answer.json()
    assert stats["month"] == "2026-08"  # the latest snapshot's month
    summary = stats["summary"]
    # 7 cases: 5 open, 2 rectified in August after 31 days each; rate 2 / 7
    assert (summary["total"], summary["open"], summary["rectified"]) == (7, 5, 2)
    assert (summary["closed_this_month"], summary["median_days_to_close"]) == (2, 31.0)
    assert summary["rectification_rate"] == 0.2857 and summary["overdue"] == 0
    children = {c["scope"]: (c["total"], c["open"], c["rectified"]) for c in stats["children"]}
    assert children == {"Community:C1": (2, 2, 0), "Community:C2": (5, 3, 2)}
    handler = role_headers("street_analyst", "Street:ST1")
    late = ledger.patch("/api/v1/ledger/cases/6", json={"deadline": "2020-01-01"}, headers=handler)
    assert late.status_code == 200, late.text
    overdue = ledger.get("/api/v1/ledger/stats", params={"scope": "Community:C2"}).json()
    assert overdue["summary"]["overdue"] == 1
    assert [c["scope"] for c in overdue["children"]] == ["Grid:G2"]
