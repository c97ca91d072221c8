"""Backups that restore: the local server's database dumped and loaded with `neo4j-admin`.

Community Edition has no online backup, so `backup` stops the local server, runs `neo4j-admin
database dump`, and starts it again (if it was running); `restore` stops it, runs `neo4j-admin
database load --overwrite-destination`, and starts it. A backup is a folder: `neo4j.dump`, a
copy of the service's state folder (`STATE_DIR`: accounts, API tokens, the audit trail), and
`backup.json` saying what it holds, with the dump's SHA-256 (checked before a restore
overwrites anything). The graph's history lives in the graph, so the dump holds it.

The state folder's SQLite files are copied with SQLite's own backup (a consistent copy while
the service writes them). A restore puts back the accounts but keeps two things as they are:
the local server's password (`neo4j-password`: the dump holds the graph, not Neo4j's users, so
the server keeps its password, and this file with it; a backup's copy is never put back), and
the audit trail (`audit.sqlite3`, `audit.key`: append-only, never taken back to an older
state; on a machine that has none yet, the backup's is restored).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from graph_service.db.local_server import (
    ADMIN_TOOL,
    LocalServer,
    LocalServerError,
    find_java,
)

MANIFEST = "backup.json"
STATE = "state"
KEPT_ON_RESTORE = ("neo4j-password",)  # the running server's own, not the backup's
APPEND_ONLY = ("audit.sqlite3", "audit.key")  # restored only where there is none


def _copy_state(source: Path, target: Path) -> None:
    """Copy a state folder; SQLite files through SQLite's backup (consistent while in use)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.is_dir():
            _copy_state(path, target / path.name)
        elif path.suffix == ".sqlite3":
            with (
                closing(sqlite3.connect(path)) as live,
                closing(sqlite3.connect(target / path.name)) as copy,
            ):
                live.backup(copy)
        elif path.suffix not in (".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal"):
            shutil.copy2(path, target / path.name)


def restore_state(source: Path, state_dir: Path) -> None:
    """Put the backup's state in place, except the files that are never taken back (the state
    half of `restore`, which calls it while the server is stopped)."""
    kept = set(KEPT_ON_RESTORE)
    if (state_dir / "audit.sqlite3").exists():
        kept |= set(APPEND_ONLY)
    state_dir.mkdir(parents=True, exist_ok=True)
    for path in state_dir.iterdir():
        if not path.name.startswith(tuple(kept)):  # sidecars (-wal, -shm) go with their file
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for path in source.iterdir():
        if path.name not in kept:
            (shutil.copytree if path.is_dir() else shutil.copy2)(path, state_dir / path.name)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(2**20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _admin(server: LocalServer, *args: str) -> None:
    result = subprocess.run(
        [str(find_java()), "-cp", f"{server.lib_dir}/*", ADMIN_TOOL, *args],
        env=server._admin_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise LocalServerError(
            f"neo4j-admin {' '.join(args[:2])} failed:\n{(result.stderr or result.stdout)[-2000:]}"
        )


def backup(
    server: LocalServer, target: Path, *, database: str = "neo4j", state_dir: Path | None = None
) -> str:
    """Dump `database` (and copy `state_dir`) into the new folder `target`; the server is
    stopped meanwhile and started again if it was running. Returns a one-line summary."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise LocalServerError(f"{target} exists and is not empty: name a new folder")
    target.mkdir(parents=True, exist_ok=True)
    was_running = server.pid() is not None
    server.stop()
    server._write_conf()  # the admin tool reads the same neo4j.conf as the server
    try:
        _admin(server, "database", "dump", database, f"--to-path={target}")
    finally:
        if was_running:
            server.start()
    dump = target / f"{database}.dump"
    has_state = state_dir is not None and Path(state_dir).is_dir()
    if has_state and state_dir is not None:
        _copy_state(Path(state_dir), target / STATE)
    manifest = {
        "made": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": database,
        "dump": dump.name,
        "sha256": _sha256(dump),
        "bytes": dump.stat().st_size,
        "state": STATE if has_state else None,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return f"backed up {database} ({manifest['bytes']:,} bytes) to {target}"


def restore(
    server: LocalServer, source: Path, *, database: str = "neo4j", state_dir: Path | None = None
) -> str:
    """Replace `database` (and `state_dir`) with the backup in `source`; the server is stopped
    meanwhile and started again. The dump is checked against its SHA-256 first."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        raise LocalServerError(f"{source} is not a backup (no readable {MANIFEST})") from None
    dump = source / manifest["dump"]
    if not dump.is_file() or _sha256(dump) != manifest["sha256"]:
        raise LocalServerError(f"{dump} is missing or damaged (SHA-256 differs): not restored")
    server.stop()
    server._write_conf()
    try:
        _admin(
            server,
            "database",
            "load",
            database,
            f"--from-path={source}",
            "--overwrite-destination=true",
        )
        if manifest.get("state") and state_dir is not None:
            restore_state(source / manifest["state"], Path(state_dir))
    finally:
        server.start()
    return f"restored {database} from {source} (made {manifest['made']})"
