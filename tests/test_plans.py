"""What-if and the rebalance plan on the hand-built street; applying a plan writes it exactly."""

from __future__ import annotations

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from graph_service.algorithms.rebalance import rebalance
from graph_service.db.runner import Runner

PROBLEM = "application/problem+json"


def liaisons_of(client: TestClient, person_key: str) -> int:
    label, node_id = person_key.split(":")
    return int(client.get(f"/api/v1/nodes/{label}/{node_id}").json()["degree"]["LIAISES_WITH"])


def test_what_if_two_people_are_lost(client: TestClient, small_street: Runner) -> None:
    response = client.get("/api/v1/what-if", params={"remove": "Person:P1,Person:P3"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["removed"] == ["Person:P1", "Person:P3"]
    assert [s["key"] for s in body["stairwells"]] == [
        "Stairwell:S1",
        "Stairwell:S2",
        "Stairwell:S3",
    ]
    assert (body["uncovered_stairwells"], body["uncovered_households"]) == (3, 6)
    # Neither holds a building or checkpoint in wartime.
    assert (body["dark_buildings"], body["dark_checkpoints"], body["wartime_places"]) == (0, 0, [])


def test_what_if_a_department_is_lost_takes_its_staff(
    client: TestClient, small_street: Runner
) -> None:
    body = client.get("/api/v1/what-if", params={"remove": "Department:DP1,Person:P2"}).json()
    assert body["people_lost"] == 2  # P1 (of DP1) and P2
    assert [s["key"] for s in body["stairwells"]] == [
        "Stairwell:S2",
        "Stairwell:S3",
        "Stairwell:S4",
    ]
    assert body["uncovered_households"] == 7
    # DP1's P4 is the only person assigned to B1 and P5 the only head of B2: both go dark too.
    assert [(p["key"], p["grid_id"], p["community_id"]) for p in body["wartime_places"]] == [
        ("Building:B1", "G1", "CM1"),
        ("Building:B2", "G2", "CM1"),
    ]
    assert (body["dark_buildings"], body["dark_checkpoints"]) == (2, 0)


def test_what_if_a_wartime_holder_who_liaises_with_no_stairwell(
    client: TestClient, small_street: Runner
) -> None:
    # P6 liaises with no stairwell but is the only person at checkpoint K1 (community CM1).
    body = client.get("/api/v1/what-if", params={"remove": "Person:P6"}).json()
    assert (body["uncovered_stairwells"], body["dark_buildings"], body["dark_checkpoints"]) == (
        0,
        0,
        1,
    )
    assert body["wartime_places"] == [
        {
            "key": "Checkpoint:K1",
            "label": "Checkpoint",
            "name": "东苑卡点",
            "grid_id": None,
            "community_id": "CM1",
        }
    ]


def test_what_if_someone_who_covers_nothing_changes_nothing(
    client: TestClient, small_street: Runner
) -> None:
    body = client.get("/api/v1/what-if", params={"remove": "Person:P7,Department:DP3"}).json()
    assert body["removed"] == ["Person:P7", "Department:DP3"]
    assert (body["people_lost"], body["uncovered_stairwells"], body["stairwells"]) == (0, 0, [])
    assert (body["dark_buildings"], body["dark_checkpoints"], body["wartime_places"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("remove", "status"),
    [("Grid:G1", 422), ("nonsense", 422), ("", 422), ("Person:P99", 404)],
)
def test_what_if_refuses_what_it_cannot_remove(
    client: TestClient, small_street: Runner, remove: str, status: int
) -> None:
    response = client.get("/api/v1/what-if", params={"remove": remove})
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    if status == 422:
        assert response.json()["parameter"] == "remove"


def test_rebalance_plan_moves_the_excess_within_the_grid(
    client: TestClient, small_street: Runner
) -> None:
    # Limit 2: P1 holds S1, S2 (grid G1) and S3 (G2), one too many. In G1 P3 (1 stairwell)
    # has room but already has S1, so S2 goes to P3; nobody else liaises in G2.
    response = client.post("/api/v1/plans/rebalance", json={"scope": "grid", "stairwell_limit": 2})
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["moves"] == [
        {"stairwell_key": "Stairwell:S2", "from_key": "Person:P1", "to_key": "Person:P3"}
    ]
    assert plan["before"] == [
        {"person_key": "Person:P1", "load": 3},
        {"person_key": "Person:P3", "load": 1},
    ]
    assert plan["after"] == [
        {"person_key": "Person:P1", "load": 2},
        {"person_key": "Person:P3", "load": 2},
    ]
    assert (plan["unresolved"], plan["applied"]) == ([], False)
    assert liaisons_of(client, "Person:P1") == 3  # the plan wrote nothing


def test_rebalance_with_no_room_leaves_the_excess_unresolved(
    client: TestClient, small_street: Runner
) -> None:
    plan = client.post("/api/v1/plans/rebalance", json={"stairwell_limit": 1}).json()
    assert plan["moves"] == []
    assert plan["unresolved"] == [{"person_key": "Person:P1", "load": 3}]


def test_rebalance_is_listed_as_a_graph_analysis_giving_the_same_moves(
    client: TestClient, small_street: Runner
) -> None:
    body = client.get(
        "/api/v1/analyses/rebalance", params={"stairwell_limit": 2, "scope": "community"}
    ).json()
    assert [(r["stairwell_key"], r["from_key"], r["to_key"]) for r in body["rows"]] == [
        ("Stairwell:S2", "Person:P1", "Person:P3")
    ]


def test_applying_a_plan_moves_the_liaison_and_a_stale_plan_writes_nothing(
    client: TestClient, small_street: Runner
) -> None:
    moves = [{"stairwell_key": "Stairwell:S2", "from_key": "Person:P1", "to_key": "Person:P3"}]
    response = client.post("/api/v1/plans/rebalance/apply", json={"moves": moves})
    assert response.status_code == 200, response.text
    assert response.json()["applied"] is True
    [snapshot, *_] = client.get("/api/v1/snapshots").json()
    assert (snapshot["source"], snapshot["account"]) == ("plan", "analyst")  # who applied it
    s2 = client.get("/api/v1/nodes/Stairwell/S2/neighborhood").json()
    assert [
        (edge["source"], edge["attributes"]["role"])
        for edge in s2["edges"]
        if edge["attributes"]["type"] == "LIAISES_WITH"
    ] == [("Person:P3", "red_steward")]
    assert (liaisons_of(client, "Person:P1"), liaisons_of(client, "Person:P3")) == (2, 2)
    again = client.post(
        "/api/v1/plans/rebalance/apply",
        json={
            "moves": [
                *moves,
                {"stairwell_key": "Stairwell:S3", "from_key": "Person:P1", "to_key": "Person:P2"},
            ]
        },
    )
    assert again.status_code == 422
    assert again.json()["parameter"] == "moves"
    assert "moves[0]" in again.json()["detail"]
    assert liaisons_of(client, "Person:P1") == 2  # the valid S3 move was not made either


def test_rebalance_uses_the_fewest_moves_and_evens_out_loads() -> None:
    # One member with 7 stairwells, four with 1, all in one grid, limit 3: 4 moves are needed,
    # and the convex cost spreads them one to each of the four rather than two to two.
    graph = nx.Graph()
    for number in range(11):
        graph.add_node(f"S{number}", label="Stairwell", grid_id="G", community_id="C")
    graph.add_nodes_from(["Big", "R1", "R2", "R3", "R4"], label="Person")
    graph.add_edges_from(("Big", f"S{number}") for number in range(7))
    graph.add_edges_from((f"R{number}", f"S{6 + number}") for number in range(1, 5))
    plan = rebalance(graph, stairwell_limit=3)
    assert len(plan.moves) == 4
    assert plan.after == {"Big": 3, "R1": 2, "R2": 2, "R3": 2, "R4": 2}
    assert all(move.giver == "Big" for move in plan.moves)


def test_rebalance_refuses_a_limit_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        rebalance(nx.Graph(), stairwell_limit=0)
