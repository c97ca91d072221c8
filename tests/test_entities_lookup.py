"""The node lookup is one unique-index seek for every label the API accepts, and finds by label."""

from __future__ import annotations

import pytest
from conftest import load_fixture, other_client
from fastapi.testclient import TestClient

from graph_service.db.queries import filled, query_file
from graph_service.db.runner import Runner
from graph_service.db.schema import apply_schema
from graph_service.roster.dictionary import LABELS


def operators(plan: dict) -> list[str]:
    found, stack = [], [plan]
    while stack:
        operator = stack.pop()
        stack.extend(operator.get("children", []))
        found.append(operator["operatorType"].split("@")[0])
    return found


def test_every_label_is_a_unique_index_seek(empty_db: Runner) -> None:
    apply_schema(empty_db)
    for label in LABELS:
        text = "EXPLAIN " + filled(query_file("entities/node"), {"label": label})
        plan = other_client(empty_db, text, id="X").summary.plan
        assert "NodeUniqueIndexSeek" in operators(plan), (label, operators(plan))
        assert "AllNodesScan" not in operators(plan) and "NodeByLabelScan" not in operators(plan)


@pytest.mark.parametrize(
    "label",
    ["Grid {id: 'x'}) DETACH DELETE n //", "Grid:Person", "Nonsense", "grid"],
)
def test_a_token_can_only_be_a_name_of_the_data_model(label: str) -> None:
    with pytest.raises(ValueError, match="not a label"):
        filled(query_file("entities/node"), {"label": label})


def test_a_file_takes_exactly_the_tokens_it_declares() -> None:
    node = query_file("entities/node")
    with pytest.raises(ValueError, match="takes the tokens"):
        filled(node, {})
    with pytest.raises(ValueError, match="takes the tokens"):
        filled(node, {"label": "Grid", "type": "PART_OF"})
    assert "(n:Grid {id: $id})" in filled(node, {"label": "Grid"})


def test_the_label_decides_which_node_is_found(small_street: Runner, client: TestClient) -> None:
    # ids are unique per label only: the same id under two labels must not be confused
    load_fixture(small_street, "two-labels-one-id")
    grid = client.get("/api/v1/nodes/Grid/SAME").json()
    building = client.get("/api/v1/nodes/Building/SAME").json()
    assert (grid["label"], grid["name"]) == ("Grid", "a grid")
    assert (building["label"], building["name"]) == ("Building", "a building")
    assert client.get("/api/v1/nodes/Stairwell/SAME").status_code == 404
    assert client.get("/api/v1/nodes/Nonsense/SAME").status_code == 422
