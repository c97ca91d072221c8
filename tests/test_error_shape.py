"""Every error is application/problem+json, including those the framework raises itself."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph_service.db.runner import Runner


def test_a_wrong_method_is_a_problem_naming_the_allowed_ones(client: TestClient) -> None:
    answer = client.delete("/health")
    assert answer.status_code == 405
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["allow"] == "GET" and answer.json()["status"] == 405


def test_an_unknown_path_is_a_problem(client: TestClient) -> None:
    answer = client.get("/api/v1/no-such-thing")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["title"] == "Not Found"


def test_malformed_json_is_a_problem(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/plans/rebalance",
        content=b'{"scope": "grid",',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code in (400, 422)
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"]


def test_an_unknown_id_in_a_parameter_is_404_naming_it(
    small_street: Runner, client: TestClient
) -> None:
    answer = client.get("/api/v1/analyses/uncovered-stairwells?community_id=CM99")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["parameter"] == "community_id" and "CM99" in answer.json()["detail"]
    known = client.get("/api/v1/analyses/uncovered-stairwells?community_id=CM1")
    assert known.status_code == 200
