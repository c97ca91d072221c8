"""The explorer's graph slices (/api/v1/graph/…) on a small hand-built network.

Expected numbers are counted by hand from tests/fixtures/explorer-small.cypher:
G1 holds W1, W2, W3 (W1 and W3 have a liaison; 2 + 1 + 3 households), G2 holds W4, W5
(W4 has a liaison; 1 + 1 households), G3 holds nothing; W9 is PART_OF nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from graph_service.db.runner import Runner


def nodes_by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["key"]: node["attributes"] for node in body["nodes"]}


def edge_pairs(body: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["attributes"]["type"], e["target"]) for e in body["edges"]}


def test_overview_is_street_communities_grids_with_coverage(
    client: TestClient, explorer_db: Runner
) -> None:
    response = client.get("/api/v1/graph/overview")
    assert response.status_code == 200
    nodes = nodes_by_key(response.json())
    assert set(nodes) == {
        "Street:ST1",
        "Community:C1",
        "Community:C2",
        "Grid:G1",
        "Grid:G2",
        "Grid:G3",
    }
    g1, g2, g3 = nodes["Grid:G1"], nodes["Grid:G2"], nodes["Grid:G3"]
    assert (g1["stairwells"], g1["covered_stairwells"], g1["households"]) == (3, 2, 6)
    assert (g1["covered_households"], g1["grid_leaders"], g1["colour"]) == (5, 1, "red")
    assert (g2["stairwells"], g2["covered_stairwells"], g2["households"]) == (2, 1, 2)
    assert (g3["stairwells"], g3["households"], g3["kind"]) == (0, 0, "dedicated")
    c1 = nodes["Community:C1"]
    assert (c1["stairwells"], c1["covered_stairwells"], c1["households"], c1["grids"]) == (
        5,
        3,
        8,
        2,
    )
    assert nodes["Community:C2"]["stairwells"] == 0
    assert nodes["Street:ST1"]["covered_households"] == 6
    assert nodes["Grid:G1"]["label"] == "Grid" and nodes["Grid:G1"]["name"] == "百灵一网格"
    assert edge_pairs(response.json()) == {
        ("Community:C1", "PART_OF", "Street:ST1"),
        ("Community:C2", "PART_OF", "Street:ST1"),
        ("Grid:G1", "PART_OF", "Community:C1"),
        ("Grid:G2", "PART_OF", "Community:C1"),
        ("Grid:G3", "PART_OF", "Community:C2"),
    }


def test_children_of_a_building_are_its_stairwells(client: TestClient, explorer_db: Runner) -> None:
    body = client.get("/api/v1/graph/children/Building/B1").json()
    nodes = nodes_by_key(body)
    assert set(nodes) == {"Stairwell:W1", "Stairwell:W2"}
    assert nodes["Stairwell:W1"]["covered"] is True and nodes["Stairwell:W1"]["households"] == 2
    assert nodes["Stairwell:W2"]["covered"] is False and nodes["Stairwell:W2"]["liaisons"] == 0
    assert edge_pairs(body) == {
        ("Stairwell:W1", "PART_OF", "Building:B1"),
        ("Stairwell:W2", "PART_OF", "Building:B1"),
    }


def test_children_of_a_stairwell_are_households_and_liaisons(
    client: TestClient, explorer_db: Runner
) -> None:
    body = client.get("/api/v1/graph/children/Stairwell/W3").json()
    nodes = nodes_by_key(body)
    assert set(nodes) == {"Household:H4", "Household:H5", "Household:H6", "Person:P1"}
    assert nodes["Person:P1"]["stairwells_held"] == 2
    assert "phone" not in nodes["Household:H4"] and "head_name" not in nodes["Household:H4"]
    liaison = next(e for e in body["edges"] if e["source"] == "Person:P1")
    assert liaison["attributes"] == {"type": "LIAISES_WITH", "role": "stairwell_head"}


def test_children_of_grid_and_community(client: TestClient, explorer_db: Runner) -> None:
    grid = nodes_by_key(client.get("/api/v1/graph/children/Grid/G1").json())
    assert set(grid) == {"Building:B1", "Building:B2"}
    assert (grid["Building:B1"]["stairwells"], grid["Building:B1"]["covered_stairwells"]) == (2, 1)
    community = nodes_by_key(client.get("/api/v1/graph/children/Community/C2").json())
    assert set(community) == {"Grid:G3"}


def test_children_refuses_a_label_off_the_allow_list(
    client: TestClient, explorer_db: Runner
) -> None:
    response = client.get("/api/v1/graph/children/Person/P1")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == "label"


def test_chains_bring_places_with_their_parts_up_to_the_community(
    client: TestClient, explorer_db: Runner
) -> None:
    response = client.post("/api/v1/graph/chains", json={"keys": ["Stairwell:W2", "Stairwell:W5"]})
    assert response.status_code == 200
    body = response.json()
    assert edge_pairs(body) == {
        ("Stairwell:W2", "PART_OF", "Building:B1"),
        ("Building:B1", "PART_OF", "Grid:G1"),
        ("Grid:G1", "PART_OF", "Community:C1"),
        ("Stairwell:W5", "PART_OF", "Building:B3"),
        ("Building:B3", "PART_OF", "Grid:G2"),
        ("Grid:G2", "PART_OF", "Community:C1"),
    }
    assert nodes_by_key(body)["Stairwell:W5"]["covered"] is False


def test_a_household_chain_reaches_its_community_with_the_grid_leaders(
    client: TestClient, explorer_db: Runner
) -> None:
    # H3 is four steps below its community: W2, B1, G1 (led by 测试网格长 alone), C1.
    body = client.post("/api/v1/graph/chains", json={"keys": ["Household:H3", "Community:C2"]})
    assert body.status_code == 200
    assert edge_pairs(body.json()) == {
        ("Household:H3", "PART_OF", "Stairwell:W2"),
        ("Stairwell:W2", "PART_OF", "Building:B1"),
        ("Building:B1", "PART_OF", "Grid:G1"),
        ("Grid:G1", "PART_OF", "Community:C1"),
    }
    nodes = nodes_by_key(body.json())
    assert nodes["Grid:G1"]["grid_heads"] == ["测试网格长"]
    assert nodes["Grid:G1"]["party_group_leaders"] == []
    assert nodes["Community:C2"]["name"] == "航埠社区"  # a community is its own chain


def test_chains_name_the_keys_that_do_not_exist(client: TestClient, explorer_db: Runner) -> None:
    response = client.post(
        "/api/v1/graph/chains", json={"keys": ["Stairwell:W1", "Stairwell:NOPE"]}
    )
    assert response.status_code == 404
    assert response.json()["keys"] == ["Stairwell:NOPE"]
    bad = client.post("/api/v1/graph/chains", json={"keys": ["Person:P1"]})
    assert bad.status_code == 422 and bad.json()["parameter"] == "keys"


def test_a_place_with_a_broken_chain_still_comes_back(
    client: TestClient, explorer_db: Runner
) -> None:
    body = client.post("/api/v1/graph/chains", json={"keys": ["Stairwell:W9"]}).json()
    assert set(nodes_by_key(body)) == {"Stairwell:W9"}
    assert body["edges"] == []


def test_subtree_of_a_community_reaches_its_stairwells_and_liaisons(
    client: TestClient, explorer_db: Runner
) -> None:
    body = client.get("/api/v1/graph/subtree/Community/C1", params={"liaisons": "true"}).json()
    nodes = nodes_by_key(body)
    places = {"Grid:G1", "Grid:G2", "Building:B1", "Building:B2", "Building:B3"}
    stairwells = {f"Stairwell:W{i}" for i in range(1, 6)}
    assert set(nodes) == places | stairwells | {"Person:P1", "Person:P2"}
    assert (nodes["Grid:G2"]["stairwells"], nodes["Grid:G2"]["covered_stairwells"]) == (2, 1)
    assert nodes["Grid:G1"]["colour"] == "red"
    assert nodes["Stairwell:W5"]["covered"] is False
    assert (nodes["Building:B2"]["households"], nodes["Stairwell:W3"]["households"]) == (3, 3)
    pairs = edge_pairs(body)
    assert ("Grid:G1", "PART_OF", "Community:C1") in pairs
    assert ("Stairwell:W5", "PART_OF", "Building:B3") in pairs
    assert ("Person:P1", "LIAISES_WITH", "Stairwell:W3") in pairs
    assert len(pairs) == 5 + 5 + 3  # one PART_OF per place below C1, three liaisons

    without = nodes_by_key(client.get("/api/v1/graph/subtree/Grid/G2").json())
    assert set(without) == {"Building:B3", "Stairwell:W4", "Stairwell:W5"}


def test_subtree_refuses_households_and_people(client: TestClient, explorer_db: Runner) -> None:
    assert client.get("/api/v1/graph/subtree/Stairwell/W1").status_code == 422


def test_liaison_load_lists_every_liaison_against_the_limit(
    client: TestClient, explorer_db: Runner
) -> None:
    # P1 looks after W1 (2 households) and W3 (3), P2 after W4 (1); P3 leads a grid only.
    body = client.get("/api/v1/analyses/liaison-load", params={"stairwell_limit": 1}).json()
    rows = [
        (r["node_key"], r["stairwells"], r["households"], r["over_limit"]) for r in body["rows"]
    ]
    assert rows == [("Person:P1", 2, 5, True), ("Person:P2", 1, 1, False)]
    assert body["parameters"]["stairwell_limit"] == 1
