"""Graph computations per territory: the split, brokers per territory on a hand-built graph of
two streets joined by a department, and where per-territory clusters differ from the whole."""

from __future__ import annotations

import doctest

import networkx as nx
import pytest
from answers import rows
from conftest import load_fixture
from fastapi.testclient import TestClient

from graph_service.algorithms import parts
from graph_service.algorithms.brokers import betweenness
from graph_service.algorithms.collaboration import collaboration_clusters
from graph_service.analyses import projections, territories
from graph_service.db.runner import Runner


def test_the_docstring_examples_hold() -> None:
    for module in (parts, territories):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module


def test_two_streets_joined_by_a_department_are_one_territory_and_brokers_are_exact(
    client: TestClient, empty_db: Runner
) -> None:
    load_fixture(empty_db, "two-streets")
    graph = projections.person_organisation(empty_db, "test")
    places = territories.place_streets(empty_db, "test")
    assert places == {
        "Community:CA": "ST1", "Grid:GA": "ST1", "Community:CB": "ST2",
        "Community:CC": "ST3", "Grid:GC": "ST3",
    }  # fmt: skip
    found = {t.streets: set(t.nodes) for t in territories.territories(graph, places)}
    assert found == {
        (): {"Person:PV", "VolunteerTeam:V"},
        ("ST1", "ST2"): {
            "Grid:GA", "Person:PA", "Community:CA", "ServiceTeam:T", "Department:D",
            "Community:CB", "Person:PB",
        },
        ("ST3",): {"Community:CC", "Person:PC", "Grid:GC"},
    }  # fmt: skip
    # By hand, pairs whose every shortest path passes through the node, over the whole
    # network's (12 - 1)(12 - 2) / 2 = 55 pairs: T separates {GA, PA, CA}, {CB, PB} and {D}:
    # 3*2 + 3*1 + 2*1 = 11; CA {GA, PA} from 4 others: 8; PA GA from 5: 5; CB PB from 5: 5;
    # PC joins CC and GC: 1. Cut at the street's border instead, T would lose the 6 pairs of
    # its 11 that lie across the two streets.
    answer = rows(client, "brokers", kind="all")
    assert [(row["node_key"], row["betweenness"]) for row in answer] == [
        ("ServiceTeam:T", round(11 / 55, 6)),
        ("Community:CA", round(8 / 55, 6)),
        ("Community:CB", round(5 / 55, 6)),
        ("Person:PA", round(5 / 55, 6)),
        ("Person:PC", round(1 / 55, 6)),
    ]
    assert answer[0]["cut_off_if_removed"] == 3  # without T: GA, PA, CA stay, CB, PB, D go


def test_parts_that_cut_an_edge_or_miss_a_node_are_refused() -> None:
    graph = nx.path_graph(["a", "b", "c", "d"])
    with pytest.raises(ValueError, match="an edge joins two parts"):
        betweenness(graph, parts=[{"a", "b"}, {"c", "d"}])
    with pytest.raises(ValueError, match="exactly once"):
        betweenness(graph, parts=[{"a", "b", "c"}])
    with pytest.raises(ValueError, match="exactly once"):
        collaboration_clusters(graph, parts=[{"a", "b", "c", "d"}, {"d"}])


def test_clusters_per_territory_keep_a_small_street_s_groups_that_the_whole_city_merges() -> None:
    # Street 1: two triangles joined by one edge (each triangle's weighted degree 7, m1 = 7).
    # Street 2: a clique of 8 (28 edges). Louvain merges the two triangles when
    # 1/m - d1*d2 / (2 m^2) > 0, i.e. 2m > d1*d2 = 49: on the whole network (m = 35) it does;
    # on street 1 alone (m = 7) merging loses 1 - 49/14 < 0, so the triangles stay apart.
    graph = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"),
                      ("d", "e"), ("e", "f"), ("d", "f")])  # fmt: skip
    graph.add_edges_from(nx.complete_graph([f"k{i}" for i in range(8)]).edges())
    nx.set_edge_attributes(graph, 1, "weight")
    street_one = {"a", "b", "c", "d", "e", "f"}
    streets = [street_one, set(graph) - street_one]
    whole = [c.members for c in collaboration_clusters(graph)]
    per_territory = [c.members for c in collaboration_clusters(graph, parts=streets)]
    clique = tuple(f"k{i}" for i in range(8))
    assert whole == [clique, ("a", "b", "c", "d", "e", "f")]
    assert per_territory == [clique, ("a", "b", "c"), ("d", "e", "f")]
