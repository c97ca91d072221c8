"""Masking by class: a household's name is its room address, and no answer shows it; contact
properties (phones, addresses, heads of household) never leave through the API. The small
street's households are called '101', '102', '201' (tests/fixtures/small-street.cypher)."""

from __future__ import annotations

from typing import Any

from conftest import other_client
from fastapi.testclient import TestClient

from graph_service.auth.masking import CONTACT_PROPERTIES, mask, shown_name
from graph_service.db.runner import Runner


def households(graph_slice: dict[str, Any]) -> dict[str, Any]:
    return {
        node["key"]: node["attributes"]["name"]
        for node in graph_slice["nodes"]
        if node["attributes"]["label"] == "Household"
    }


def test_the_masks() -> None:
    assert mask("phone", "13812345678") == "138****5678"
    assert mask("name", "张晓明") == "张*明"
    assert mask("head_name", "王芳") == "王*"
    assert shown_name("Household", "花径一村1幢1单元101室") == "花径一村1幢1单元***室"
    assert shown_name("Stairwell", "花径一村1幢1单元") == "花径一村1幢1单元"
    assert {"phone", "address", "head_name"} <= CONTACT_PROPERTIES


def test_no_answer_shows_a_households_room(client: TestClient, small_street: Runner) -> None:
    node = client.get("/api/v1/nodes/Household/H1").json()
    assert node["name"] == "***"
    assert not CONTACT_PROPERTIES & set(node["properties"])
    children = client.get("/api/v1/graph/children/Stairwell/S1").json()
    neighbours = client.get("/api/v1/nodes/Stairwell/S1/neighborhood").json()
    chains = client.post("/api/v1/graph/chains", json={"keys": ["Household:H1"]}).json()
    path = client.get("/api/v1/paths", params={"from": "Grid:G1", "to": "Household:H1"}).json()
    for graph_slice in (children, neighbours, chains, path):
        shown = households(graph_slice)
        assert "Household:H1" in shown
        assert set(shown.values()) == {"***"}
    broken = client.get("/api/v1/analyses/broken-chains").json()["rows"]
    assert {row["name"] for row in broken if row["label"] == "Household"} == {"***"}


def test_contact_properties_never_leave_through_the_api(
    client: TestClient, small_street: Runner
) -> None:
    other_client(
        small_street,
        "MATCH (h:Household {id: 'H1'}) SET h.phone = '13812345678', h.head_name = '张晓明'",
    )
    answers = [
        client.get("/api/v1/nodes/Household/H1").text,
        client.get("/api/v1/nodes/Stairwell/S1/neighborhood").text,
        client.get("/api/v1/graph/children/Stairwell/S1").text,
    ]
    for text in answers:
        assert "13812345678" not in text and "张晓明" not in text


def test_unmasking_a_record_needs_a_reason_and_is_audited(
    client: TestClient, small_street: Runner
) -> None:
    other_client(small_street, "MATCH (h:Household {id: 'H1'}) SET h.phone = '13812345678'")
    short = client.post("/api/v1/unmask", json={"key": "Household:H1", "reason": "need"})
    assert short.status_code == 422 and short.json()["parameter"] == "reason"
    reason = "home visit after the flood alert"
    shown = client.post("/api/v1/unmask", json={"key": "Household:H1", "reason": reason})
    assert shown.status_code == 200, shown.text
    assert shown.json()["fields"] == {"name": "101", "phone": "13812345678"}
    trail = client.app.state.audit  # type: ignore[attr-defined]
    _, [record] = trail.records(action="unmask", limit=1)
    assert record["reason"] == reason and record["result"] == "200"
    assert record["objects"] == '["Household:H1"]'
    assert record["fields_unmasked"] == '["name", "phone"]'
    nothing = client.post("/api/v1/unmask", json={"key": "Grid:G1", "reason": reason})
    assert nothing.status_code == 422  # a grid holds no contact data
