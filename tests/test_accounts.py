"""Accounts and sign-in: the password rule, lockout, idle timeout, one-time codes, API tokens,
and the 401/403 answers that say what to do. The clock is moved by hand, never waited for."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import totp
from graph_service.auth.accounts import AccountLocked, AccountStore
from graph_service.auth.passwords import weakness
from graph_service.errors import Forbidden, Unauthenticated

PASSWORD = "Quhua-street-2026"
PROBLEM = "application/problem+json"


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> AccountStore:
    return AccountStore(tmp_path / "accounts.sqlite3", now=clock)


# RFC 6238, appendix B: (time, SHA1 code, SHA256 code, SHA512 code), 8 digits.
RFC_6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890" * 6 + b"1234",
}


@pytest.mark.parametrize("vector", RFC_6238, ids=[str(v[0]) for v in RFC_6238])
def test_totp_gives_the_rfc_6238_test_vectors(vector: tuple[int, str, str, str]) -> None:
    at, *codes = vector
    for (digest, seed), code in zip(SEEDS.items(), codes, strict=True):
        secret = base64.b32encode(seed).decode()
        assert totp.code_at(secret, at, digits=8, digest=digest) == code


def test_the_password_rule() -> None:
    assert weakness("Short-1a", "x") is not None
    assert weakness("alllowercaseletters", "x") is not None  # one class only
    assert weakness("Wang-Xiaoming-2026", "wangxiaoming") is None
    assert weakness("wangxiaoming-2026-A", "wangxiaoming") is not None  # holds the name
    assert weakness(PASSWORD, "zhang") is None


def dump(store: AccountStore) -> str:
    """Everything the accounts file holds (its write-ahead log included), as SQL."""
    with sqlite3.connect(store.path) as db:
        return "\n".join(db.iterdump())


def test_passwords_are_kept_as_argon2id_hashes(store: AccountStore) -> None:
    store.add("zhang", "city_analyst", PASSWORD)
    assert PASSWORD not in dump(store)
    assert "$argon2id$" in dump(store)
    assert store.path.stat().st_mode & 0o777 == 0o600


def test_five_failures_lock_the_account_for_30_minutes(store: AccountStore, clock: Clock) -> None:
    store.add("zhang", "city_analyst", PASSWORD)
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            store.sign_in("zhang", "Wrong-password-1")
    with pytest.raises(AccountLocked, match="locked"):  # even the right password
        store.sign_in("zhang", PASSWORD)
    clock.t += 29 * 60
    with pytest.raises(AccountLocked):
        store.sign_in("zhang", PASSWORD)
    clock.t += 2 * 60
    assert store.sign_in("zhang", PASSWORD).name == "zhang"


def test_a_success_resets_the_failure_count(store: AccountStore) -> None:
    store.add("zhang", "city_analyst", PASSWORD)
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            store.sign_in("zhang", "Wrong-password-1")
    store.sign_in("zhang", PASSWORD)
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            store.sign_in("zhang", "Wrong-password-1")
    assert store.sign_in("zhang", PASSWORD).name == "zhang"  # 4 + 4 failures, never 5 in a row


def test_a_session_ends_after_30_idle_minutes_and_use_keeps_it_alive(
    store: AccountStore, clock: Clock
) -> None:
    store.add("zhang", "city_analyst", PASSWORD)
    session_id, _ = store.open_session(store.sign_in("zhang", PASSWORD))
    clock.t += 20 * 60
    assert store.session_holder(session_id).account == "zhang"  # used: idle time starts again
    clock.t += 29 * 60
    assert store.session_holder(session_id).account == "zhang"
    clock.t += 31 * 60
    with pytest.raises(Unauthenticated, match="idle"):
        store.session_holder(session_id)
    clock.t -= 40 * 60  # ended is ended, whatever the clock says
    with pytest.raises(Unauthenticated):
        store.session_holder(session_id)


def test_administrators_need_a_one_time_code(store: AccountStore, clock: Clock) -> None:
    secret = store.add("root", "system_admin", PASSWORD)
    assert secret is not None
    with pytest.raises(Unauthenticated, match="one-time code"):
        store.sign_in("root", PASSWORD)
    with pytest.raises(Unauthenticated):
        store.sign_in(
            "root", PASSWORD, "000000" if totp.code_at(secret, clock.t) != "000000" else "1"
        )
    code = totp.code_at(secret, clock.t)
    assert store.sign_in("root", PASSWORD, code).role == "system_admin"
    with pytest.raises(Unauthenticated):  # the same code cannot be used twice
        store.sign_in("root", PASSWORD, code)
    clock.t += 30
    assert store.sign_in("root", PASSWORD, totp.code_at(secret, clock.t)).name == "root"
    assert store.add("analyst2", "city_analyst", PASSWORD) is None  # optional for others


def test_tokens_expire_and_can_be_revoked(store: AccountStore, clock: Clock) -> None:
    store.add("screen", "dashboard", PASSWORD)
    issued = store.create_token("screen", days=1)
    assert issued.secret.split("_", 2)[2] not in dump(store) and issued.id in dump(store)
    assert store.token(issued.secret).role == "dashboard"
    clock.t += 86400
    with pytest.raises(Unauthenticated, match="expired"):
        store.token(issued.secret)
    second = store.create_token("screen", days=30)
    store.revoke_token(second.id)
    with pytest.raises(Unauthenticated, match="revoked"):
        store.token(second.secret)
    with pytest.raises(Unauthenticated, match="not one the service issued"):
        store.token(second.secret[:-2] + "xx")


def test_a_token_is_bound_to_its_accounts_role_and_state(store: AccountStore) -> None:
    store.add("li", "street_analyst", PASSWORD, "Street:ST01")
    issued = store.create_token("li")
    assert store.token(issued.secret).scope == "Street:ST01"
    store.set_role("li", "grid_leader", "Grid:G01")
    with pytest.raises(Unauthenticated, match="another role"):
        store.token(issued.secret)
    again = store.create_token("li")
    store.set_disabled("li", True)
    with pytest.raises(Unauthenticated, match="disabled"):
        store.token(again.secret)
    with pytest.raises(Forbidden, match="disabled"):
        store.sign_in("li", PASSWORD)


def test_administrators_get_no_tokens_and_scoped_roles_need_a_scope(store: AccountStore) -> None:
    store.add("root", "system_admin", PASSWORD)
    with pytest.raises(ValueError, match="no API tokens"):
        store.create_token("root")
    with pytest.raises(ValueError, match="Community:ID"):
        store.add("wang", "community_secretary", PASSWORD)
    with pytest.raises(ValueError, match="whole territory"):
        store.add("chen", "city_analyst", PASSWORD, "Community:CM01")


def test_no_credentials_is_401_problem_json_saying_how_to_sign_in(client: TestClient) -> None:
    response = client.get("/api/v1/stats", headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "POST /api/v1/session" in response.json()["detail"]
    assert "GRAPH_SERVICE_TOKEN" in response.json()["detail"]
    wrong = client.get("/api/v1/stats", headers={"Authorization": "Bearer gst_0000_nope"})
    assert wrong.status_code == 401 and "not one the service issued" in wrong.json()["detail"]


def test_a_role_without_the_permission_is_403_naming_it(
    client: TestClient, accounts: AccountStore
) -> None:
    accounts.add("importer-test", "roster_importer", PASSWORD)
    token = accounts.create_token("importer-test").secret
    response = client.get("/api/v1/analyses/brokers", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["permission"] == "analyses:run"
    assert "security administrator" in response.json()["detail"]


def test_a_browser_session_needs_the_csrf_token_for_changes(
    client: TestClient, accounts: AccountStore
) -> None:
    from conftest import ANALYST, ANALYST_PASSWORD

    browser = TestClient(client.app)  # no token: the cookie only
    signed_in = browser.post(
        "/api/v1/session", json={"name": ANALYST, "password": ANALYST_PASSWORD}
    )
    assert signed_in.status_code == 200, signed_in.text
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    csrf = signed_in.json()["csrf_token"]
    assert browser.get("/api/v1/session").json()["role"] == "city_analyst"
    body = {"scope": "grid", "stairwell_limit": 3}
    refused = browser.post("/api/v1/plans/rebalance", json=body)
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
    elsewhere = browser.post(
        "/api/v1/plans/rebalance",
        json=body,
        headers={"X-CSRF-Token": csrf, "Origin": "http://evil.example"},
    )
    assert elsewhere.status_code == 403
    assert browser.delete("/api/v1/session").status_code == 403  # sign-out is a change too
    assert browser.delete("/api/v1/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert browser.get("/api/v1/session").status_code == 401


def test_a_route_without_a_policy_stops_the_start() -> None:
    from fastapi import FastAPI

    from graph_service.auth.policy import check_policies, requires

    app = FastAPI()
    app.get("/declared", dependencies=[requires("stats:read")])(lambda: {})
    check_policies(app)
    app.get("/forgotten")(lambda: {})
    with pytest.raises(RuntimeError, match="GET /forgotten"):
        check_policies(app)


def test_the_accounts_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from graph_service.cli import main
    from graph_service.settings import get_settings

    monkeypatch.setenv("STATE_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert main(["accounts", "add", "wang", "--role", "community_secretary",
                     "--scope", "Community:CM01"]) == 0  # fmt: skip
        password = capsys.readouterr().out.split("password (shown once): ")[1].split()[0]
        store = AccountStore(tmp_path / "accounts.sqlite3")
        assert store.sign_in("wang", password).scope == "Community:CM01"
        assert main(["accounts", "token-create", "wang", "--days", "7"]) == 0
        secret = capsys.readouterr().out.splitlines()[1]
        assert store.token(secret).account == "wang"
        token_id = secret.split("_")[1]
        assert main(["accounts", "token-revoke", token_id]) == 0
        with pytest.raises(Unauthenticated, match="revoked"):  # a server looks again within 5 s
            AccountStore(tmp_path / "accounts.sqlite3").token(secret)
        assert main(["accounts", "disable", "wang"]) == 0
        assert main(["accounts", "list"]) == 0
        assert "wang\tcommunity_secretary\tCommunity:CM01\tdisabled" in capsys.readouterr().out
        assert main(["accounts", "reset-password", "wang"]) == 0
        assert main(["accounts", "add", "wang", "--role", "dashboard"]) == 2  # taken
        assert "already" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_first_run_makes_an_administrator_and_a_demo_analyst_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from graph_service.cli import main
    from graph_service.settings import get_settings

    monkeypatch.setenv("STATE_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert main(["accounts", "first-run", "--url", "http://127.0.0.1:8123"]) == 0
        printed = capsys.readouterr().out
        written = (tmp_path / "first-run-accounts.txt").read_text(encoding="utf-8")
        assert written in printed and "http://127.0.0.1:8123/sign-in" in written
        assert (tmp_path / "first-run-accounts.txt").stat().st_mode & 0o777 == 0o600
        password = written.split("demo-analyst")[1].split("password: ")[1].split()[0]
        store = AccountStore(tmp_path / "accounts.sqlite3")
        assert store.sign_in("demo-analyst", password).role == "city_analyst"
        assert store.get("admin").second_factor
        assert main(["accounts", "first-run"]) == 0  # accounts exist: nothing new, nothing shown
        assert capsys.readouterr().out == ""
        assert [a.name for a in store.all()] == ["admin", "demo-analyst"]
    finally:
        get_settings.cache_clear()
