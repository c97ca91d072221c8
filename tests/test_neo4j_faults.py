"""When Neo4j is unhealthy the service says so at once instead of letting requests queue.

The tests' own server is frozen with SIGSTOP (a JVM out of heap looks the same from outside:
connections are accepted, nothing answers) and thawed with SIGCONT afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.db.local_server import LocalServer
from graph_service.db.runner import Runner
from graph_service.settings import Settings


@pytest.fixture
def frozen(empty_db: Runner, test_server: LocalServer) -> Iterator[int]:
    """The server frozen for the test's body, thawed after it whatever happens."""
    pid = test_server.pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        yield pid
    finally:
        os.kill(pid, signal.SIGCONT)


def test_a_hung_neo4j_gets_503_at_once_and_the_service_recovers(
    client: TestClient, frozen: int, settings: Settings
) -> None:
    health = client.get("/health")
    assert health.status_code == 503
    assert health.headers["content-type"] == "application/problem+json"
    assert "does not answer a query" in health.json()["detail"]  # the watch gave up on it
    assert int(health.headers["retry-after"]) >= 1
    stats = client.get("/api/v1/stats")  # the circuit is open: not even tried
    assert stats.status_code == 503 and "not asking again" in stats.json()["detail"]
    env = {**os.environ, "NEO4J_URI": settings.neo4j_uri, "NEO4J_PASSWORD": settings.neo4j_password,
           "NEO4J_BOLT_PORT": str(settings.neo4j_bolt_port),
           "NEO4J_HOME": str(settings.neo4j_home)}  # fmt: skip
    cli = Path(sys.executable).with_name("graph-service")
    status = subprocess.run([str(cli), "neo4j", "status"], env=env, capture_output=True, text=True)
    assert status.returncode == 1 and "running" in status.stdout
    assert "does not answer a query" in status.stderr
    os.kill(frozen, signal.SIGCONT)
    deadline = time.monotonic() + 60
    while client.get("/health").status_code != 200:  # the circuit closes, the next read passes
        assert time.monotonic() < deadline, "the service did not recover"
        time.sleep(1)
    assert client.get("/api/v1/stats").status_code == 200
    status = subprocess.run([str(cli), "neo4j", "status"], env=env, capture_output=True, text=True)
    assert status.returncode == 0 and "Bolt answers queries" in status.stdout
