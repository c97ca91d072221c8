"""A local Neo4j 5.26 Community server, built from the jars on Maven Central.

Neo4j's server tarball is not on Maven Central, but `org.neo4j:neo4j` and its dependencies are,
and `org.neo4j.server.CommunityEntryPoint` is what the official launcher starts. So:
`mvn dependency:copy-dependencies` (pom `neo4j-pom.xml` beside this module, shipped in the wheel)
lays the jars out once in NEO4J_LIB (`.neo4j-lib/` in the data folder), each server home gets a
`conf/neo4j.conf` of ours, and the server runs as its own JVM on JDK 17. `start`, `stop` and
`status` are idempotent; `start` returns once Bolt answers.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph_service.settings import Settings

POM = Path(__file__).resolve().parent / "neo4j-pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
SUPPORTED_JAVA = (17, 21)
JDK_CANDIDATES = (
    "/usr/lib/jvm/java-17-openjdk-amd64",
    "/usr/lib/jvm/java-17-openjdk-arm64",
    "/usr/lib/jvm/java-21-openjdk-amd64",
)
# From the JVM options of Neo4j's own neo4j.conf: the launcher passes them, so we do too.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


class LocalServerError(RuntimeError):
    """The local server could not be set up or started; the message says what to do."""


@dataclass(frozen=True)
class LocalServer:
    """One server home: its own config, data and logs, listening on 127.0.0.1:`bolt_port`,
    run from the jars in `lib_dir`."""

    home: Path
    lib_dir: Path
    bolt_port: int
    password: str
    heap: str = "768m"
    pagecache: str = "512m"

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalServer:
        return cls(
            home=settings.neo4j_home,
            lib_dir=settings.neo4j_lib,
            bolt_port=settings.neo4j_bolt_port,
            password=settings.neo4j_password,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
        )

    @property
    def pid_file(self) -> Path:
        # Not run/neo4j.pid: Neo4j manages that name itself and removes it.
        return self.home / "run" / "local-server.pid"

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    def pid(self) -> int | None:
        """The server's process id if it is alive, else None.

        The pid file is the fast path; if it is lost, the process is found by its command line
        (our entry point with this home), so a server is never orphaned.
        """
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            pid = None
        if pid is not None and self._is_ours(pid):
            return pid
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit() and self._is_ours(int(proc.name)):
                self.pid_file.parent.mkdir(parents=True, exist_ok=True)
                self.pid_file.write_text(proc.name)
                return int(proc.name)
        return None

    def _is_ours(self, pid: int) -> bool:
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except (FileNotFoundError, PermissionError, ProcessLookupError):
            return False
        return ENTRY_POINT in args and f"--home-dir={self.home}" in args and _alive(pid)

    def bolt_answers(self) -> bool:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", self.bolt_port)) == 0

    def status(self) -> str:
        pid = self.pid()
        if pid is None:
            return f"stopped (home {self.home})"
        state = "running" if self.bolt_answers() else "starting"
        return f"{state}: pid {pid}, bolt://127.0.0.1:{self.bolt_port}, home {self.home}"

    def start(self, wait_s: float = 180.0) -> str:
        """Start the server unless it runs already; return once Bolt answers."""
        self.home.mkdir(parents=True, exist_ok=True)
        with _locked(self.home / ".lock"):
            if self.pid() is None:
                if self.bolt_answers():
                    raise LocalServerError(
                        f"port {self.bolt_port} is taken by another program; "
                        "set NEO4J_BOLT_PORT (and NEO4J_URI) to a free port"
                    )
                java = find_java()
                ensure_jars(self.lib_dir)
                self._write_conf()
                self._set_initial_password(java)
                self._launch(java)
            self._wait_for_bolt(wait_s)
        return self.status()

    def stop(self, wait_s: float = 60.0) -> str:
        """Stop the server if it runs (SIGTERM: Neo4j shuts down cleanly)."""
        pid = self.pid()
        if pid is None:
            return f"already stopped (home {self.home})"
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait_s
        while self.pid() is not None and time.monotonic() < deadline:
            time.sleep(0.2)
        if self.pid() is not None:
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return f"stopped (home {self.home})"

    def _write_conf(self) -> None:
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        (self.home / "conf" / "neo4j.conf").write_text(
            "# Written by graph-service at every start: edit the settings, not this file.\n"
            "server.default_listen_address=127.0.0.1\n"
            f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}\n"
            f"server.bolt.advertised_address=127.0.0.1:{self.bolt_port}\n"
            "server.http.enabled=false\n"
            "server.https.enabled=false\n"
            f"server.memory.pagecache.size={self.pagecache}\n"
            "dbms.memory.transaction.total.max=0\n"
            "dbms.usage_report.enabled=false\n"
            "db.tx_log.rotation.retention_policy=2 files\n"
            f"server.directories.data={self.home / 'data'}\n"
            f"server.directories.logs={self.home / 'logs'}\n"
            f"server.directories.run={self.home / 'run'}\n"
            f"server.directories.import={self.home / 'import'}\n"
            f"server.directories.plugins={self.home / 'plugins'}\n"
        )

    def _admin_env(self) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")}

    def _set_initial_password(self, java: Path) -> None:
        if (self.home / "data" / "dbms" / "auth.ini").exists():
            return
        subprocess.run(
            [
                str(java),
                "-cp",
                f"{self.lib_dir}/*",
                ADMIN_TOOL,
                "dbms",
                "set-initial-password",
                self.password,
            ],
            env=self._admin_env(),
            check=True,
            capture_output=True,
        )

    def _launch(self, java: Path) -> None:
        # posix_spawn with setsid: the server is its own process group, not our child to wait on.
        argv = [
            str(java),
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *JVM_OPTIONS,
            "-cp",
            f"{self.lib_dir}/*",
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.home / 'conf'}",
            "--console-mode",
        ]
        pid = os.posix_spawn(
            str(java),
            argv,
            self._admin_env(),
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (
                    os.POSIX_SPAWN_OPEN,
                    1,
                    str(self.console_log),
                    os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                    0o644,
                ),
                (os.POSIX_SPAWN_DUP2, 1, 2),
            ],
            setsid=True,
        )
        self.pid_file.write_text(str(pid))

    def _wait_for_bolt(self, wait_s: float) -> None:
        pid = int(self.pid_file.read_text())
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not _alive(pid):
                raise LocalServerError(
                    f"Neo4j exited while starting; its log says:\n{self._log_tail()}"
                )
            # The log is truncated at each launch, so "Started." anywhere in it is this run's; a
            # long-running server's log can grow past any tail we would read.
            if self.bolt_answers() and "Started." in self._log_tail(chars=None):
                return
            time.sleep(0.3)
        raise LocalServerError(
            f"Neo4j did not answer on port {self.bolt_port} within {wait_s:.0f}s; "
            f"log:\n{self._log_tail()}"
        )

    def _log_tail(self, chars: int | None = 2000) -> str:
        try:
            text = self.console_log.read_text(errors="replace")
            return text if chars is None else text[-chars:]
        except FileNotFoundError:
            return "(no log yet)"


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie (the cmdline may still be changing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def find_java() -> Path:
    """A JDK that Neo4j 5.26 supports (17 or 21), or a clear error."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    candidates += [Path(home) / "bin" / "java" for home in JDK_CANDIDATES]
    if shutil.which("java"):
        candidates.append(Path(shutil.which("java") or "java"))
    for java in candidates:
        if java.exists() and _java_major(java) in SUPPORTED_JAVA:
            return java
    raise LocalServerError(
        "Neo4j 5.26 needs Java 17 or 21 and none was found (Java 25 is too new). "
        "Install it (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
    )


def _java_major(java: Path) -> int | None:
    out = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)', out)
    return int(match.group(1)) if match else None


def ensure_jars(lib_dir: Path) -> None:
    """Fetch the server's jars from Maven Central into `lib_dir` once (about 120 MB)."""
    marker = lib_dir / ".complete"
    with _locked(lib_dir.with_name(lib_dir.name + ".lock")):
        if marker.exists() and marker.read_text() == POM.read_text():
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalServerError(
                "Maven (mvn) is needed once to fetch Neo4j's jars from Maven Central. "
                "Install it (Debian: apt-get install maven)."
            )
        shutil.rmtree(lib_dir, ignore_errors=True)
        result = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "-f",
                str(POM),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={lib_dir}",
                "-DincludeScope=runtime",
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise LocalServerError(f"mvn could not fetch Neo4j's jars:\n{result.stdout[-3000:]}")
        marker.write_text(POM.read_text())


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
