"""The node lookup has one index-backed branch per label the API accepts, and finds by label."""

from __future__ import annotations

import re

from conftest import load_fixture
from fastapi.testclient import TestClient

from graph_service.entities_api import LABELS
from graph_service.runner import Runner, cypher_text


def test_every_label_has_its_branch() -> None:
    text = cypher_text("entities/node")
    branches = re.findall(r"MATCH \(n:(\w+) \{id: \$id\}\) WHERE \$label = '(\w+)'", text)
    assert all(label == guard for label, guard in branches)
    assert sorted(label for label, _ in branches) == sorted(LABELS)


def test_the_label_decides_which_node_is_found(small_street: Runner, client: TestClient) -> None:
    # ids are unique per label only: the same id under two labels must not be confused
    load_fixture(small_street, "two-labels-one-id")
    grid = client.get("/api/v1/nodes/Grid/SAME").json()
    building = client.get("/api/v1/nodes/Building/SAME").json()
    assert (grid["label"], grid["name"]) == ("Grid", "a grid")
    assert (building["label"], building["name"]) == ("Building", "a building")
    assert client.get("/api/v1/nodes/Stairwell/SAME").status_code == 404
