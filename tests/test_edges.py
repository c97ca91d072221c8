"""The edges of the service: Host check, CORS allow-list, security headers, sign-in rate
limit, and the API's description behind sign-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.settings import Settings

PROBLEM = "application/problem+json"


def test_another_host_is_refused_with_a_problem(client: TestClient) -> None:
    response = client.get("/api/v1/stats", headers={"Host": "rebound.example.com"})
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert "ALLOWED_HOSTS" in response.json()["detail"]


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    for response in (
        client.get("/health"),
        client.get("/api/v1/stats", headers={"Authorization": ""}),  # a 401 too
        client.get("/sign-in"),
    ):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp or "unsafe" not in csp.split("script-src")[1]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_no_other_origin_is_allowed_by_default(client: TestClient) -> None:
    preflight = client.options(
        "/api/v1/imports",
        headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


@pytest.fixture
def edge_client(settings: Settings, analyst_headers: dict[str, str]) -> Iterator[TestClient]:
    tight = settings.model_copy(
        update={
            "cors_origins": ["https://dashboard.example"],
            "sign_ins_per_minute": 3,
            "person_reads_per_minute": 2,
        }
    )
    with TestClient(create_app(tight), headers=analyst_headers) as edged:
        yield edged


def test_an_allowed_origin_gets_cors_and_sign_in_is_rate_limited(edge_client: TestClient) -> None:
    preflight = edge_client.options(
        "/api/v1/stats",
        headers={
            "Origin": "https://dashboard.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert preflight.headers["access-control-allow-origin"] == "https://dashboard.example"
    tries = [
        edge_client.post("/api/v1/session", json={"name": "nobody", "password": "x"})
        for _ in range(4)
    ]
    assert [t.status_code for t in tries] == [401, 401, 401, 429]
    assert tries[-1].headers["content-type"] == PROBLEM
    assert int(tries[-1].headers["retry-after"]) > 0


def test_the_api_description_needs_an_account(client: TestClient) -> None:
    assert client.get("/openapi.json", headers={"Authorization": ""}).status_code == 401
    assert "/api/v1/stats" in client.get("/openapi.json").json()["paths"]
    for page in ("/docs", "/redoc"):  # a browser is sent to sign in, then back to the page
        anonymous = client.get(page, headers={"Authorization": ""}, follow_redirects=False)
        assert anonymous.status_code == 303
        assert anonymous.headers["location"] == f"/sign-in?next={page}"
        signed_in = client.get(page)
        assert signed_in.status_code == 200 and "/static/vendor/" in signed_in.text
        assert "<script>" not in signed_in.text  # the CSP allows no inline script


def test_reading_person_records_in_bulk_is_rate_limited(
    edge_client: TestClient, small_street: object
) -> None:
    answers = [edge_client.get(f"/api/v1/nodes/Person/P{n}").status_code for n in (1, 7, 8)]
    assert 429 not in answers[:2] and answers[2] == 429
    assert edge_client.get("/api/v1/nodes/Grid/G1").status_code == 200  # places are not
