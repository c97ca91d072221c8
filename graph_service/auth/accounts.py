"""Accounts, sign-in with lockout, cookie sessions with an idle timeout, and API tokens.

All of it is one SQLite file (`STATE_DIR/accounts.sqlite3`): the service's own state, never
the graph. Session ids and token secrets are random and long, so they are kept as SHA-256
digests (a stolen file gives no usable credential) and checked in microseconds; passwords,
which people choose, are kept as argon2id hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_service.auth import passwords, totp
from graph_service.auth.roles import check_scope, role
from graph_service.errors import Forbidden, ServiceError, Unauthenticated

LOCK_AFTER_FAILURES = 5
LOCK_S = 30 * 60
IDLE_S = 30 * 60
TOKEN_DAYS = 90
TOKEN_PREFIX = "gst"
TOKEN_RECHECK_S = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
  name TEXT PRIMARY KEY, role TEXT NOT NULL, scope TEXT, password_hash TEXT NOT NULL,
  totp_secret TEXT, totp_last_step INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
  locked_until REAL NOT NULL DEFAULT 0, created_at REAL NOT NULL, changed_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(name), role TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', created_at REAL NOT NULL,
  expires_at REAL NOT NULL, revoked_at REAL);
CREATE TABLE IF NOT EXISTS sessions (
  id_sha256 TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(name),
  role TEXT NOT NULL, csrf TEXT NOT NULL, created_at REAL NOT NULL, last_seen REAL NOT NULL,
  ended_at REAL);
"""
SIGN_IN_HELP = (
    "sign in with POST /api/v1/session (name and password) or send `Authorization: Bearer "
    "<token>` (a token from `graph-service accounts token-create NAME`; the Python client and "
    "the notebooks read it from GRAPH_SERVICE_TOKEN)"
)


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    scope: str | None
    disabled: bool
    locked_until: float
    second_factor: bool


@dataclass(frozen=True)
class Principal:
    """Who is calling: the account, its role and scope, and how it proved it."""

    account: str
    role: str
    scope: str | None
    credential: str  # "session" or "token:<id>"
    csrf: str | None = None  # a cookie session's CSRF token


@dataclass(frozen=True)
class IssuedToken:
    id: str
    secret: str  # shown once: only its digest is kept
    expires_at: float


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _when(unix_time: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(unix_time))


