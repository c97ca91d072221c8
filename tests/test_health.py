"""The foundation: a real Neo4j 5.26 answers, /health reports it, and reports when it does not."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.db.local_server import LocalServer
from graph_service.settings import Settings


def test_health_reports_neo4j_version_and_edition(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["neo4j_version"].startswith("5.26.")
    assert body["neo4j_edition"] == "community"


def test_health_is_503_with_a_reason_when_neo4j_is_down(settings: Settings) -> None:
    nowhere = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:1"})
    with TestClient(create_app(nowhere)) as down:
        response = down.get("/health")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "make run" in response.json()["detail"]


def test_wrong_password_is_503_naming_the_credentials(
    settings: Settings, test_server: LocalServer
) -> None:
    wrong = settings.model_copy(update={"neo4j_password": "not-the-password"})
    with TestClient(create_app(wrong)) as refused:
        response = refused.get("/health")
    assert response.status_code == 503
    assert "NEO4J_PASSWORD" in response.json()["detail"]


def test_start_and_status_are_idempotent(test_server: LocalServer) -> None:
    pid = test_server.pid()
    assert test_server.start().startswith("running")
    assert test_server.pid() == pid
    assert f"pid {pid}" in test_server.status()
