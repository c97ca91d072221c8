"""The node lookup is one unique-index seek for every label the API accepts, and finds by label."""

from __future__ import annotations

import pytest
from conftest import load_fixture
from fastapi.testclient import TestClient

from graph_service.db.runner import Runner, filled
from graph_service.roster.dictionary import LABELS
from graph_service.roster.importer import apply_schema


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
        text = "EXPLAIN " + filled("entities/node", {"label": label})
        plan = empty_db.in_transaction(
            lambda tx, t=text: tx.run(t, id="X").consume().plan, write=False
        )
        assert "NodeUniqueIndexSeek" in operators(plan), (label, operators(plan))
        assert "AllNodesScan" not in operators(plan) and "NodeByLabelScan" not in operators(plan)


def test_a_token_can_only_be_a_name() -> None:
    with pytest.raises(ValueError, match="not a label"):
        filled("entities/node", {"label": "Grid {id: 'x'}) DETACH DELETE n //"})


def test_the_label_decides_which_node_is_found(small_street: Runner, client: TestClient) -> None:
    # ids are unique per label only: the same id under two labels must not be confused
    load_fixture(small_street, "two-labels-one-id")
    grid = client.get("/api/v1/nodes/Grid/SAME").json()
    building = client.get("/api/v1/nodes/Building/SAME").json()
    assert (grid["label"], grid["name"]) == ("Grid", "a grid")
    assert (building["label"], building["name"]) == ("Building", "a building")
    assert client.get("/api/v1/nodes/Stairwell/SAME").status_code == 404
    assert client.get("/api/v1/nodes/Nonsense/SAME").status_code == 422
