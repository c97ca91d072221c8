"""The benchmark's smoke run (`make bench SCALE=street` in quick mode), started in the
background when the session begins and waited for by tests/test_bench.py, which runs last.

The run takes about two minutes, most of it waiting on its own Neo4j and API servers (started
on free ports, so it never touches the tests' server): beside the other tests it costs the
suite little of its time. Its output goes to files, not pipes, so nothing blocks while no one
reads it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_S = 900


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


class BenchRun:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bench-smoke-"))
        self.out = (self.folder / "stdout").open("w", encoding="utf-8")
        self.err = (self.folder / "stderr").open("w", encoding="utf-8")
        # A result left by an earlier run must not stand in for this one's.
        (REPO / "benchmarks" / "results" / "quick.json").unlink(missing_ok=True)
        bolt, api = free_port(), free_port()
        while api in (bolt, bolt + 1) or api + 1 == bolt:  # the access pair uses api and api+1
            api = free_port()
        self.process = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "bench",
                "SCALE=street",
                f"BENCH_PORT={bolt}",
                f"BENCH_API_PORT={api}",
                "BENCH_ARGS=--quick --households 3000",
                "BENCH_HOME=benchmarks/.neo4j-bench-smoke",  # one home, reused by every run
            ],
            cwd=REPO,
            stdout=self.out,
            stderr=self.err,
            text=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")},
            start_new_session=True,  # stopped as a group: make, python, its servers
        )

    def wait(self) -> Finished:
        """Wait for the run (at most 15 minutes) and give what it printed."""
        try:
            returncode = self.process.wait(timeout=TIMEOUT_S)
        finally:
            self.stop()
        return Finished(
            returncode,
            (self.folder / "stdout").read_text(encoding="utf-8"),
            (self.folder / "stderr").read_text(encoding="utf-8"),
        )

    def stop(self) -> None:
        """Stop the run if it is still going (a session cut short)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=60)
        self.out.close()
        self.err.close()


_run: dict[str, BenchRun] = {}


def start() -> None:
    if "run" not in _run:
        _run["run"] = BenchRun()


def started() -> BenchRun:
    """The run the session started (started now if it was not: the test run on its own)."""
    start()
    return _run["run"]


def stop() -> None:
    if "run" in _run:
        _run["run"].stop()
