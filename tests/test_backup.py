"""`graph-service backup` and `restore`: a backup of the tests' server restored into a new,
empty server holds exactly the same graph (every node, relationship, label and property), and
the service's state folder comes back as it was, except what is never taken back (the running
server's password, an audit trail already there)."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pytest

from graph_service.auth.accounts import AccountStore
from graph_service.auth.audit import AuditTrail
from graph_service.db import backup
from graph_service.db.local_server import LocalServer, LocalServerError
from graph_service.db.runner import Runner, connect
from graph_service.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fingerprint(db: Runner) -> tuple[int, int, str]:
    """Every node and relationship, read straight through the driver (as another client
    would: the restored server is not the tests' own)."""
    text = (FIXTURES / "fingerprint.cypher").read_text(encoding="utf-8")
    [record] = db.driver.execute_query(text, leave_out=[], database_=db.database).records
    row = record.data()
    nodes = sorted(
        json.dumps(n, sort_keys=True, ensure_ascii=False, default=str) for n in row["nodes"]
    )
    rels = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str)
                  for r in row["relationships"])  # fmt: skip
    digest = hashlib.sha256("\n".join(nodes + rels).encode()).hexdigest()
    return len(nodes), len(rels), digest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_a_backup_restores_into_an_empty_server_with_the_same_fingerprint(
    small_street: Runner, test_server: LocalServer, settings: Settings, tmp_path: Path
) -> None:
    before = fingerprint(small_street)
    assert before[0] > 10 and before[1] > 10
    state = tmp_path / "state"
    AccountStore(state / "accounts.sqlite3").add("kept", "city_analyst", "Backed-up-2026")
    trail = AuditTrail(state)
    trail.append("backup-test", account="kept")
    trail.flush()
    (state / "neo4j-password").write_text("the-server-s-own", encoding="ascii")
    summary = backup.backup(test_server, tmp_path / "backup", state_dir=state)
    assert "backed up neo4j" in summary and test_server.pid() is not None  # running again
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert manifest["dump"] == "neo4j.dump" and len(manifest["sha256"]) == 64
    with pytest.raises(LocalServerError, match="not empty"):
        backup.backup(test_server, tmp_path / "backup")

    empty = LocalServer(home=tmp_path / "empty-server", lib_dir=test_server.lib_dir,
                        bolt_port=free_port(),
                        password=settings.neo4j_password, heap="512m", pagecache="64m")  # fmt: skip
    empty.start()
    try:
        other = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{empty.bolt_port}"})
        driver = connect(other)
        assert fingerprint(Runner(driver, "neo4j"))[:2] == (0, 0)
        driver.close()
        # Meanwhile an account is added, the trail grows, the server's password changes.
        AccountStore(state / "accounts.sqlite3").add("later", "dashboard", "Added-afterwards-2026")
        trail.append("after-the-backup", account="later")
        trail.flush()
        (state / "neo4j-password").write_text("changed-since", encoding="ascii")
        restored = backup.restore(empty, tmp_path / "backup", state_dir=state)
        assert "restored neo4j" in restored
        driver = connect(other)
        try:
            assert fingerprint(Runner(driver, "neo4j")) == before
        finally:
            driver.close()
        names = [account.name for account in AccountStore(state / "accounts.sqlite3").all()]
        assert names == ["kept"]  # the accounts as backed up
        assert (state / "neo4j-password").read_text(encoding="ascii") == "changed-since"
        assert AuditTrail(state).verify()[0] == 2 and AuditTrail(state).verify()[1] is None
        # A new machine, no audit trail yet: the backup's comes back. Only the state half of
        # `restore` (restoring the database a second time would only cost the suite 25 s).
        elsewhere = tmp_path / "new-machine"
        backup.restore_state(tmp_path / "backup" / manifest["state"], elsewhere)
        assert AuditTrail(elsewhere).verify() == (1, None)
        assert not (elsewhere / "neo4j-password").exists()  # that server has its own
        damaged = tmp_path / "backup" / "neo4j.dump"
        damaged.write_bytes(damaged.read_bytes()[:-10])
        with pytest.raises(LocalServerError, match="damaged"):
            backup.restore(empty, tmp_path / "backup")
    finally:
        empty.stop()
