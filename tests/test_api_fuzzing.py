"""Property-based fuzzing of every operation in the OpenAPI document (schemathesis): no answer
is a server error, and every answer matches what the document says of it (status code, media
type, body schema). Examples are bounded per operation to keep the suite short."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from conftest import suite_settings
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from graph_service.app import create_app
from graph_service.db.runner import Runner

# The app is made at import (schemathesis reads its schema when the tests are collected); it
# connects to Neo4j only when its lifespan starts, in the fixture below.
APP = create_app(suite_settings())
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(autouse=True)
def running_app(small_street: Runner) -> Iterator[None]:
    """The small street loaded, and the app's lifespan running (its runner exists) meanwhile."""
    with TestClient(APP):
        yield


@schema.parametrize()
@hypothesis_settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_5xx_or_off_its_documented_schema(case: Any) -> None:
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
