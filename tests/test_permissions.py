"""Every operation of the OpenAPI document, as every role: allowed or refused exactly as the
permission table in docs/security.md says, and 401 without credentials. An operation missing
from the table (a new endpoint) fails here; one without a policy stops the app's start."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import REPO
from fastapi.testclient import TestClient

from graph_service.auth.accounts import AccountStore
from graph_service.auth.policy import CSRF_HEADER, SESSION_COOKIE, permission_markdown
from graph_service.auth.roles import ROLES
from graph_service.db.runner import Runner

PASSWORD = "Every-role-2026"
SCOPES = {"street_analyst": "Street:ST1", "community_secretary": "Community:CM1",
          "grid_leader": "Grid:G1"}  # fmt: skip
# Values for the small street (tests/fixtures/small-street.cypher): wrong ones only cost a 404
# or 422, which still shows the request got past the policy.
PATH_VALUES = {"label": "Grid", "node_id": "G1", "name": "uncovered-stairwells",
               "snapshot": "1", "case_id": "1"}  # fmt: skip
QUERY_VALUES = {"q": "东", "from": "Grid:G1", "to": "Grid:G2", "remove": "Person:P7",
                "scope": "Street:ST1"}  # fmt: skip
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/session"): {"name": "", "password": ""},
    ("POST", "/api/v1/graph/chains"): {"keys": ["Stairwell:S1"]},
    ("POST", "/api/v1/plans/rebalance"): {},
    ("POST", "/api/v1/plans/rebalance/apply"): {"moves": []},
    ("POST", "/api/v1/unmask"): {"key": "Household:H1", "reason": "checking the role table"},
}


# Places of the small street inside each scope, by hand from the fixture (places above the
# scope's place are outside it).
PLACES = {
    "City:C1", "District:D1", "Street:ST1", "Community:CM1", "Community:CM2", "Community:CM3",
    "Grid:G1", "Grid:G2", "Grid:G3", "Grid:G4", "Building:B1", "Building:B2", "Building:B3",
    "Building:B4", "Stairwell:S1", "Stairwell:S2", "Stairwell:S3", "Stairwell:S4",
    "Stairwell:S5", "Stairwell:S6", "Stairwell:S7", *(f"Household:H{n}" for n in range(1, 14)),
}  # fmt: skip
INSIDE = {
    "street_analyst": PLACES - {"City:C1", "District:D1"},
    "community_secretary": {"Community:CM1", "Grid:G1", "Grid:G2", "Building:B1",
                            "Building:B2", "Stairwell:S1", "Stairwell:S2", "Stairwell:S3",
                            "Stairwell:S7", *(f"Household:H{n}" for n in range(1, 7))},
    "grid_leader": {"Grid:G1", "Building:B1", "Stairwell:S1", "Stairwell:S2",
                    *(f"Household:H{n}" for n in range(1, 6))},
}  # fmt: skip
PLACE_KEY = re.compile(r"(City|District|Street|Community|Grid|Building|Stairwell|Household):\w+")


def keys_in(answer: Any) -> set[str]:
    """Every `Label:id` string of a place anywhere in a JSON answer."""
    if isinstance(answer, dict):
        return set().union(*(keys_in(v) for v in answer.values())) if answer else set()
    if isinstance(answer, list):
        return set().union(*(keys_in(v) for v in answer)) if answer else set()
    return {answer} if isinstance(answer, str) and PLACE_KEY.fullmatch(answer) else set()


def documented_table() -> dict[tuple[str, str], dict[str, str]]:
    """docs/security.md's permission table: (method, path) -> {role: cell}."""
    text = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith("| operation |")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table = {}
    for line in text.splitlines():
        match = re.match(r"\| `(\w+) ([^`]+)` \|", line)
        if match:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            table[(match[1], match[2])] = dict(zip(header[2:], cells[2:], strict=True))
    return table


def test_the_documented_table_is_the_one_the_code_enforces(client: TestClient) -> None:
    expected = permission_markdown(client.app)  # type: ignore[arg-type]
    documented = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    assert expected in documented, f"docs/security.md should show this table:\n{expected}"


