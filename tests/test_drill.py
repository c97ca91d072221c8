"""The wartime drill on the hand-built street of tests/fixtures/drill-street.cypher.

Every expected answer below is worked out by hand from the fixture's header comment.
"""

from __future__ import annotations

import io

import pytest
from conftest import load_fixture
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from graph_service.db.runner import Runner

PROBLEM = "application/problem+json"


@pytest.fixture
def drill_street(empty_db: Runner) -> Runner:
    load_fixture(empty_db, "drill-street")
    return empty_db


def drill(client: TestClient, **params: str | int) -> dict:
    response = client.get("/api/v1/drill", params=params)
    assert response.status_code == 200, response.text
    body: dict = response.json()
    return body


def test_recalling_two_departments_darkens_exactly_the_places_they_alone_hold(
    client: TestClient, drill_street: Runner
) -> None:
    # Out: PX (D1, though also in D3), PA (D1), PB and PD (D2). Dark: S1 (PX alone), S4 (PB),
    # S5 (PD); B2 (PA), B3 (PB); K1 (PA), K2 (PD). B1 survives: PC (D3 only) holds it too;
    # B4 has its building head; S2, S3, S6 keep their liaisons.
    body = drill(client, recall="Department:D1,Department:D2")
    assert [d["id"] for d in body["recalled"]] == ["D1", "D2"]
    assert body["people_out"] == 4
    assert sorted(p["key"] for p in body["places"]) == [
        "Building:B2", "Building:B3", "Checkpoint:K1", "Checkpoint:K2",
        "Stairwell:S1", "Stairwell:S4", "Stairwell:S5",
    ]  # fmt: skip
    # Households behind: S1 10 + B2 (S3) 8 + B3 (S4 20, S6 50) 70 + S5 6; S4 is inside the
    # dark B3, so its 20 count once.
    assert body["dark"] == {"stairwells": 3, "buildings": 2, "checkpoints": 2, "households": 94}
    areas = {(a["community_id"], a["grid_id"]): a for a in body["areas"]}
    assert {k: (a["stairwells"], a["buildings"], a["checkpoints"], a["households"])
            for k, a in areas.items()} == {
        ("C1", "G1"): (1, 1, 0, 18),
        ("C1", "G2"): (1, 1, 0, 70),
        ("C1", None): (0, 0, 1, 0),
        ("C2", "G3"): (1, 0, 0, 6),
        ("C2", None): (0, 0, 1, 0),
    }  # fmt: skip
    lost = {p["key"]: p["lost"] for p in body["places"]}
    assert lost["Stairwell:S1"] == ["Person:PX"] and lost["Building:B3"] == ["Person:PB"]


def test_the_cover_is_nearest_first_and_respects_capacity(
    client: TestClient, drill_street: Runner
) -> None:
    # One wartime place per person: PC (B1) and PH4 (head of B4) are full already.
    # S1: PM1 lives in it (stairwell) beats PL1/PM2 (building); PM6 lives there too but
    #     50 + 10 households would pass 54.
    # S4: no one of B3 has room (PM6 holds 50), PG leads its grid G2 (grid).
    # S5: PH4 heads its building B4 (building; stairwells do not count against wartime places).
    # B2: PL2 (liaises S3 in B2) and PM3 (lives in S3) are both at the building; equal loads,
    #     so the lower key, PL2.
    # B3: PM6 liaises S6 in B3 (building).
    # K1: only community-level people; the least loaded with the lowest key left is PG.
    # K2: C2's only person left, PH4, is full: uncovered.
    body = drill(client, recall="Department:D1,Department:D2", wartime_places=1)
    assert {(a["place_key"], a["person_key"], a["nearness"]) for a in body["cover"]} == {
        ("Stairwell:S1", "Person:PM1", "stairwell"),
        ("Stairwell:S4", "Person:PG", "grid"),
        ("Stairwell:S5", "Person:PH4", "building"),
        ("Building:B2", "Person:PL2", "building"),
        ("Building:B3", "Person:PM6", "building"),
        ("Checkpoint:K1", "Person:PG", "community"),
    }
    assert [(u["place_key"], u["reason"]) for u in body["uncovered"]] == [
        ("Checkpoint:K2", "all_full")
    ]
    # With the default capacity (4 wartime places) PH4 has room for K2 as well.
    wider = drill(client, recall="Department:D1,Department:D2")
    assert ("Checkpoint:K2", "Person:PH4") in {
        (a["place_key"], a["person_key"]) for a in wider["cover"]
    }
    assert wider["uncovered"] == []
    first = next(a for a in body["cover"] if a["person_key"] == "Person:PM1")
    assert first["phone"] == "138****5678"


def test_the_departments_a_drill_can_recall(client: TestClient, drill_street: Runner) -> None:
    body = client.get("/api/v1/drill/departments").json()
    assert [(d["key"], d["level"], d["staff"]) for d in body] == [
        ("Department:D1", "city", 2),
        ("Department:D4", "city", 1),
        ("Department:D2", "district", 2),
        ("Department:D3", "district", 2),
    ]


