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


def test_place_chains_name_every_place_up_to_the_community(
    small_street: Runner, live_server: str
) -> None:
    with ServiceClient(live_server) as quhua:
        chains = quhua.place_chains(["Stairwell:S1", "Stairwell:S6", "Building:B2"])
    assert chains.to_dict("records") == [
        {
            "key": "Stairwell:S1",
            "stairwell": "东苑1幢1单元",
            "building": "东苑1幢",
            "grid": "东苑一网格",
            "community": "东苑社区",
            "chain": "东苑1幢1单元 → 东苑1幢 → 东苑一网格 → 东苑社区",
        },
        {  # 无名楼 belongs to no grid: no chain reaches a community, the stairwell stands alone
            "key": "Stairwell:S6",
            "stairwell": "无名楼1单元",
            "building": None,
            "grid": None,
            "community": None,
            "chain": "无名楼1单元",
        },
        {
            "key": "Building:B2",
            "stairwell": None,
            "building": "东苑2幢",
            "grid": "东苑二网格",
            "community": "东苑社区",
            "chain": "东苑2幢 → 东苑二网格 → 东苑社区",
        },
    ]


def test_a_plan_names_its_moves(small_street: Runner, live_server: str) -> None:
    # 王小明 (P1) holds S1, S2 (东苑1幢) and S3 (东苑2幢), all in 东苑社区; over a limit of two,
    # one of S2 and S3 goes to the only other member there, 赵敏 (P3, who holds S1 already).
    with ServiceClient(live_server) as quhua:
        plan = quhua.rebalance(scope="community", stairwell_limit=2)
    [move] = plan["moves"].to_dict("records")
    assert (move["from_name"], move["to_name"]) == ("王小明", "赵敏")
    assert move["stairwell"] in {"东苑1幢2单元", "东苑2幢1单元"}
    assert move["move"] == f"楼道 {move['stairwell']}: from 王小明 to 赵敏"
    assert dict(zip(plan["after"]["name"], plan["after"]["load"], strict=True)) == {
        "王小明": 2,
        "赵敏": 2,
    }
