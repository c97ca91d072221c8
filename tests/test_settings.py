from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph_service.settings import Settings


def test_settings_refuse_a_uri_that_is_not_bolt() -> None:
    with pytest.raises(ValidationError, match="NEO4J_URI must start with"):
        Settings(neo4j_uri="http://127.0.0.1:7474", _env_file=None)  # type: ignore[call-arg]


def test_settings_accept_a_cluster_routing_uri() -> None:
    settings = Settings(neo4j_uri="neo4j+s://cluster.example:7687", _env_file=None)  # type: ignore[call-arg]
    assert settings.neo4j_uri.startswith("neo4j+s://")