def test_every_openapi_operation_is_in_the_table(client: TestClient) -> None:
    operations = {
        (method.upper(), path)
        for path, item in client.get("/openapi.json").json()["paths"].items()
        for method in item
    }
    assert operations == set(documented_table())


@pytest.fixture(scope="module")
def role_credentials(accounts: AccountStore) -> dict[str, dict[str, str]]:
    """Per role, the headers of one account: a token, or (administrators, who get no tokens)
    a session id whose cookie header is made per request (sign-out ends a session)."""
    credentials = {}
    for name in ROLES:
        account = f"every-{name}"
        accounts.add(account, name, PASSWORD, SCOPES.get(name))
        if ROLES[name].second_factor:
            credentials[name] = {"session-of": account}
        else:
            token = accounts.create_token(account, label="permissions test").secret
            credentials[name] = {"Authorization": f"Bearer {token}"}
    return credentials


def _headers(accounts: AccountStore, credential: dict[str, str]) -> dict[str, str]:
    if "session-of" not in credential:
        return credential
    session_id, csrf = accounts.open_session(accounts.get(credential["session-of"]))
    return {"Authorization": "", "Cookie": f"{SESSION_COOKIE}={session_id}", CSRF_HEADER: csrf}


def _send(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    url = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m[1]], path)
    operation = client.app.openapi()["paths"][path][method.lower()]  # type: ignore[attr-defined]
    params = {
        p["name"]: QUERY_VALUES[p["name"]]
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    if (method, path) == ("POST", "/api/v1/imports"):
        files = {"file": ("roster.zip", b"not a zip")}
        return client.request(method, url, params=params, headers=headers, files=files)
    body = BODIES.get((method, path))
    return client.request(method, url, params=params, headers=headers, json=body)


def test_every_role_gets_what_the_table_says(
    client: TestClient,
    small_street: Runner,
    accounts: AccountStore,
    role_credentials: dict[str, dict[str, str]],
) -> None:
    wrong = []
    for (method, path), cells in documented_table().items():
        for role_name, cell in cells.items():
            response = _send(client, method, path, _headers(accounts, role_credentials[role_name]))
            allowed = response.status_code not in (401, 403)
            if allowed != (cell == "✓") or response.status_code == 401:
                wrong.append(f"{role_name} {method} {path}: {response.status_code} (table {cell})")
            json_answer = response.headers.get("content-type", "").startswith("application/json")
            if allowed and role_name in INSIDE and response.status_code == 200 and json_answer:
                outside = keys_in(response.json()) - INSIDE[role_name]
                if outside:
                    wrong.append(f"{role_name} {method} {path} shows {sorted(outside)}")
    assert not wrong, "\n".join(wrong)


def test_without_credentials_only_public_operations_answer(
    client: TestClient, small_street: Runner
) -> None:
    public = {("GET", "/health"), ("POST", "/api/v1/session")}
    for method, path in documented_table():
        response = _send(client, method, path, {"Authorization": ""})
        if (method, path) in public:
            assert response.status_code not in (401, 403), path
        else:
            assert response.status_code == 401, f"{method} {path}: {response.status_code}"
            assert response.headers["content-type"] == "application/problem+json"


def test_a_community_secretary_sees_only_the_community(
    client: TestClient,
    small_street: Runner,
    accounts: AccountStore,
    role_credentials: dict[str, dict[str, str]],
) -> None:
    headers = role_credentials["community_secretary"]
    overview = client.get("/api/v1/graph/overview", headers=headers).json()
    assert {n["key"] for n in overview["nodes"]} == {"Community:CM1", "Grid:G1", "Grid:G2"}
    assert client.get("/api/v1/nodes/Grid/G3", headers=headers).status_code == 404
    assert client.get("/api/v1/nodes/Grid/G1", headers=headers).status_code == 200
    children = client.get("/api/v1/graph/children/Community/CM2", headers=headers)
    assert children.status_code == 404
    found = client.get("/api/v1/search", params={"q": "苑"}, headers=headers).json()["results"]
    assert found and keys_in(found) <= INSIDE["community_secretary"]
    assert {r["key"] for r in found} & {"Community:CM1", "Grid:G1"}
    neighbours = client.get("/api/v1/nodes/Community/CM1/neighborhood", headers=headers).json()
    assert "Street:ST1" not in keys_in(neighbours)
