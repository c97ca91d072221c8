"""History on a hand-built street (tests/history_rosters.py): snapshots, spans, trends, diffs.

Every expected value is worked out by hand from the rosters' docstring.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import history_rosters as rosters
import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.db.runner import Runner
from graph_service.errors import RosterConflict
from graph_service.history.snapshots import Origin, all_snapshots, origin_of_path
from graph_service.roster.importer import import_roster
from graph_service.settings import Settings

JULY = dt.date(2026, 7, 31)


def _import(db: Runner, folder: Path, as_of: dt.date, **kw: object):  # type: ignore[no-untyped-def]
    return import_roster(db, folder, origin=origin_of_path(folder, as_of=as_of), **kw)  # type: ignore[arg-type]


@pytest.fixture
def two_months(empty_db: Runner, tmp_path: Path) -> tuple[Runner, Path, Path]:
    rosters.import_two_months(empty_db, tmp_path)
    return empty_db, tmp_path / "july", tmp_path / "august"


def test_each_changing_import_records_one_snapshot_and_a_repeat_records_none(
    two_months: tuple[Runner, Path, Path],
) -> None:
    db, _, two = two_months
    first, second = sorted(all_snapshots(db), key=lambda s: s.id)
    assert (first.id, first.as_of, second.id, second.as_of) == (1, "2026-07-31", 2, "2026-08-31")
    assert first.file == "july" and first.sha256 == origin_of_path(two.parent / "july").sha256
    # by hand: month 2 adds S5 and H6, re-links S3 and S4, adds one grid-leader row
    assert second.changes["stairwells"].model_dump() == {"added": 1, "updated": 0, "removed": 0}
    assert second.changes["stairwell_liaisons"].model_dump() == {
        "added": 2, "updated": 0, "removed": 1,
    }  # fmt: skip
    assert second.changes["grid_leaders"].model_dump() == {"added": 1, "updated": 0, "removed": 0}
    assert "people" not in second.changes  # unchanged tables are not listed

    again = _import(db, two, dt.date(2026, 9, 30))
    assert again.status == "unchanged" and again.snapshot is None
    assert "no snapshot recorded" in again.text and "snapshot 2" in again.text
    assert [s.id for s in all_snapshots(db)] == [2, 1]


def test_an_older_roster_is_refused_unless_accepted_and_history_is_never_rewritten(
    two_months: tuple[Runner, Path, Path],
) -> None:
    db, one, _ = two_months
    before = [s.model_dump() for s in all_snapshots(db)]
    with pytest.raises(RosterConflict) as refused:
        _import(db, one, dt.date(2026, 9, 30))  # the July file again, whatever date it claims
    assert refused.value.extra["reason"] == "older_roster"
    assert (
        "snapshot 1" in refused.value.detail
        and "nothing was written" in refused.value.detail.lower()
    )
    assert [s.model_dump() for s in all_snapshots(db)] == before

    made_current = _import(db, one, dt.date(2026, 9, 30), accept_older=True)
    assert made_current.snapshot is not None and made_current.snapshot.id == 3
    assert "made current on purpose" in (made_current.snapshot.note or "")
    assert [s.model_dump() for s in all_snapshots(db)][1:] == before  # 1 and 2 untouched


def test_a_roster_dated_before_the_latest_snapshot_is_refused(
    two_months: tuple[Runner, Path, Path], tmp_path: Path
) -> None:
    db, _, _ = two_months
    changed = rosters.month_two()
    changed["people"].append({"id": "P6", "name": "党员6", "party_member": "true"})
    folder = rosters.write(changed, tmp_path / "june")
    with pytest.raises(RosterConflict, match="dated 2026-06-30"):
        _import(db, folder, dt.date(2026, 6, 30))


def test_another_streets_roster_is_refused(
    two_months: tuple[Runner, Path, Path], tmp_path: Path
) -> None:
    db, _, _ = two_months
    folder = rosters.write(rosters.other_street(), tmp_path / "other")
    with pytest.raises(RosterConflict) as refused:
        _import(db, folder, dt.date(2026, 9, 30))
    assert refused.value.extra["reason"] == "other_street"
    assert "ST9" in refused.value.detail and "ST1" in refused.value.detail
    assert len(all_snapshots(db)) == 2


def test_trends_keep_each_snapshots_figures(
    two_months: tuple[Runner, Path, Path], client: TestClient
) -> None:
    answer = client.get("/api/v1/trends", params={"scope": "Street:ST1"})
    assert answer.status_code == 200
    trends = {t["metric"]: [p["value"] for p in t["points"]] for t in answer.json()["trends"]}
    # July: 4 stairwells, 3 covered; 5 households, 4 covered; S4 uncovered; G2 lacks a leader.
    # August: 5 stairwells, 4 covered; 6 households, 5 covered; S5 uncovered; none leaderless.
    assert trends["stairwells"] == [4, 5]
    assert trends["stairwell_coverage"] == [0.75, 0.8]
    assert trends["household_coverage"] == [0.8, 0.8333]
    assert trends["uncovered_stairwells"] == [1, 1]
    assert trends["leaderless_grids"] == [1, 0]
    west = client.get(
        "/api/v1/trends", params={"scope": "Community:C2", "metric": "stairwell_coverage"}
    ).json()
    assert [p["value"] for p in west["trends"][0]["points"]] == [0.5, 0.6667]  # 1/2, then 2/3
    grid = client.get("/api/v1/trends", params={"scope": "Grid:G1"}).json()
    grid_values = {t["metric"]: t["points"][-1]["value"] for t in grid["trends"]}
    assert grid_values["stairwell_coverage"] == 1.0 and grid_values["overloaded_liaisons"] is None
    assert client.get("/api/v1/trends", params={"scope": "Grid:NOPE"}).status_code == 404
    assert client.get("/api/v1/trends", params={"scope": "Planet:X"}).status_code == 422
    bad_metric = client.get("/api/v1/trends", params={"scope": "Grid:G1", "metric": "x"})
    assert bad_metric.status_code == 422


def test_diff_lists_additions_removals_and_reassignments(
    two_months: tuple[Runner, Path, Path], client: TestClient
) -> None:
    answer = client.get(
        "/api/v1/diff", params={"from": "2026-07", "to": "2", "scope": "Street:ST1"}
    )
    assert answer.status_code == 200
    found = answer.json()
    assert [(e["change"], e["label"], e["id"]) for e in found["entities"]] == [
        ("added", "Stairwell", "S5")
    ]
    fields = ("change", "type", "target", "source", "from_source", "to_source")
    links = {tuple(link[field] for field in fields) for link in found["links"]}
    assert links == {
        ("reassigned", "LIAISES_WITH", "S3", None, "P2", "P5"),
        ("added", "LIAISES_WITH", "S4", "P2", None, None),
        ("added", "LEADS_GRID", "G2", "P4", None, None),
    }
    figures = {f["metric"]: (f["before"], f["after"], f["change"]) for f in found["figures"]}
    assert figures["stairwell_coverage"] == (0.75, 0.8, 0.05)
    assert figures["leaderless_grids"] == (1, 0, -1)

    east = client.get("/api/v1/diff", params={"from": "1", "to": "2", "scope": "Community:C1"})
    assert east.json()["entities"] == [] and east.json()["links"] == []  # nothing changed in C1
    backwards = client.get("/api/v1/diff", params={"from": "2", "to": "1"}).json()
    assert [(e["change"], e["id"]) for e in backwards["entities"]] == [("removed", "S5")]

    zh = client.get(
        "/api/v1/diff", params={"from": "1", "to": "2", "format": "csv", "headers": "zh"}
    )
    assert zh.headers["content-type"] == "text/csv; charset=utf-8"
    lines = zh.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("变化,类别,对象类型,编号")
    assert any(
        line.startswith("调整,关系,党员联户,Stairwell:S3") and "P2,P5" in line for line in lines
    )
    assert client.get("/api/v1/diff", params={"from": "9"}).status_code == 404
    assert client.get("/api/v1/diff", params={"from": "last week"}).status_code == 422


def test_a_diff_says_where_what_is_gone_was_and_what_is_still_there(
    two_months: tuple[Runner, Path, Path], client: TestClient, tmp_path: Path
) -> None:
    """September (month three): P1 retires (S1 to P3, S2 to nobody), S4 goes, P6 takes S5.
    People are placed by the links they gained or lost; a place names the place it hung from."""
    rosters.import_third_month(two_months[0], tmp_path)
    found = client.get(
        "/api/v1/diff", params={"from": "2", "to": "3", "scope": "Street:ST1"}
    ).json()
    entities = {
        (e["change"], e["label"], e["id"], e["community"], e["parent"]) for e in found["entities"]
    }
    assert entities == {
        ("added", "Person", "P6", "C2", None),
        ("removed", "Person", "P1", "C1", None),
        ("removed", "Stairwell", "S4", "C2", "Building:B2"),
    }
    fields = ("change", "target", "source", "from_source", "to_source")
    assert {tuple(link[f] for f in fields) for link in found["links"]} == {
        ("reassigned", "S1", None, "P1", "P3"),
        ("removed", "S2", "P1", None, None),
        ("removed", "S4", "P2", None, None),
        ("added", "S5", "P6", None, None),
    }
    named = {"Person:P1", "Person:P2", "Person:P3", "Person:P6", "Building:B2"}
    named |= {f"Stairwell:S{i}" for i in (1, 2, 4, 5)}
    assert found["present"] == sorted(named - {"Person:P1", "Stairwell:S4"})
    # C1 lost P1 and P1's links; C2's changes (S4, P6) are not C1's.
    east = client.get("/api/v1/diff", params={"from": "2", "to": "3", "scope": "Community:C1"})
    assert [(e["change"], e["id"]) for e in east.json()["entities"]] == [("removed", "P1")]


def test_what_was_true_when(two_months: tuple[Runner, Path, Path], client: TestClient) -> None:
    def holders(at: str) -> list[str]:
        answer = client.get("/api/v1/history/Stairwell/S3", params={"at": at})
        assert answer.status_code == 200
        return [s["source"] for s in answer.json()["spans"] if s["kind"] == "LinkSpan"]

    assert holders("2026-07") == ["P2"]
    assert holders("2026-08-31") == ["P5"]
    everything = client.get("/api/v1/history/Stairwell/S3").json()["spans"]
    spans = {(s["source"], s["from_snapshot"], s["to_snapshot"]) for s in everything if s["source"]}
    assert spans == {("P2", 1, 2), ("P5", 2, None)}
    assert client.get("/api/v1/history/Stairwell/NOPE").status_code == 404


def test_an_applied_plan_is_a_snapshot(
    two_months: tuple[Runner, Path, Path], client: TestClient
) -> None:
    moved = client.post(
        "/api/v1/plans/rebalance/apply",
        json={
            "moves": [
                {"stairwell_key": "Stairwell:S2", "from_key": "Person:P1", "to_key": "Person:P3"}
            ]
        },
    )
    assert moved.status_code == 200
    latest = client.get("/api/v1/snapshots").json()[0]
    assert (latest["id"], latest["source"]) == (3, "plan")
    assert latest["changes"] == {"stairwell_liaisons": {"added": 1, "updated": 0, "removed": 1}}
    found = client.get("/api/v1/diff", params={"from": "2", "to": "3"}).json()
    assert [
        (link["change"], link["from_source"], link["to_source"]) for link in found["links"]
    ] == [("reassigned", "P1", "P3")]


def test_an_import_through_the_cli_is_seen_by_the_api_at_once(
    empty_db: Runner, settings: Settings, tmp_path: Path, analyst_headers: dict[str, str]
) -> None:
    """A relationship moved by another process keeps the graph's counts: the version stamp
    (not the counts) must drop the cached answer and the search index."""
    one = rosters.write(rosters.month_one(), tmp_path / "july")
    _import(empty_db, one, JULY)
    moved = rosters.month_one()
    moved["stairwell_liaisons"][1]["person_id"] = "P2"  # S2 from P1 to P2: same counts
    moved["stairwells"][3]["name"] = "西1幢新单元"  # a new name to search for
    folder = rosters.write(moved, tmp_path / "moved")
    cached = create_app(settings.model_copy(update={"result_cache_s": 300.0}))
    with TestClient(cached, headers=analyst_headers) as api:

        def loads() -> dict[str, int]:
            answer = api.get("/api/v1/analyses/liaison-load")
            return {row["person_id"]: row["stairwells"] for row in answer.json()["rows"]}

        assert loads() == {"P1": 2, "P2": 1}
        assert api.get("/api/v1/search", params={"q": "新单元"}).json()["results"] == []
        env = {
            **os.environ,
            "NEO4J_URI": settings.neo4j_uri,
            "NEO4J_PASSWORD": settings.neo4j_password,
            "NEO4J_DATABASE": settings.neo4j_database,
        }
        command = ["import", str(folder), "--as-of", "2026-08-31"]
        done = subprocess.run(
            [sys.executable, "-m", "graph_service.cli", *command],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "recorded snapshot 2" in done.stdout
        assert loads() == {"P1": 1, "P2": 2}
        found = api.get("/api/v1/search", params={"q": "新单元"}).json()["results"]
        assert [hit["id"] for hit in found] == ["S4"]


def test_unknown_origin_is_fine(empty_db: Runner, tmp_path: Path) -> None:
    """A roster given as parsed tables (no file) records a snapshot without a file or hash."""
    from graph_service.roster.files import read_roster

    raw = read_roster(rosters.write(rosters.month_one(), tmp_path / "july"))
    report = import_roster(empty_db, raw, origin=Origin())
    assert report.snapshot is not None and (report.snapshot.file, report.snapshot.sha256) == (
        None,
        None,
    )
