"""Entities on the hand-built street: one node, neighbourhoods, search, paths."""

from __future__ import annotations

import doctest

import pytest
from fastapi.testclient import TestClient

from graph_service.analyses import search
from graph_service.analyses.search import initials
from graph_service.db.runner import Runner

pytestmark = pytest.mark.usefixtures("small_street")
PROBLEM = "application/problem+json"


def test_a_node_with_its_degree_by_type(client: TestClient) -> None:
    body = client.get("/api/v1/nodes/Stairwell/S1").json()
    assert (body["key"], body["name"]) == ("Stairwell:S1", "东苑1幢1单元")
    assert body["degree"] == {"LIAISES_WITH": 2, "PART_OF": 4}  # B1 above, H1-H3 below


def test_a_node_never_shows_personal_contact_details(client: TestClient) -> None:
    body = client.get("/api/v1/nodes/Building/B1").json()
    assert body["name"] == "东苑1幢"
    assert "address" not in body["properties"]


def test_unknown_label_is_422_and_unknown_id_404(client: TestClient) -> None:
    response = client.get("/api/v1/nodes/Nope/X")
    assert (response.status_code, response.json()["parameter"]) == (422, "label")
    response = client.get("/api/v1/nodes/Grid/G99")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


def test_neighbourhood_by_depth(client: TestClient) -> None:
    one = client.get("/api/v1/nodes/Stairwell/S5/neighborhood", params={"depth": 1}).json()
    assert sorted(node["key"] for node in one["nodes"]) == [
        "Building:B3",
        "Household:H11",
        "Stairwell:S5",
    ]
    two = client.get("/api/v1/nodes/Stairwell/S5/neighborhood", params={"depth": 2}).json()
    assert sorted(node["key"] for node in two["nodes"]) == [
        "Building:B3",
        "Grid:G3",
        "Household:H11",
        "Stairwell:S4",
        "Stairwell:S5",
    ]
    assert sorted((e["source"], e["attributes"]["type"], e["target"]) for e in two["edges"]) == [
        ("Building:B3", "PART_OF", "Grid:G3"),
        ("Household:H11", "PART_OF", "Stairwell:S5"),
        ("Stairwell:S4", "PART_OF", "Building:B3"),
        ("Stairwell:S5", "PART_OF", "Building:B3"),
    ]
    assert two["truncated"] is False


def test_neighbourhood_is_capped(client: TestClient) -> None:
    capped = client.get(
        "/api/v1/nodes/Stairwell/S5/neighborhood", params={"depth": 2, "limit": 2}
    ).json()
    assert len(capped["nodes"]) == 2
    assert capped["truncated"] is True
    response = client.get("/api/v1/nodes/Stairwell/S5/neighborhood", params={"depth": 4})
    assert (response.status_code, response.json()["parameter"]) == (422, "depth")


def test_search_by_chinese_name_and_by_pinyin_initials(client: TestClient) -> None:
    by_name = client.get("/api/v1/search", params={"q": "王小明"}).json()["results"]
    assert by_name[0]["key"] == "Person:P1"
    by_initials = client.get("/api/v1/search", params={"q": "dysq"}).json()["results"]
    # 东苑社区 (dysq) first, then 东苑社区支部 (dysqzb): the shorter name first.
    assert [result["key"] for result in by_initials] == ["Community:CM1", "PartyBranch:CB1"]
    part = client.get("/api/v1/search", params={"q": "西苑1幢"}).json()["results"]
    assert [result["key"] for result in part] == ["Building:B3", "Stairwell:S4", "Stairwell:S5"]
    assert part[1]["context"] == "西苑社区 / 西苑一网格 / 西苑1幢"


def test_search_finds_a_unit_by_its_other_name(client: TestClient) -> None:
    # The source calls one group both 衢化集团 and 巨化集团: the fixture keeps the second as alias.
    by_alias = client.get("/api/v1/search", params={"q": "巨化集团"}).json()["results"]
    assert [(r["key"], r["name"]) for r in by_alias] == [("Unit:U1", "衢化集团")]
    by_alias_initials = client.get("/api/v1/search", params={"q": "jhjt"}).json()["results"]
    assert [r["key"] for r in by_alias_initials] == ["Unit:U1"]


def test_households_are_not_searchable(client: TestClient) -> None:
    assert client.get("/api/v1/search", params={"q": "无户"}).json()["results"] == []


def test_initials_cover_every_reading_of_a_character_the_everyday_one_first() -> None:
    # 幢 counts buildings (zhuàng); chuáng, a banner, is rare. 王 is wáng, rarely wàng (to rule).
    assert initials("东苑1幢") == ("dy1z", "dy1c")
    assert initials("东苑12幢") == ("dy12z", "dy12c")
    assert initials("王小明") == ("wxm", "yxm")


def test_a_rare_reading_never_beats_the_everyday_one() -> None:
    # "dy1c" is 东苑1村 read as everyone reads it (cūn), but 东苑1幢 only in the rare chuáng.
    village = search.Entry.of("Building", "B2", "东苑1村")
    building = search.Entry.of("Building", "B1", "东苑1幢")
    assert (search.rank("dy1c", village), search.rank("dy1c", building)) == (3, 5)
    assert (search.rank("y1c", village), search.rank("y1c", building)) == (4, 6)  # parts
    assert (search.rank("dy1z", village), search.rank("dy1z", building)) == (None, 3)
    # The everyday reading's part still beats a rare reading's prefix: yxm is 王小明 only if
    # 王 is wàng.
    wang = search.Entry.of("Person", "P1", "王小明")
    assert search.rank("yxm", wang) == 5 and search.rank("xm", wang) == 4


def test_the_shortest_path_and_a_path_along_chosen_types(client: TestClient) -> None:
    short = client.get(
        "/api/v1/paths", params={"from": "Department:DP1", "to": "Household:H6"}
    ).json()
    assert sorted(node["key"] for node in short["nodes"]) == [
        "Department:DP1",
        "Household:H6",
        "Person:P1",
        "Stairwell:S3",
    ]
    along = client.get(
        "/api/v1/paths",
        params={"from": "Department:DP1", "to": "Household:H6", "types": "IN_TEAM,SERVES,PART_OF"},
    ).json()
    assert sorted(node["key"] for node in along["nodes"]) == [
        "Building:B2",
        "Community:CM1",
        "Department:DP1",
        "Grid:G2",
        "Household:H6",
        "ServiceTeam:T1",
        "Stairwell:S3",
    ]
    assert len(along["edges"]) == 6


def test_paths_refuse_bad_keys_and_types(client: TestClient, small_street: Runner) -> None:
    response = client.get("/api/v1/paths", params={"from": "Department", "to": "Household:H6"})
    assert (response.status_code, response.json()["parameter"]) == (422, "from")
    response = client.get(
        "/api/v1/paths", params={"from": "Department:DP1", "to": "Household:H6", "types": "LOVES"}
    )
    assert (response.status_code, response.json()["parameter"]) == (422, "types")
    response = client.get("/api/v1/paths", params={"from": "Department:DP9", "to": "Household:H6"})
    assert response.status_code == 404


def test_a_path_from_a_node_to_itself_is_the_node(client: TestClient) -> None:
    body = client.get("/api/v1/paths", params={"from": "Grid:G1", "to": "Grid:G1"}).json()
    assert ([node["key"] for node in body["nodes"]], body["edges"]) == (["Grid:G1"], [])


def test_the_search_modules_examples_hold() -> None:
    result = doctest.testmod(search)
    assert (result.attempted > 0, result.failed) == (True, 0)