def test_all_city_level_departments_and_people_by_name(
    client: TestClient, drill_street: Runner
) -> None:
    # City-level: D1 (PX, PA) and D4 (PE, who holds nothing). Dark: S1, B2, K1.
    body = drill(client, recall="city")
    assert [d["id"] for d in body["recalled"]] == ["D1", "D4"]
    assert sorted(p["key"] for p in body["places"]) == [
        "Building:B2",
        "Checkpoint:K1",
        "Stairwell:S1",
    ]
    # Taking PL1 out by name darkens S2 only.
    alone = drill(client, remove="Person:PL1")
    assert [p["key"] for p in alone["places"]] == ["Stairwell:S2"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"recall": "Department:D9"}, 404),
        ({"remove": "Person:NOPE"}, 404),
        ({"recall": "Grid:G1"}, 422),
        ({"recall": "nonsense"}, 422),
        ({}, 422),
        ({"recall": "city", "wartime_places": 0}, 422),
    ],
)
def test_the_drill_refuses_what_it_cannot_do(
    client: TestClient, drill_street: Runner, params: dict, status: int
) -> None:
    response = client.get("/api/v1/drill", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM


def test_the_assignment_table_exports_as_excel(client: TestClient, drill_street: Runner) -> None:
    response = client.get(
        "/api/v1/drill",
        params={"recall": "Department:D1,Department:D2", "wartime_places": 1, "format": "xlsx"},
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["包干表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("社区", "网格", "类型", "地点")
    by_place = {row[4]: row for row in rows[1:]}
    assert set(by_place) == {
        "Building:B2", "Building:B3", "Checkpoint:K1", "Checkpoint:K2",
        "Stairwell:S1", "Stairwell:S4", "Stairwell:S5",
    }  # fmt: skip
    s1 = by_place["Stairwell:S1"]
    assert (s1[6], s1[7], s1[8], s1[9]) == ("任九", "138****5678", "居住党员", "同楼道")
    assert by_place["Checkpoint:K2"][6] is None and "满负荷" in by_place["Checkpoint:K2"][10]
    assert "断联统计" in book.sheetnames
    # The table of people leaving the service is recorded as an export, a drill read as a plan.
    trail = client.app.state.audit  # type: ignore[attr-defined]
    trail.flush()
    _, [exported] = trail.records(limit=1)
    assert (exported["action"], exported["endpoint"]) == ("export", "GET /api/v1/drill")
    drill(client, recall="city")
    trail.flush()
    _, [read] = trail.records(limit=1)
    assert (read["action"], read["endpoint"]) == ("plan", "GET /api/v1/drill")


def test_nothing_is_written_until_applied_and_a_stale_cover_writes_nothing(
    client: TestClient, drill_street: Runner
) -> None:
    recall = ["Department:D1", "Department:D2"]
    body = drill(client, recall=",".join(recall), wartime_places=1)
    again = drill(client, recall=",".join(recall), wartime_places=1)
    assert again["places"] == body["places"]  # the drill wrote nothing
    accepted = [{"place_key": a["place_key"], "person_key": a["person_key"]} for a in body["cover"]]
    # A stale assignment (PL1 holds S2, which is not dark) makes the whole apply fail.
    stale = [*accepted, {"place_key": "Stairwell:S2", "person_key": "Person:PM2"}]
    refused = client.post("/api/v1/drill/apply", json={"recall": recall, "assignments": stale})
    assert refused.status_code == 422
    assert "not_dark" in refused.json()["detail"]
    assert drill(client, recall=",".join(recall), wartime_places=1)["places"] == body["places"]
    assert client.get("/api/v1/snapshots").json() == []  # nor any history
    applied = client.post("/api/v1/drill/apply", json={"recall": recall, "assignments": accepted})
    assert applied.status_code == 200, applied.text
    # Recorded like a rebalance plan: S1, S4, S5 gain a liaison; B2, B3, K1 a wartime person.
    [snapshot] = client.get("/api/v1/snapshots").json()
    assert (snapshot["source"], snapshot["file"]) == ("plan", "drill")
    assert snapshot["changes"] == {
        "stairwell_liaisons": {"added": 3, "updated": 0, "removed": 0},
        "wartime_assignments": {"added": 3, "updated": 0, "removed": 0},
    }
    after = drill(client, recall=",".join(recall), wartime_places=1)
    assert [p["key"] for p in after["places"]] == ["Checkpoint:K2"]  # the rest are covered
    node = client.get("/api/v1/nodes/Stairwell/S1").json()
    assert node["degree"]["LIAISES_WITH"] == 2  # PX (recalled, kept) and PM1


@pytest.mark.sample
def test_on_the_sample_a_recall_darkens_what_the_wartime_and_what_if_analyses_say(
    client: TestClient, sample_db: Runner
) -> None:
    # A second method: for one department, the dark buildings and checkpoints are the places
    # wartime-dependence says depend on it alone (the sample's cadres work in one department
    # each), and the dark stairwells are what-if's.
    dependence = client.get("/api/v1/analyses/wartime-dependence", params={"limit": 100}).json()[
        "rows"
    ]
    for row in dependence[:3]:
        department = row["node_key"]
        body = drill(client, recall=department)
        places = {p["key"] for p in body["places"]}
        stairwells = client.get("/api/v1/what-if", params={"remove": department}).json()
        expected = set(row["place_keys"]) | {s["key"] for s in stairwells["stairwells"]}
        assert places == expected, department
        covered = {a["place_key"] for a in body["cover"]} | {
            u["place_key"] for u in body["uncovered"]
        }
        assert covered == places  # every dark place is either covered or explained
