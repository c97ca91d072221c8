"""wartime-dependence on the hand-built street (tests/fixtures/small-street.cypher).

In the fixture, p4 (DP1) is assigned to building B1 in grid G1, p5 (DP1) heads building B2 in
grid G2, and p6 (DP2) is assigned to checkpoint K1; all three places are in community CM1.
B3, B4 and K2 have nobody, so they depend on no department (wartime-coverage lists them).
"""

from __future__ import annotations

from typing import Any

from conftest import load_fixture
from fastapi.testclient import TestClient

from graph_service.db.runner import Runner


def dependence(client: TestClient, **params: Any) -> list[tuple[Any, ...]]:
    response = client.get("/api/v1/analyses/wartime-dependence", params=params)
    assert response.status_code == 200, response.text
    return [
        (
            r["department_id"],
            r["buildings"],
            r["checkpoints"],
            r["communities"],
            sorted(r["place_keys"]),
        )
        for r in response.json()["rows"]
    ]


def test_places_held_by_one_department_depend_on_it(
    small_street: Runner, client: TestClient
) -> None:
    assert dependence(client) == [
        ("DP1", 2, 0, 1, ["Building:B1", "Building:B2"]),
        ("DP2", 0, 1, 1, ["Checkpoint:K1"]),
    ]
    assert dependence(client, community_id="CM2") == []


def test_a_place_held_by_two_departments_depends_on_neither(
    small_street: Runner, client: TestClient
) -> None:
    load_fixture(small_street, "wartime-shared-building")
    assert dependence(client) == [
        ("DP1", 1, 0, 1, ["Building:B2"]),
        ("DP2", 0, 1, 1, ["Checkpoint:K1"]),
    ]
