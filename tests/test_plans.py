"""What-if and the rebalance plan on the hand-built street; applying a plan writes it exactly."""

from __future__ import annotations

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from graph_service.algorithms.rebalance import Load, rebalance
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
    # Households: S1 3, S2 2, S3 1; P1 holds 3 + 2 + 1 = 6, P3 holds S1's 3.
    assert plan["before"] == [
        {"person_key": "Person:P1", "load": 3, "households": 6},
        {"person_key": "Person:P3", "load": 1, "households": 3},
    ]
    assert plan["after"] == [
        {"person_key": "Person:P1", "load": 2, "households": 4},
        {"person_key": "Person:P3", "load": 2, "households": 5},
    ]
    assert (plan["unresolved"], plan["applied"]) == ([], False)
    assert liaisons_of(client, "Person:P1") == 3  # the plan wrote nothing


def test_rebalance_with_no_room_leaves_the_excess_unresolved(
    client: TestClient, small_street: Runner
) -> None:
    plan = client.post("/api/v1/plans/rebalance", json={"stairwell_limit": 1}).json()
    assert plan["moves"] == []
    assert plan["unresolved"] == [
        {
            "person_key": "Person:P1",
            "load": 3,
            "households": 6,
            "reason": "no_room",
            "detail": "no member liaising in the same grid has room under both limits",
        }
    ]


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
    assert {person: load.stairwells for person, load in plan.after.items()} == {
        "Big": 3, "R1": 2, "R2": 2, "R3": 2, "R4": 2
    }  # fmt: skip
    assert all(move.giver == "Big" for move in plan.moves)


def test_rebalance_refuses_a_limit_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        rebalance(nx.Graph(), stairwell_limit=0)
    with pytest.raises(ValueError, match="at least 1"):
        rebalance(nx.Graph(), stairwell_limit=3, household_limit=0)


def household_street() -> nx.Graph:
    """One grid G1 (community C1) and one grid G2, worked by hand below.

    P1: S1 30, S2 26, S3 22 = 3 stairwells, 78 households: within the stairwell limit (3) but
        over the household limit (54) by 24.
    P2: S4 20 (room: 2 stairwells, 34 households). P3: S5 40 (room: 14 households).
    P4: S6 60: one stairwell over the household limit by itself.
    P5: S7..S10, 4 x 5 = 20 households in grid G2, where no one else liaises.
    """
    graph = nx.Graph()
    sizes = {"S1": 30, "S2": 26, "S3": 22, "S4": 20, "S5": 40, "S6": 60}
    sizes |= {f"S{n}": 5 for n in range(7, 11)}
    for stairwell, households in sizes.items():
        grid = "G2" if int(stairwell[1:]) >= 7 else "G1"
        graph.add_node(
            stairwell, label="Stairwell", households=households, grid_id=grid, community_id="C1"
        )
    graph.add_nodes_from(["P1", "P2", "P3", "P4", "P5"], label="Person")
    graph.add_edges_from([("P1", "S1"), ("P1", "S2"), ("P1", "S3"), ("P2", "S4"), ("P3", "S5")])
    graph.add_edges_from([("P4", "S6")] + [("P5", f"S{n}") for n in range(7, 11)])
    return graph


def test_rebalance_relieves_a_member_overloaded_by_households() -> None:
    # P1 must shed >= 24 households: one stairwell of S1 (30) or S2 (26) is enough; the
    # largest, S1, comes first. Only P2 can take 30 (20 + 30 = 50 <= 54; P3: 40 + 30 > 54;
    # P4 is over a limit itself). P1 ends with 2 stairwells, 48 households.
    plan = rebalance(household_street(), stairwell_limit=3, household_limit=54)
    assert [(m.stairwell, m.giver, m.receiver) for m in plan.moves] == [("S1", "P1", "P2")]
    assert plan.before["P1"] == Load(3, 78) and plan.after["P1"] == Load(2, 48)
    assert plan.after["P2"] == Load(2, 50)
    # P4's one stairwell is too big for anyone; P5 (4 stairwells) has no neighbour in G2.
    assert {person: why.reason for person, why in plan.unresolved.items()} == {
        "P4": "single_stairwell",
        "P5": "no_room",
    }
    assert plan.unresolved["P4"].load == Load(1, 60)
    assert "S6 alone holds 60 households" in plan.unresolved["P4"].detail


def test_rebalance_without_a_household_limit_leaves_household_loads_alone() -> None:
    plan = rebalance(household_street(), stairwell_limit=3)
    assert plan.moves == ()  # P1 and P4 are within 3 stairwells; P5 has no room nearby
    assert list(plan.unresolved) == ["P5"]


def test_rebalance_in_community_scope_reaches_the_other_grid() -> None:
    # Community scope: P5 (G2) must shed one 5-household stairwell and may now reach C1's
    # members in G1. P2 can take one stairwell per round: S1 (30) for P1 or a 5 for P5;
    # P3 (40) can take only a 5 (a 22+ would pass 54). The flow absorbs both: P2 takes S1,
    # P3 takes P5's first by size then id, S10 ("S10" < "S7").
    plan = rebalance(household_street(), stairwell_limit=3, scope="community", household_limit=54)
    assert [(m.stairwell, m.giver, m.receiver) for m in plan.moves] == [
        ("S1", "P1", "P2"),
        ("S10", "P5", "P3"),
    ]
    assert (plan.after["P3"], plan.after["P5"]) == (Load(2, 45), Load(3, 15))
    assert list(plan.unresolved) == ["P4"]


@pytest.mark.sample
def test_on_the_sample_the_plan_relieves_every_planted_overloaded_member(
    client: TestClient, sample_db: Runner, planted: dict
) -> None:
    # The sample plants 2 members over the stairwell limit and 2 over the household limit
    # only (3 stairwells, more than 54 households). Each has neighbours in their grid with
    # room under both limits (every other member holds 1-2 stairwells, at most 50 households),
    # so the plan with the default limits must bring all four within both.
    plan = client.post("/api/v1/plans/rebalance", json={}).json()
    flagged = {f"Person:{p['person_id']}" for p in planted["overloaded_liaisons"]}
    after = {row["person_key"]: row for row in plan["after"]}
    assert flagged <= set(after)
    assert all(after[p]["load"] <= 3 and after[p]["households"] <= 54 for p in flagged)
    assert plan["unresolved"] == []
    assert all(row["load"] <= 3 and row["households"] <= 54 for row in plan["after"])
