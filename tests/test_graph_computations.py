"""Graph computations: pure functions on hand-made graphs, and served on the hand-built street."""

from __future__ import annotations

import doctest
from typing import Any

import networkx as nx
import pytest
from answers import rows
from conftest import load_fixture
from fastapi.testclient import TestClient

from graph_service.algorithms import brokers, collaboration, coverage_risk, rebalance
from graph_service.algorithms.brokers import betweenness
from graph_service.db.runner import Runner


@pytest.mark.parametrize("module", [brokers, collaboration, coverage_risk, rebalance])
def test_the_docstring_examples_hold(module: Any) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


def test_graph_computations_are_listed_with_kind_graph(client: TestClient) -> None:
    listed = {a["name"]: a for a in client.get("/api/v1/analyses").json()["analyses"]}
    for name in ("brokers", "single-points-of-failure", "collaboration-clusters", "rebalance"):
        assert listed[name]["kind"] == "graph"
    assert [p["name"] for p in listed["brokers"]["parameters"]] == ["top", "kind"]


# The person–organisation network of tests/fixtures/small-street.cypher, written out by hand
# from its CREATE clauses (households left out, as the projection does).
SMALL_STREET_ORGANISATION = [
    ("Person:P1", "Department:DP1"), ("Person:P4", "Department:DP1"),
    ("Person:P5", "Department:DP1"), ("Person:P6", "Department:DP2"),
    ("Person:P1", "PartyBranch:OB1"), ("Person:P3", "PartyBranch:CB1"),
    ("Unit:U1", "JointCommittee:J1"), ("Person:P3", "VolunteerTeam:V1"),
    ("Person:P4", "Community:CM1"), ("Person:P5", "Community:CM2"),
    ("Person:P4", "Grid:G1"), ("Person:P4", "Grid:G2"), ("Person:P5", "Grid:G1"),
    ("Person:P5", "Grid:G3"), ("Person:P5", "Grid:G4"), ("Person:P4", "Post:PO1"),
    ("Department:DP1", "ServiceTeam:T1"), ("Department:DP2", "ServiceTeam:T1"),
    ("ServiceTeam:T1", "Community:CM1"), ("ServiceTeam:T1", "Community:CM2"),
    ("PartyBranch:OB1", "Department:DP1"), ("PartyBranch:OB2", "Department:DP3"),
    ("PartyBranch:OB1", "Community:CM1"), ("PartyBranch:OB2", "Community:CM3"),
    ("Unit:U1", "Community:CM1"), ("Unit:U2", "Community:CM2"), ("Unit:U2", "Unit:U1"),
    ("Post:PO1", "Module:M1"), ("PropertyCompany:PC1", "Community:CM1"),
    ("Person:P7", "PartyBranch:OB2"), ("ServiceTeam:T2", "Community:CM3"),
    ("Person:P4", "JointCommittee:J1"),
]  # fmt: skip


def test_brokers_on_the_small_street(client: TestClient, small_street: Runner) -> None:
    expected = nx.betweenness_centrality(nx.Graph(SMALL_STREET_ORGANISATION), normalized=True)
    found = rows(client, "brokers")
    # P1 links DP1 and OB1, which are linked anyway; P6 and P7 hang off the edge and P2 is in
    # no organisation: 0, not listed.
    people = sorted(
        (key for key in expected if key.startswith("Person:") and expected[key] > 0),
        key=lambda key: (-expected[key], key),
    )
    assert [row["node_key"] for row in found] == people
    assert set(people) == {"Person:P4", "Person:P5", "Person:P3"}
    for row in found:
        assert row["betweenness"] == pytest.approx(expected[row["node_key"]], abs=1e-6)
    cut_off = {row["node_key"]: row["cut_off_if_removed"] for row in found}
    # Without P4, grid G2, post PO1 and module M1 are cut off; without P5 grids G3 and G4;
    # without P3 its branch CB1 and volunteer team V1 fall apart (one of them is cut off).
    assert cut_off == {"Person:P4": 3, "Person:P5": 2, "Person:P3": 1}
    assert "Grid" in found[0]["why"]
    assert [row["node_key"] for row in rows(client, "brokers", top=1)] == people[:1]


def test_igraph_and_networkx_betweenness_agree() -> None:
    graph = nx.Graph(SMALL_STREET_ORGANISATION)
    fast, slow = betweenness(graph, "igraph"), betweenness(graph, "networkx")
    assert fast.keys() == slow.keys()
    for node in graph:
        assert fast[node] == pytest.approx(slow[node], abs=1e-12)


def test_single_points_of_failure_on_the_small_street(
    client: TestClient, small_street: Runner
) -> None:
    found = rows(client, "single-points-of-failure")
    columns = ("node_key", "people_lost", "uncovered_stairwells", "uncovered_households")
    # P2 alone holds S4 (4 households); P1 alone holds S2 and S3 (2 + 1), S1 is shared with
    # P3; losing DP1 loses its staff P1 (P4 and P5 liaise with nothing). Ties by key.
    assert [tuple(row[c] for c in columns) for row in found] == [
        ("Person:P2", 1, 1, 4),
        ("Department:DP1", 1, 2, 3),
        ("Person:P1", 1, 2, 3),
    ]
    assert found[1]["stairwell_keys"] == ["Stairwell:S2", "Stairwell:S3"]
    only_departments = rows(client, "single-points-of-failure", kind="department")
    assert [row["node_key"] for row in only_departments] == ["Department:DP1"]


def test_collaboration_clusters_against_formal_communities(
    client: TestClient, empty_db: Runner
) -> None:
    load_fixture(empty_db, "collaboration")
    found = rows(client, "collaboration-clusters")
    assert [row["member_keys"] for row in found] == [
        ["Person:A1", "Person:A2", "Person:A3", "Person:O1"],
        ["Person:B1", "Person:B2", "Person:B3", "Person:C1"],
    ]
    # O1 belongs to CM1 through its organ branch's pairing, C1 to CM2 through its department's
    # service team; B3 leads CM1 but works with the Bs.
    assert [
        (row["dominant_community_id"], row["dominant_share"], row["formal_communities"])
        for row in found
    ] == [("CM1", 1.0, 1), ("CM2", 0.75, 2)]
    assert [row["shared_attendances"] for row in found] == [12, 12]  # 6 pairs x 2 events
    # NMI of clusters {A, O1}, {B, C1} with CM1 = {A1, A2, A3, O1, B3}, CM2 = {B1, B2, C1}, by
    # hand: I = 0.5 ln 1.6 + 0.375 ln 2 + 0.125 ln 0.4 = 0.380396; H = ln 2 and 0.661563.
    assert found[0]["nmi_with_formal"] == pytest.approx(
        0.380396 / ((0.693147 + 0.661563) / 2), abs=1e-4
    )


def test_nmi_is_one_for_the_same_partition_and_zero_for_independent_ones() -> None:
    same = collaboration.normalised_mutual_information(
        {"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"}
    )
    assert same == 1.0
    independent = collaboration.normalised_mutual_information(
        {"a": 1, "b": 1, "c": 2, "d": 2}, {"a": "x", "b": "y", "c": "x", "d": "y"}
    )
    assert independent == pytest.approx(0.0, abs=1e-12)
