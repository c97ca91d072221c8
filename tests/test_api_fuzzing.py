"""Property-based fuzzing of every operation in the OpenAPI document (schemathesis): no answer
is a server error, and every answer matches what the document says of it (status code, media
type, body schema). Each operation is called signed in as a role that holds its permission
(auth/roles.py), so the fuzzing reaches the route itself rather than stopping at a 403: the
roster importer for imports, each administrator (by session, as they get no tokens) for
accounts, roles and the audit trail, the city analyst for the rest. Examples are bounded per
operation to keep the suite short."""

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
from graph_service.auth.accounts import AccountStore
from graph_service.auth.policy import CSRF_HEADER, PUBLIC, SESSION_COOKIE, SIGNED_IN, operations
from graph_service.auth.roles import ROLES
from graph_service.db.runner import Runner

# The app is made at import (schemathesis reads its document when the tests are collected); it
# connects to Neo4j only when its lifespan starts, in the fixture below. The document is served
# to signed-in callers only, so it is read from the app itself.
APP = create_app(suite_settings())
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP
PERMISSION = {(method, path): policy.permission
              for method, path, policy, _ in operations(APP) if policy is not None}  # fmt: skip
PASSWORD = "Fuzzing-every-role-2026"


# A role limited to a place is given the small street's own (tests/fixtures/small-street).
SCOPES = {"Street": "Street:ST1", "Community": "Community:CM1", "Grid": "Grid:G1"}


def role_for(permission: str) -> str:
    """The first role (in the table's order) that holds `permission`, one with no scope if there
    is one (the street analyst, whose street is the whole small street, for the ledger's writes)."""
    if permission in (PUBLIC, SIGNED_IN):
        return "city_analyst"
    holding = [role for role in ROLES.values() if permission in role.permissions]
    return next((r for r in holding if r.scope_label is None), holding[0]).name


@pytest.fixture(scope="module")
def store() -> AccountStore:
    """The suite's accounts file (the app above reads it), with one account per role used."""
    accounts = AccountStore(suite_settings().state_dir / "accounts.sqlite3")
    for name in {role_for(permission) for permission in PERMISSION.values()}:
        scope = SCOPES.get(ROLES[name].scope_label or "")
        accounts.add(f"fuzz-{name}", name, PASSWORD, scope)
    return accounts


def signed_in(store: AccountStore, method: str, path: str) -> dict[str, str]:
    """Headers of the account that may call the operation: an API token, or a new session
    with its CSRF token for an administrator. (A method the path does not take, which the
    fuzzer tries too, is sent as the analyst.)"""
    role = role_for(PERMISSION.get((method, path), SIGNED_IN))
    account = store.get(f"fuzz-{role}")
    if ROLES[role].second_factor:
        session_id, csrf = store.open_session(account)
        return {"Cookie": f"{SESSION_COOKIE}={session_id}", CSRF_HEADER: csrf}
    return {"Authorization": f"Bearer {store.create_token(account.name, label='fuzz').secret}"}


@pytest.fixture(autouse=True)
def running_app(small_street: Runner) -> Iterator[None]:
    """The small street loaded, and the app's lifespan running (its runner exists) meanwhile."""
    with TestClient(APP):
        yield


def test_every_operation_is_fuzzed_as_a_role_that_reaches_it() -> None:
    documented = {(method.upper(), path) for path, item in APP.openapi()["paths"].items()
                  for method in item}  # fmt: skip
    assert documented <= set(PERMISSION)
    assert role_for("rosters:import") == "roster_importer"
    assert role_for("accounts:manage") == "system_admin"


@schema.parametrize()
@hypothesis_settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_5xx_or_off_its_documented_schema(
    case: Any, store: AccountStore
) -> None:
    headers = signed_in(store, case.method.upper(), case.path)
    case.call_and_validate(
        headers=headers,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
