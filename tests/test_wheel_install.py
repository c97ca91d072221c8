"""The package installed as a wheel (not editable) works outside the checkout.

The wheel is built the way the Dockerfile builds it: `pip wheel --no-deps` over a copy of
`pyproject.toml` and `graph_service/` (with the explorer bundle that `make setup` builds), and
installed into a fresh virtualenv in a temporary folder (tests/wheel_build.py, from the
session's start), and `graph-service serve` runs from
there, in a working directory outside the checkout, against the tests' Neo4j.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import wheel_build
from fastapi.testclient import TestClient

from graph_service.db.runner import Runner
from graph_service.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def installed() -> Path:
    """The bin folder of a virtualenv outside the checkout holding the built wheel (built with
    the session's start: tests/wheel_build.py)."""
    bin_dir, timing = wheel_build.installed()
    assert not bin_dir.is_relative_to(REPO)
    print(f"\n{timing}")
    return bin_dir


class Served:
    """The installed service's address, and a token its own command line made."""

    def __init__(self, url: str, token: str, log: Path) -> None:
        self.url = url
        self.log = log
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", headers=self.headers, timeout=30)


@pytest.fixture(scope="module")
def served(installed: Path, settings: Settings, runner: Runner) -> Iterator[Served]:
    """`graph-service serve` from the installed wheel, its working directory a fresh folder,
    with an analyst's account and token made by the installed `graph-service accounts`."""
    workdir = installed.parent.parent / "run"
    workdir.mkdir()
    env = {
        "PATH": f"{installed}:/usr/bin:/bin",
        "HOME": str(workdir),
        "LANG": "C.UTF-8",
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "RESULT_CACHE_S": "0",  # the tests change the graph between requests
        "LOAD_SAMPLE": "false",
    }
    where = subprocess.run(
        [
            installed / "python",
            "-c",
            "import json, graph_service.db.local_server as s, graph_service.settings as c;"
            "print(json.dumps([s.__file__, s.POM.is_file(), str(c.Settings().data_dir)]))",
        ],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module, pom_shipped, data_dir = json.loads(where.stdout)
    assert Path(module).is_relative_to(installed.parent)  # the wheel's copy, not the checkout's
    assert pom_shipped  # `graph-service neo4j start` can fetch the server's jars
    assert Path(data_dir) == workdir  # local files go to the working directory

    def command(*args: str) -> str:
        done = subprocess.run(
            [installed / "graph-service", *args],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    command("accounts", "add", "reader", "--role", "city_analyst")
    token = command("accounts", "token-create", "reader").splitlines()[1]
    assert (workdir / ".state" / "accounts.sqlite3").is_file()  # the state is in the data folder

    port = free_port()
    log = workdir / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [installed / "graph-service", "serve", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the installed service did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        ticks = sum(
            map(int, Path(f"/proc/{process.pid}/stat").read_text().split(")")[1].split()[11:13])
        )
        cpu = ticks / os.sysconf("SC_CLK_TCK")
        wall = time.monotonic() - started
        print(f"installed service answering after {wall:.1f} s ({cpu:.1f} s CPU)")
        yield Served(url, token, log)
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert "no Cypher file" not in log.read_text()


def test_the_installed_service_lists_every_analysis(served: Served, client: TestClient) -> None:
    assert httpx.get(f"{served.url}/api/v1/analyses", timeout=30).status_code == 401
    listed = served.get("/api/v1/analyses")
    assert listed.status_code == 200
    names = sorted(a["name"] for a in listed.json()["analyses"])
    in_checkout = sorted(a["name"] for a in client.get("/api/v1/analyses").json()["analyses"])
    cypher_files = sorted(p.stem for p in (REPO / "graph_service/cypher/analyses").glob("*.cypher"))
    assert set(cypher_files) <= set(names)
    assert names == in_checkout


def test_the_installed_service_answers_an_analysis(served: Served, small_street: Runner) -> None:
    answer = served.get("/api/v1/analyses/uncovered-stairwells")
    assert answer.status_code == 200, answer.text
    # Worked out by hand from tests/fixtures/small-street.cypher (as in test_analyses.py).
    assert [row["stairwell_id"] for row in answer.json()["rows"]] == ["S5", "S6", "S7"]


def test_the_installed_service_serves_the_explorer(served: Served) -> None:
    page = served.get("/")
    assert page.status_code == 200, page.text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert "/static/vendor/explorer.js" in assets
    assets.append("/static/vendor/plotly.min.js")  # the explorer fetches it after the graph
    for path in ("/sign-in", "/docs", "/redoc"):  # the other pages, from the package's files
        other = served.get(path)
        assert other.status_code == 200, path
        assets += re.findall(r'(?:src|href)="(/static/[^"]+)"', other.text)
    assert "/static/js/sign-in.js" in assets and "/static/api-docs/swagger-init.js" in assets
    for asset in set(assets):
        assert httpx.get(f"{served.url}{asset}", timeout=30).status_code == 200, asset


def test_the_access_log_names_each_request_without_its_query(served: Served) -> None:
    """What was searched may be a person's name: the log keeps the path, not the query."""
    assert served.get("/api/v1/search?q=张三").status_code == 200
    logged = served.log.read_text()
    assert '"GET /api/v1/search HTTP/1.1" 200' in logged
    assert "q=" not in logged and "%E5%BC%A0" not in logged and "张三" not in logged
