"""The audit trail: one record per sign-in (and failure), personal-data read, export, import,
applied plan and account change, append-only and hash-chained with a keyed hash.

Each record's `mac` is HMAC-SHA256, under a key kept in `STATE_DIR/audit.key` (created at
first use, readable by its owner only), of the previous record's `mac` and this record's
fields. Editing, deleting or reordering a record breaks the chain from that record on, and
`graph-service audit verify` names the first broken one; without the key nobody can forge a
chain that verifies. The database refuses UPDATE and DELETE on the table as well. Records are
never removed by the service (kept well beyond the 180 days asked for).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import logging
import queue
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("graph_service")
GENESIS = "0" * 64
LINGER_S = 0.05  # how long the writer gathers records into one transaction
BATCH = 500  # the most records written in one transaction
FIELDS = (
    "seq", "at", "account", "role", "scope", "client", "request_id", "action", "endpoint",
    "parameters", "objects", "fields_unmasked", "reason", "result", "latency_ms",
)  # fmt: skip
_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
  seq INTEGER PRIMARY KEY, at REAL NOT NULL, account TEXT, role TEXT, scope TEXT, client TEXT,
  request_id TEXT, action TEXT NOT NULL, endpoint TEXT, parameters TEXT, objects TEXT,
  fields_unmasked TEXT, reason TEXT, result TEXT, latency_ms REAL, mac TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_at ON records(at);
CREATE TRIGGER IF NOT EXISTS records_no_update BEFORE UPDATE ON records
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS records_no_delete BEFORE DELETE ON records
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""
_COLUMNS = ", ".join(FIELDS)


@dataclass(frozen=True)
class Broken:
    seq: int
    why: str


def _canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(
        [record.get(field) for field in FIELDS], ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


class AuditTrail:
    """The trail's file and key under `folder`."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "audit.sqlite3"
        key_path = folder / "audit.key"
        if not key_path.exists():
            key_path.touch(mode=0o600)
            key_path.write_text(secrets.token_hex(32), encoding="ascii")
        key_path.chmod(0o600)
        self._key = bytes.fromhex(key_path.read_text(encoding="ascii").strip())
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()
        with closing(sqlite3.connect(self.path)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            # WAL with synchronous=NORMAL: a commit is one append to the log, synced at
            # checkpoints; a power cut may lose the last records but never breaks the chain.
            db.execute("PRAGMA synchronous=NORMAL")
        self.path.chmod(0o600)

    def keyed_digest(self, value: str) -> str:
        """A keyed hash of a personal value (a searched name): equal values give equal
        digests, but nobody without the key can test a guess."""
        return hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def _mac(self, previous: str, record: dict[str, Any]) -> str:
        return hmac.new(
            self._key, previous.encode("ascii") + _canonical(record), hashlib.sha256
        ).hexdigest()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=10, isolation_level=None, check_same_thread=False
        )
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        connection = self._connect()
        try:
            yield connection
        finally:
            connection.close()

    def append(self, action: str, **fields: Any) -> None:
        """Queue one record (the fields of FIELDS; lists and dicts stored as JSON). One writer
        thread chains and writes what is queued, many records to a transaction, so a request
        does not wait for the file; `flush()` waits until everything queued is written.

        The writer keeps one connection to the file, and gathers what arrives within
        `LINGER_S` of a first record into one transaction: opening the file and committing
        once per request cost a cached answer about a third of its throughput (measured with
        `make bench-access`). A record waits at most that long; the chain is the same."""
        record: dict[str, Any] = {field: fields.get(field) for field in FIELDS}
        for field in ("parameters", "objects", "fields_unmasked"):
            if record[field] is not None and not isinstance(record[field], str):
                record[field] = json.dumps(record[field], ensure_ascii=False, sort_keys=True)
        record["action"] = action
        record["at"] = round(fields.get("at") or time.time(), 3)
        with self._writer_lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_queued, daemon=True)
                self._writer.start()
        self._queue.put(record)

    def flush(self) -> None:
        """Wait until every queued record is in the file."""
        self._queue.join()

    def _write_queued(self) -> None:
        connection: sqlite3.Connection | None = None
        while True:
            batch = [self._queue.get()]
            gathered_until = time.monotonic() + LINGER_S
            while len(batch) < BATCH:
                wait = gathered_until - time.monotonic()
                try:
                    batch.append(
                        self._queue.get(timeout=wait) if wait > 0 else self._queue.get_nowait()
                    )
                except queue.Empty:
                    break
            try:
                connection = connection or self._connect()
                self._write(connection, batch)
            except Exception:  # the trail must not take requests down with it: say so loudly
                log.exception("could not write %d audit records", len(batch))
                if connection is not None:
                    connection.close()
                    connection = None  # the next batch opens the file again
            finally:
                for _ in batch:
                    self._queue.task_done()

    def _write(self, db: sqlite3.Connection, batch: list[dict[str, Any]]) -> None:
        db.execute("BEGIN IMMEDIATE")  # other processes append to the same chain
        try:
            row = db.execute("SELECT seq, mac FROM records ORDER BY seq DESC LIMIT 1").fetchone()
            seq, previous = (row["seq"], row["mac"]) if row else (0, GENESIS)
            for record in batch:
                seq += 1
                record["seq"] = seq
                previous = self._mac(previous, record)
                db.execute(
                    f"INSERT INTO records ({_COLUMNS}, mac) VALUES "
                    f"({', '.join('?' * len(FIELDS))}, ?)",
                    [*(record[field] for field in FIELDS), previous],
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def verify(self) -> tuple[int, Broken | None]:
        """(records checked, the first broken record or None). A record is broken when its
        number is not the next one (a record was deleted or moved) or its keyed hash does not
        match its fields and its predecessor's hash (edited, or moved)."""
        self.flush()
        previous, expected, count = GENESIS, 1, 0
        with self._db() as db:
            for row in db.execute(f"SELECT {_COLUMNS}, mac FROM records ORDER BY rowid"):
                count += 1
                record = dict(row)
                if record["seq"] != expected:
                    return count, Broken(
                        record["seq"], f"expected record {expected} here: one was deleted or moved"
                    )
                if not hmac.compare_digest(self._mac(previous, record), record["mac"]):
                    return count, Broken(
                        record["seq"], "its hash does not match: it was edited or moved"
                    )
                previous, expected = record["mac"], expected + 1
        return count, None

    def records(
        self,
        *,
        account: str | None = None,
        action: str | None = None,
        since: float | None = None,
        until: float | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total matching, one page of records, newest first)."""
        where = (
            "(:account IS NULL OR account = :account) AND (:action IS NULL OR action = :action)"
            " AND (:since IS NULL OR at >= :since) AND (:until IS NULL OR at < :until)"
        )
        values = {"account": account, "action": action, "since": since, "until": until}
        self.flush()
        with self._db() as db:
            total = db.execute(f"SELECT count(*) FROM records WHERE {where}", values).fetchone()
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM records WHERE {where} ORDER BY seq DESC"
                " LIMIT :limit OFFSET :offset",
                {**values, "limit": limit, "offset": offset},
            ).fetchall()
        return int(total[0]), [dict(row) for row in rows]


def records_csv(rows: list[dict[str, Any]]) -> str:
    """Records as CSV (with a BOM, so Excel shows Chinese correctly)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


# What each permission's requests are recorded as (requests needing others are not recorded).
AUDITED = {
    "entities:read": "read",
    "graph:read": "read",
    "analyses:run": "analysis",
    "plans:plan": "plan",
    "plans:apply": "apply-plan",
    "rosters:import": "import",
    "rosters:export": "export",
    "audit:read": "audit-read",
    "records:unmask": "unmask",
    "history:read": "read",
    "ledger:write": "change-case",
}
# Query parameters that may hold personal data (a searched name): stored as keyed hashes.
PERSONAL_PARAMETERS = frozenset({"q"})


def install(app: FastAPI) -> None:
    """Give every request an id (`X-Request-Id`) and record those a policy marked for the
    trail (`request.state.audit_action`), with the caller, the answer's status and latency."""
    app.add_middleware(RecordRequests)


class RecordRequests:
    """ASGI middleware for `install`. Plain ASGI, not `@app.middleware`: Starlette's
    BaseHTTPMiddleware runs the app in a task of its own and streams its answer through a
    queue, which cost more per request than the answers served from memory."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent_id = Headers(scope=scope).get("x-request-id", "")[:64]
        request_id = sent_id or secrets.token_hex(8)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500  # an answer never started: the app failed

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-Id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if state.get("audit_action") is not None:
                _record(Request(scope), state, request_id, status, started)


def _record(
    request: Request, state: dict[str, Any], request_id: str, status: int, started: float
) -> None:
    trail: AuditTrail = request.app.state.audit
    who = state.get("principal")
    parameters = {
        name: trail.keyed_digest(value) if name in PERSONAL_PARAMETERS else value
        for name, value in request.query_params.items()
    }
    trail.append(
        state["audit_action"],
        account=who.account if who else state.get("audit_account"),
        role=who.role if who else None,
        scope=who.scope if who else None,
        client=request.client.host if request.client else None,
        request_id=request_id,
        endpoint=f"{request.method} {request.url.path}",
        parameters=parameters or None,
        objects=state.get("audit_objects"),
        fields_unmasked=state.get("audit_fields"),
        reason=state.get("audit_reason"),
        result=str(status),
        latency_ms=round((time.perf_counter() - started) * 1000, 2),
    )
