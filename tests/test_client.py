"""The analyst client against the real service: answers as data, failures as plain sentences."""

from __future__ import annotations

import pytest

from graph_service.client import Neo4jClient, ServiceClient, ServiceClientError
from graph_service.db.runner import Runner
from graph_service.settings import Settings


def test_health_through_the_client(live_server: str) -> None:
    with ServiceClient(live_server) as quhua:
        assert quhua.health()["neo4j_version"].startswith("5.26.")


def test_an_unreachable_service_is_a_plain_sentence() -> None:
    with (
        ServiceClient("http://127.0.0.1:1") as nowhere,
        pytest.raises(
            ServiceClientError, match=r"cannot reach the service at http://127\.0\.0\.1:1"
        ),
    ):
        nowhere.health()


def test_a_problem_from_the_service_keeps_its_detail(live_server: str) -> None:
    with ServiceClient(live_server) as quhua, pytest.raises(ServiceClientError) as raised:
        quhua._json("GET", "/api/v1/no-such-thing")
    assert raised.value.status == 404


def test_what_if_needs_a_node(live_server: str) -> None:
    with ServiceClient(live_server) as quhua, pytest.raises(ServiceClientError, match="at least"):
        quhua.what_if()


def test_ad_hoc_cypher_returns_a_frame(empty_db: Runner, settings: Settings) -> None:
    graph = Neo4jClient(
        settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database
    )
    try:
        frame = graph.query("UNWIND $names AS name RETURN name", names=["东苑社区", "西苑社区"])
    finally:
        graph.close()
    assert frame["name"].tolist() == ["东苑社区", "西苑社区"]


def test_a_missing_token_says_how_to_get_one(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRAPH_SERVICE_TOKEN")
    with ServiceClient(live_server) as quhua, pytest.raises(ServiceClientError) as raised:
        quhua.stats()
    assert raised.value.status == 401
    assert "set GRAPH_SERVICE_TOKEN" in str(raised.value)
    assert "graph-service accounts token-create" in str(raised.value)


def test_a_refused_token_says_so(live_server: str) -> None:
    with (
        ServiceClient(live_server, token="gst_00000000_not-a-real-secret") as quhua,
        pytest.raises(ServiceClientError, match="refused the token in GRAPH_SERVICE_TOKEN"),
    ):
        quhua.stats()
