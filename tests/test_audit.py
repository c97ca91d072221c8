"""The audit trail: records for sign-ins, reads, exports, refusals and account changes; a chain
that `graph-service audit verify` checks, naming the first edited, deleted or moved record;
readable by the audit administrator only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.auth.accounts import AccountStore
from graph_service.auth.audit import AuditTrail
from graph_service.auth.policy import SESSION_COOKIE
from graph_service.db.runner import Runner

PASSWORD = "Audit-trail-2026"


def _tamper(trail: AuditTrail, *statements: str) -> None:
    """Change the file as someone with write access to it could: triggers dropped first."""
    with sqlite3.connect(trail.path) as db:
        db.execute("DROP TRIGGER records_no_update")
        db.execute("DROP TRIGGER records_no_delete")
        for statement in statements:
            db.execute(statement)


@pytest.fixture
def trail(tmp_path: Path) -> AuditTrail:
    trail = AuditTrail(tmp_path)
    for n in range(1, 6):
        trail.append("read", account=f"user{n}", endpoint=f"GET /api/v1/nodes/Person/P{n}")
    trail.flush()  # written by the trail's writer thread
    return trail


def test_an_untouched_trail_verifies(trail: AuditTrail) -> None:
    assert trail.verify() == (5, None)
    assert (trail.path.parent / "audit.key").stat().st_mode & 0o777 == 0o600


def test_the_database_refuses_updates_and_deletes(trail: AuditTrail) -> None:
    with sqlite3.connect(trail.path) as db, pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE records SET account = 'nobody' WHERE seq = 2")
    with sqlite3.connect(trail.path) as db, pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM records WHERE seq = 2")


def test_an_edited_record_is_named(trail: AuditTrail) -> None:
    _tamper(trail, "UPDATE records SET account = 'someone-else' WHERE seq = 3")
    _, broken = trail.verify()
    assert broken is not None and broken.seq == 3 and "edited" in broken.why


def test_a_deleted_record_is_named(trail: AuditTrail) -> None:
    _tamper(trail, "DELETE FROM records WHERE seq = 2")
    _, broken = trail.verify()
    assert broken is not None and broken.seq == 3 and "deleted" in broken.why


def test_reordered_records_are_named(trail: AuditTrail) -> None:
    # Swap the contents of records 2 and 4, numbers and hashes included.
    _tamper(
        trail,
        "UPDATE records SET seq = -2 WHERE seq = 2",
        "UPDATE records SET seq = 2 WHERE seq = 4",
        "UPDATE records SET seq = 4 WHERE seq = -2",
    )
    _, broken = trail.verify()
    assert broken is not None and broken.seq in (2, 4)
    assert broken.seq == min(2, 4) or "moved" in broken.why


def test_a_chain_rebuilt_without_the_key_does_not_verify(trail: AuditTrail, tmp_path: Path) -> None:
    (tmp_path / "audit.key").write_text("00" * 32, encoding="ascii")  # the forger's key
    forged = AuditTrail(tmp_path)
    _, broken = forged.verify()
    assert broken is not None and broken.seq == 1


def test_audit_verify_command_exits_2_naming_the_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from graph_service.cli import main
    from graph_service.settings import get_settings

    trail = AuditTrail(tmp_path)
    for n in range(3):
        trail.append("export", account=f"user{n}")
    trail.flush()
    monkeypatch.setenv("STATE_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert main(["audit", "verify"]) == 0
        assert "ok: 3 records" in capsys.readouterr().out
        _tamper(trail, "UPDATE records SET action = 'read' WHERE seq = 2")
        assert main(["audit", "verify"]) == 2
        assert "broken at record 2:" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_requests_leave_records_and_only_the_audit_administrator_reads_them(
    client: TestClient, small_street: Runner, accounts: AccountStore
) -> None:
    from conftest import ANALYST

    trail: AuditTrail = client.app.state.audit  # type: ignore[attr-defined]
    before, _ = trail.records()
    client.get("/api/v1/nodes/Person/P7")
    client.get("/api/v1/search", params={"q": "东苑"})
    client.get("/api/v1/exports")
    client.post("/api/v1/session", json={"name": ANALYST, "password": "Not-it-at-all-1"})
    accounts.add("auditor-test", "audit_admin", PASSWORD)
    session_id, _ = accounts.open_session(accounts.get("auditor-test"))
    as_auditor = {"Authorization": "", "Cookie": f"{SESSION_COOKIE}={session_id}"}
    assert (
        client.get(
            "/api/v1/audit", headers={"Authorization": client.headers["Authorization"]}
        ).status_code
        == 403
    )
    page = client.get("/api/v1/audit", params={"limit": 5}, headers=as_auditor).json()
    # A read is recorded once answered: this page shows the five requests before it.
    assert page["total"] == before + 5
    refused, failed, export, search, node = page["records"]
    assert [r["action"] for r in page["records"]] == [
        "audit-read",
        "sign-in",
        "export",
        "read",
        "read",
    ]
    assert refused["result"] == "403" and refused["account"] == ANALYST
    assert failed["result"] == "401" and failed["account"] == ANALYST
    assert export["endpoint"] == "GET /api/v1/exports" and export["role"] == "city_analyst"
    assert "东苑" not in search["parameters"]  # the searched text is kept as a keyed hash
    assert node["endpoint"] == "GET /api/v1/nodes/Person/P7" and node["request_id"]
    csv_text = client.get(
        "/api/v1/audit", params={"action": "export", "format": "csv"}, headers=as_auditor
    ).text
    assert csv_text.startswith("\ufeffseq,at,account") and "GET /api/v1/exports" in csv_text
    newest = client.get("/api/v1/audit", params={"limit": 1}, headers=as_auditor).json()
    assert newest["records"][0]["account"] == "auditor-test"
    assert trail.verify()[1] is None
