"""Conventions of the analyses API: catalogue, errors as problem+json, CSV, pagination."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.db.runner import Runner
from graph_service.settings import Settings

PROBLEM = "application/problem+json"


def test_the_catalogue_lists_titles_descriptions_and_parameters(client: TestClient) -> None:
    response = client.get("/api/v1/analyses")
    assert response.status_code == 200
    listed = {entry["name"]: entry for entry in response.json()["analyses"]}
    liaisons = listed["overloaded-liaisons"]
    assert liaisons["kind"] == "cypher"
    assert liaisons["title"] == {"zh": "联户负担过重的党员", "en": "Overloaded liaisons"}
    params = {param["name"]: param for param in liaisons["parameters"]}
    assert params["stairwell_limit"]["type"] == "int"
    assert params["stairwell_limit"]["default"] == 3
    assert params["household_limit"]["default"] == 54
    assert params["z_limit"]["type"] == "float"


def test_an_unknown_analysis_is_404_problem_json(client: TestClient) -> None:
    response = client.get("/api/v1/analyses/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "GET /api/v1/analyses" in response.json()["detail"]


def test_a_parameter_of_the_wrong_type_is_422_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/analyses/overloaded-liaisons", params={"z_limit": "lots"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["parameter"] == "z_limit"


def test_a_value_out_of_range_or_choices_is_422_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/analyses/overloaded-liaisons", params={"stairwell_limit": 0})
    assert (response.status_code, response.json()["parameter"]) == (422, "stairwell_limit")
    response = client.get("/api/v1/analyses/coverage-rollup", params={"level": "city"})
    assert (response.status_code, response.json()["parameter"]) == (422, "level")


def test_an_undeclared_parameter_is_422_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/analyses/uncovered-stairwells", params={"grid": "G1"})
    assert response.status_code == 422
    assert response.json()["parameter"] == "grid"


def test_bad_pagination_is_422_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/analyses/broken-chains", params={"limit": 0})
    assert (response.status_code, response.json()["parameter"]) == (422, "limit")
    response = client.get("/api/v1/analyses/broken-chains", params={"offset": -1})
    assert (response.status_code, response.json()["parameter"]) == (422, "offset")


def test_neo4j_down_is_503_problem_json(
    settings: Settings, analyst_headers: dict[str, str]
) -> None:
    nowhere = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:1"})
    with TestClient(create_app(nowhere), headers=analyst_headers) as down:
        response = down.get("/api/v1/analyses/uncovered-stairwells")
        listing = down.get("/api/v1/analyses")
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert "Traceback" not in response.text
    assert listing.status_code == 200  # the catalogue needs no database


def test_every_endpoint_of_this_api_is_503_when_neo4j_is_down(
    settings: Settings, analyst_headers: dict[str, str]
) -> None:
    nowhere = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:1"})
    with TestClient(create_app(nowhere), headers=analyst_headers) as down:
        responses = [
            down.get("/api/v1/analyses/brokers"),
            down.get("/api/v1/what-if", params={"remove": "Person:P1"}),
            down.post("/api/v1/plans/rebalance", json={}),
            down.get("/api/v1/drill", params={"recall": "city"}),
            down.get("/api/v1/drill/departments"),
            down.get("/api/v1/candidates", params={"place": "Stairwell:S1"}),
            down.get("/api/v1/nodes/Grid/G1"),
            down.get("/api/v1/search", params={"q": "东"}),
            down.get("/api/v1/paths", params={"from": "Grid:G1", "to": "Grid:G2"}),
        ]
    for response in responses:
        assert response.status_code == 503, response.request.url
        assert response.headers["content-type"] == PROBLEM


def test_openapi_documents_the_analyses_and_entities(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/analyses",
        "/api/v1/analyses/{name}",
        "/api/v1/what-if",
        "/api/v1/plans/rebalance",
        "/api/v1/plans/rebalance/apply",
        "/api/v1/drill",
        "/api/v1/drill/apply",
        "/api/v1/candidates",
        "/api/v1/nodes/{label}/{node_id}",
        "/api/v1/nodes/{label}/{node_id}/neighborhood",
        "/api/v1/search",
        "/api/v1/paths",
    ):
        assert path in paths


def test_pagination_pages_through_every_row_with_the_total(
    client: TestClient, small_street: Runner
) -> None:
    whole = client.get("/api/v1/analyses/broken-chains").json()
    assert whole["total"] == 4
    ids = []
    for offset in (0, 3):
        body = client.get(
            "/api/v1/analyses/broken-chains", params={"limit": 3, "offset": offset}
        ).json()
        assert (body["total"], body["limit"], body["offset"]) == (4, 3, offset)
        ids += [row["id"] for row in body["rows"]]
    assert ids == [row["id"] for row in whole["rows"]] == ["G4", "B4", "S7", "H13"]


def test_csv_starts_with_a_bom_and_holds_the_same_rows(
    client: TestClient, small_street: Runner
) -> None:
    response = client.get("/api/v1/analyses/uncovered-stairwells", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *body = table
    json_rows = client.get("/api/v1/analyses/uncovered-stairwells").json()
    assert header == json_rows["columns"]
    assert [line[0] for line in body] == ["S5", "S6", "S7"]
    assert body[0][header.index("community")] == "西苑社区"
    assert body[1][header.index("grid_id")] == ""  # null is an empty cell


def test_csv_writes_lists_as_semicolon_separated_cells(
    client: TestClient, small_street: Runner
) -> None:
    response = client.get("/api/v1/analyses/broken-chains", params={"format": "csv"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, first = table[0], table[1]
    assert first[header.index("parent_ids")] == "CM2; CM3"
