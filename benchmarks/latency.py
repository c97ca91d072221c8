"""Latency of every named analysis and of an entity lookup, warm, straight through the driver
(the runner the API uses) and through the API over HTTP (a real uvicorn process on loopback).

Each is run once to warm up, then repeatedly within a time budget (at least 3 runs): p50 is the
median, p99 the nearest-rank 99th percentile (with few runs it is the slowest run; the run count
is reported beside it).
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from graph_service.analyses.answers import catalogue, run
from graph_service.auth.accounts import AccountStore
from graph_service.db.runner import Runner


def percentiles(samples: list[float]) -> dict[str, Any]:
    """p50 and nearest-rank p99 in milliseconds, and how many runs they come from."""
    ordered = sorted(samples)
    p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": p99 * 1000,
        "runs": len(ordered),
    }


MIN_RUNS = 3


def repeat(call: Callable[[], object], runs: int, budget_s: float) -> dict[str, Any]:
    """Warm up once, then time `call` up to `runs` times or until `budget_s` is spent (at least
    MIN_RUNS times)."""
    call()
    samples: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(samples) < runs and (len(samples) < MIN_RUNS or time.perf_counter() < deadline):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def lookup_target(runner: Runner) -> tuple[str, str]:
    """A stairwell in the middle of the network, for the entity lookup."""
    [row] = runner.run("bench/middle-stairwell")
    return "Stairwell", row["id"]


def driver_latency(
    runner: Runner, runs: int, budget_s: float, log: Callable[[str], None]
) -> dict[str, Any]:
    """Every analysis with its default parameters, and the node lookup, through the runner."""
    found: dict[str, Any] = {}
    for name, analysis in catalogue().items():
        params = analysis.coerce({})
        log(f"driver: {name}")
        found[name] = repeat(lambda a=analysis, p=params: run(runner, a, p), runs, budget_s)  # type: ignore[misc]
    label, node_id = lookup_target(runner)
    found["lookup"] = repeat(
        lambda: runner.run("entities/node", {"id": node_id}, tokens={"label": label}),
        runs * 10,
        budget_s,
    )
    found["round-trip"] = repeat(lambda: runner.run("bench/round-trip"), runs * 10, budget_s)
    return found


class ApiServer:
    """`graph-service serve` in its own process against the benchmark's Neo4j."""

    def __init__(
        self, port: int, env: dict[str, str], workers: int = 1, source: Path | None = None
    ) -> None:
        self.port = port
        self.env = {**os.environ, **env, "LOAD_SAMPLE": "false"}
        self.workers = workers
        # `source`: a folder holding another version of the package (an earlier commit),
        # served with this virtualenv's packages instead of the installed one.
        self.source = source
        if source is not None:
            self.env["PYTHONPATH"] = str(source)
        self.process: subprocess.Popen[bytes] | None = None
        # Its own accounts and audit trail, and an analyst's token to send with every request
        # (with ACCESS_CONTROL=false nobody is asked: the side-by-side run without it).
        self._state = tempfile.TemporaryDirectory(prefix="bench-state-")
        self.env["STATE_DIR"] = self._state.name
        accounts = AccountStore(Path(self._state.name) / "accounts.sqlite3")
        accounts.add("bench-analyst", "city_analyst", "Load-test-reader-2026!")
        token = accounts.create_token("bench-analyst", days=1, label="benchmark").secret
        self.headers = {"Authorization": f"Bearer {token}"}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ApiServer:
        program = (
            [sys.executable, "-m", "graph_service.cli"]
            if self.source
            else [str(Path(sys.executable).parent / "graph-service")]
        )
        argv = [
            *program,
            "serve",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        # From the source folder: `python -m` puts the working directory first on the path.
        self.process = subprocess.Popen(
            argv,
            env=self.env,
            cwd=self.source,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"the API did not answer on {self.base}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
        self._state.cleanup()


def api_latency(
    api: ApiServer, lookup: tuple[str, str], runs: int, budget_s: float, log: Callable[[str], None]
) -> dict[str, Any]:
    """Every analysis (first page of JSON) and the node lookup, over HTTP, one at a time."""
    found: dict[str, Any] = {}
    with httpx.Client(base_url=api.base, timeout=1_800, headers=api.headers) as client:

        def get(path: str) -> None:
            response = client.get(path)
            response.raise_for_status()

        for name in catalogue():
            log(f"api: {name}")
            found[name] = repeat(lambda n=name: get(f"/api/v1/analyses/{n}"), runs, budget_s)  # type: ignore[misc]
        found["lookup"] = repeat(
            lambda: get(f"/api/v1/nodes/{lookup[0]}/{lookup[1]}"), runs * 10, budget_s
        )
    return found
