"""Helpers for tests that read the API's answers."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def rows(client: TestClient, name: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of one analysis (one page of up to 10,000), checked to be all there is."""
    response = client.get(f"/api/v1/analyses/{name}", params={"limit": 10_000, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["rows"])
    return list(body["rows"])