class AccountStore:
    """The accounts file. `now` is the clock (tests move it forward)."""

    def __init__(self, path: Path, now: Callable[[], float] = time.time) -> None:
        self.path = path
        self.now = now
        self._local = threading.local()
        # token digest -> (when checked, monotonic; who; expires at): a token is looked up in
        # the file at most every TOKEN_RECHECK_S, so a revocation made elsewhere (the command
        # line) takes effect within that time; expiry is checked on every use.
        self._tokens: dict[str, tuple[float, Principal, float]] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            db.executescript(_SCHEMA)
        path.chmod(0o600)

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread, kept: requests run on many threads, and opening a file
        # per request cost more than the query.
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.row_factory = sqlite3.Row
            self._local.connection = connection
        return connection

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """One transaction (IMMEDIATE: a read-then-write cannot interleave with another)."""
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    # accounts -------------------------------------------------------------------------------

    def add(
        self, name: str, role_name: str, password: str, scope: str | None = None,
        *, second_factor: bool = False,
    ) -> str | None:  # fmt: skip
        """Create an account; returns its TOTP secret when it has a second factor (always for
        administrators). ValueError if the name is taken, the role or scope is wrong, or the
        password breaks the rule."""
        if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise ValueError("an account name is letters, digits, '-', '_' or '.'")
        scope = check_scope(role_name, scope)
        problem = passwords.weakness(password, name)
        if problem:
            raise ValueError(problem)
        secret = totp.new_secret() if second_factor or role(role_name).second_factor else None
        now = self.now()
        with self._db() as db:
            if db.execute("SELECT 1 FROM accounts WHERE name = ?", (name,)).fetchone():
                raise ValueError(f"there is an account named {name!r} already")
            db.execute(
                "INSERT INTO accounts (name, role, scope, password_hash, totp_secret,"
                " created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, role_name, scope, passwords.hashed(password), secret, now, now),
            )
        return secret

    def get(self, name: str) -> Account:
        with self._db() as db:
            row = db.execute("SELECT * FROM accounts WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"no account named {name!r}")
        return self._account(row)

    def all(self) -> list[Account]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM accounts ORDER BY name").fetchall()
        return [self._account(row) for row in rows]

    @staticmethod
    def _account(row: sqlite3.Row) -> Account:
        return Account(
            row["name"], row["role"], row["scope"], bool(row["disabled"]), row["locked_until"],
            row["totp_secret"] is not None,
        )  # fmt: skip

    def set_disabled(self, name: str, disabled: bool) -> None:
        """Disable (or enable) an account: its sessions end and its tokens stop working."""
        self._tokens.clear()
        self.get(name)
        with self._db() as db:
            db.execute(
                "UPDATE accounts SET disabled = ?, changed_at = ? WHERE name = ?",
                (int(disabled), self.now(), name),
            )
            if disabled:
                db.execute(
                    "UPDATE sessions SET ended_at = ? WHERE account = ? AND ended_at IS NULL",
                    (self.now(), name),
                )

    def reset_password(self, name: str, password: str) -> None:
        """A new password; the lock is lifted and every session of the account ends."""
        problem = passwords.weakness(password, name)
        if problem:
            raise ValueError(problem)
        self.get(name)
        now = self.now()
        with self._db() as db:
            db.execute(
                "UPDATE accounts SET password_hash = ?, failures = 0, locked_until = 0,"
                " changed_at = ? WHERE name = ?",
                (passwords.hashed(password), now, name),
            )
            db.execute(
                "UPDATE sessions SET ended_at = ? WHERE account = ? AND ended_at IS NULL",
                (now, name),
            )

    def set_role(self, name: str, role_name: str, scope: str | None) -> None:
        """A new role and scope. Sessions and tokens made for the old role stop working."""
        self._tokens.clear()
        scope = check_scope(role_name, scope)
        self.get(name)
        with self._db() as db:
            db.execute(
                "UPDATE accounts SET role = ?, scope = ?, changed_at = ? WHERE name = ?",
                (role_name, scope, self.now(), name),
            )

    # sign-in --------------------------------------------------------------------------------

    def sign_in(self, name: str, password: str, code: str | None = None) -> Account:
        """The account if the password (and one-time code, where the account has a second
        factor) is right. Five failures in a row lock it for 30 minutes."""
        now = self.now()
        refusal: ServiceError | None = None
        with self._db() as db:  # a refusal is raised after the failure count is committed
            row = db.execute("SELECT * FROM accounts WHERE name = ?", (name,)).fetchone()
            if row is not None and row["locked_until"] > now:
                raise AccountLocked(
                    f"this account is locked after {LOCK_AFTER_FAILURES} failed sign-ins "
                    f"until {_when(row['locked_until'])}; wait, or ask a system administrator "
                    "to reset its password (`graph-service accounts reset-password NAME`)"
                )
            right = passwords.matches(row["password_hash"] if row else None, password)
            if row is None:
                raise Unauthenticated(f"wrong account name or password; {SIGN_IN_HELP}")
            step = None
            if right and row["totp_secret"] is not None:
                if not code:
                    raise Unauthenticated(
                        "this account signs in with a one-time code too: send `totp`, the "
                        "6-digit code its authenticator app shows",
                        parameter="totp",
                    )
                step = totp.matching_step(row["totp_secret"], code, now, row["totp_last_step"])
                right = step is not None
            if not right:
                failures = row["failures"] + 1
                locked = now + LOCK_S if failures >= LOCK_AFTER_FAILURES else 0
                db.execute(
                    "UPDATE accounts SET failures = ?, locked_until = ? WHERE name = ?",
                    (0 if locked else failures, locked, name),
                )
                refusal = Unauthenticated(
                    "wrong account name, password or one-time code "
                    f"({LOCK_AFTER_FAILURES} failures in a row lock the account for "
                    f"{LOCK_S // 60} minutes)"
                )
            elif row["disabled"]:
                refusal = Forbidden(
                    "this account is disabled; ask a system administrator to enable it"
                )
            else:
                db.execute(
                    "UPDATE accounts SET failures = 0,"
                    " totp_last_step = MAX(totp_last_step, ?) WHERE name = ?",
                    (step or 0, name),
                )
        if refusal is not None:
            raise refusal
        return self._account(row)

    # cookie sessions ------------------------------------------------------------------------

    def open_session(self, account: Account) -> tuple[str, str]:
        """A new session for a signed-in account: (session id for the cookie, CSRF token)."""
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = self.now()
        with self._db() as db:
            db.execute(
                "INSERT INTO sessions (id_sha256, account, role, csrf, created_at, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (_digest(session_id), account.name, account.role, csrf, now, now),
            )
        return session_id, csrf

    def session_holder(self, session_id: str) -> Principal:
        """Who holds this session; Unauthenticated when it is unknown, ended or idle for 30
        minutes (then it ends). Each use keeps it alive."""
        now = self.now()
        idle = False
        with self._db() as db:  # an idle session is ended (committed), then refused
            row = db.execute(
                "SELECT s.*, a.role AS account_role, a.scope, a.disabled FROM sessions s"
                " JOIN accounts a ON a.name = s.account WHERE s.id_sha256 = ?",
                (_digest(session_id),),
            ).fetchone()
            if row is None or row["ended_at"] is not None or row["disabled"]:
                raise Unauthenticated(f"this session has ended; {SIGN_IN_HELP}")
            if now - row["last_seen"] > IDLE_S or row["role"] != row["account_role"]:
                idle = True
                db.execute(
                    "UPDATE sessions SET ended_at = ? WHERE id_sha256 = ?", (now, row["id_sha256"])
                )
            elif now - row["last_seen"] > 30:  # one write a minute at most, not per request
                db.execute(
                    "UPDATE sessions SET last_seen = ? WHERE id_sha256 = ?",
                    (now, row["id_sha256"]),
                )
        if idle:
            raise Unauthenticated(
                f"this session ended after {IDLE_S // 60} idle minutes (or the account's "
                f"role changed); {SIGN_IN_HELP}"
            )
        return Principal(row["account"], row["role"], row["scope"], "session", row["csrf"])

    def close_session(self, session_id: str) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE sessions SET ended_at = ? WHERE id_sha256 = ? AND ended_at IS NULL",
                (self.now(), _digest(session_id)),
            )

    # API tokens -----------------------------------------------------------------------------

    def create_token(self, name: str, days: float = TOKEN_DAYS, label: str = "") -> IssuedToken:
        """A token for the account and its current role, valid `days`; shown once."""
        account = self.get(name)
        if role(account.role).second_factor:
            raise ValueError(
                "administrators sign in with a one-time code and get no API tokens; tokens are "
                "for dashboards, notebooks and scripts"
            )
        if not 0 < days <= 366:
            raise ValueError("a token lasts more than 0 and at most 366 days")
        token_id, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        now = self.now()
        expires = now + days * 86400
        with self._db() as db:
            db.execute(
                "INSERT INTO tokens (id, account, role, secret_sha256, label, created_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (token_id, name, account.role, _digest(secret), label, now, expires),
            )
        return IssuedToken(token_id, f"{TOKEN_PREFIX}_{token_id}_{secret}", expires)

    def revoke_token(self, token_id: str) -> None:
        self._tokens.clear()
        with self._db() as db:
            done = db.execute(
                "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (self.now(), token_id),
            ).rowcount
        if not done:
            raise ValueError(f"no live token with id {token_id!r}")

    def tokens(self, name: str | None = None) -> list[dict[str, Any]]:
        """Every token (never its secret): id, account, role, label, created, expires, revoked."""
        with self._db() as db:
            rows = db.execute(
                "SELECT id, account, role, label, created_at, expires_at, revoked_at FROM tokens"
                " WHERE ? IS NULL OR account = ? ORDER BY created_at",
                (name, name),
            ).fetchall()
        return [dict(row) for row in rows]

    def token(self, presented: str) -> Principal:
        """Who a Bearer token belongs to; Unauthenticated saying why when it does not work."""
        known = self.known_token(presented)
        if known is not None:
            return known
        digest = _digest(presented)
        who, expires_at = self._token_from_file(presented)
        self._tokens[digest] = (time.monotonic(), who, expires_at)
        return who

    def known_token(self, presented: str) -> Principal | None:
        """`token` from memory alone: None when the file must be read (the token is new here,
        or was last read TOKEN_RECHECK_S ago). Touches no file, so it may run on the event
        loop."""
        known = self._tokens.get(_digest(presented))
        if known is None or time.monotonic() - known[0] >= TOKEN_RECHECK_S:
            return None
        if known[2] <= self.now():
            raise Unauthenticated(f"this token expired at {_when(known[2])}; ask for a new one")
        return known[1]

    def _token_from_file(self, presented: str) -> tuple[Principal, float]:
        prefix, _, rest = presented.partition("_")
        token_id, _, secret = rest.partition("_")
        with self._db() as db:
            row = db.execute(
                "SELECT t.*, a.role AS account_role, a.scope, a.disabled FROM tokens t"
                " JOIN accounts a ON a.name = t.account WHERE t.id = ?",
                (token_id,),
            ).fetchone()
        if (
            prefix != TOKEN_PREFIX
            or row is None
            or not hmac.compare_digest(row["secret_sha256"], _digest(secret))
        ):
            raise Unauthenticated(f"this token is not one the service issued; {SIGN_IN_HELP}")
        if row["revoked_at"] is not None:
            raise Unauthenticated("this token was revoked; ask for a new one")
        if row["expires_at"] <= self.now():
            raise Unauthenticated(
                f"this token expired at {_when(row['expires_at'])}; ask for a new one"
            )
        if row["disabled"] or row["role"] != row["account_role"]:
            raise Unauthenticated(
                "this token's account is disabled or has another role now; ask for a new one"
            )
        who = Principal(row["account"], row["role"], row["scope"], f"token:{token_id}")
        return who, row["expires_at"]


class AccountLocked(Forbidden):
    title = "Account locked"
