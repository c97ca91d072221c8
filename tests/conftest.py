"""Test fixtures: a real Neo4j 5.26 of the tests' own, over Bolt.

Isolation: the suite runs its own server (home `.neo4j-test-<port>`, port TEST_NEO4J_BOLT_PORT,
default 7688), so `make test` never touches the data of `make run` (port 7687). Community Edition
has one user database, so tests share it: each test that builds a graph asks for `empty_db`, which
wipes it first. Tests that need the sample network are marked `sample` and run last, together,
so the sample is loaded once.

The sample network (the Quhua street, see docs/data-model.md):
- `sample_roster` (session): the `Path` of the sample roster, generated once per session into a
  temporary folder (one CSV per table, plus `planted.json`). Read it with `csv`, or with
  `roster.files.read_roster` + `roster.validation.validate` for typed tables.
- `planted` (session): `planted.json` as a dict: exactly which gaps and overloads were planted
  (keys in docs/data-model.md, "Planted imperfections"). Analyses must find these and nothing else.
- `sample_db`: the test runner, with the database holding exactly the sample network. It is
  loaded once and reloaded only when a test emptied the database since (`empty_db` marks it so).
  Mark such tests `@pytest.mark.sample`. Do NOT write to the database through `sample_db`.
- `scratch_sample_db`: like `sample_db`, for a test that changes the sample (a corrected roster,
  a what-if applied): the next `sample_db` user gets a fresh copy.
- `other_street_db`: the database holding another street, shaped unlike the sample
  (tests/other_street.py), loaded once and reloaded only when something else was loaded since.

Accounts: the suite has its own state folder (accounts file) and signs in as `ANALYST`, a
city analyst (the whole territory). `client` sends the analyst's API token; `live_server` puts
it in GRAPH_SERVICE_TOKEN for the Python client and the notebooks; a browser signs in with
`ANALYST`/`ANALYST_PASSWORD`. `accounts` is the suite's account store, for tests that make
accounts of other roles.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bench_smoke
import neo4j
import pytest
import wheel_build
from fastapi.testclient import TestClient
from other_street import write_other_street

from graph_service.app import create_app
from graph_service.auth.accounts import AccountStore
from graph_service.db import derived
from graph_service.db.local_server import LocalServer
from graph_service.db.runner import Runner
from graph_service.notebooks.pages import serving
from graph_service.roster.importer import import_roster
from graph_service.sample.generator import generate
from graph_service.settings import Settings

TEST_PORT = int(os.environ.get("TEST_NEO4J_BOLT_PORT", "7688"))
TEST_PASSWORD = "test-password"
ANALYST = "analyst"
ANALYST_PASSWORD = "Suite-reader-2026"
REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"

# What the shared test database holds now: "sample", "other street", or None (anything else).
_database: dict[str, str | None] = {"holds": None}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the tests by what the database must hold, so each roster is loaded as few times as
    possible (a stable sort: within a group, the files' own order): first the tests that build
    their own graph, then the other street's, then the sample's readers, and last the tests that
    change the sample (each leaves it to be reloaded by the next); the benchmark's smoke check
    waits at the very end for its run, which started with the session (`bench_in_background`)."""

    def group(item: pytest.Item) -> int:
        names = getattr(item, "fixturenames", ())
        if item.get_closest_marker("bench") is not None:
            return 4  # waits for the benchmark's run, started with the session
        if "scratch_sample_db" in names:
            return 3
        if "sample_db" in names:
            return 2
        if "other_street_db" in names:
            return 1
        return 2 if item.get_closest_marker("sample") is not None else 0

    items.sort(key=group)


@pytest.fixture(scope="session", autouse=True)
def bench_in_background(request: pytest.FixtureRequest) -> Iterator[None]:
    """Start the benchmark's smoke run (tests/bench_smoke.py) with the session when its test is
    collected: it waits on its own servers for minutes, beside the other tests."""
    if any(item.get_closest_marker("bench") is not None for item in request.session.items):
        bench_smoke.start()
    if any(item.path.name == "test_wheel_install.py" for item in request.session.items):
        wheel_build.start()  # pip, mostly waiting on its subprocesses
    yield
    bench_smoke.stop()
    wheel_build.stop()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return suite_settings()


@functools.cache
def suite_settings() -> Settings:
    """The settings every test uses (a plain function, for what is made at import time), with
    one state folder (accounts, audit trail) per run, which every app of the suite shares."""
    state = Path(tempfile.mkdtemp(prefix="suite-state-"))
    pages = Path(tempfile.mkdtemp(prefix="suite-notebook-pages-"))
    for folder in (state, pages):
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Settings(
        neo4j_uri=f"bolt://127.0.0.1:{TEST_PORT}",
        neo4j_password=TEST_PASSWORD,
        neo4j_bolt_port=TEST_PORT,
        data_dir=REPO,
        neo4j_home=Path(f".neo4j-test-{TEST_PORT}"),
        neo4j_heap="1g",
        neo4j_pagecache="256m",
        load_sample=False,
        notebook_pages=pages,
        result_cache_s=0,  # tests rebuild the graph between requests: no answer is reused
        state_dir=state,
        allowed_hosts=["127.0.0.1", "testserver"],  # testserver: TestClient's host
        sign_ins_per_minute=600,  # every browser test signs in; tests/test_edges.py sets it low
        keep_answers=False,  # nor computed ahead in the background
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
def test_server(settings: Settings) -> Iterator[LocalServer]:
    """The tests' own server: started if needed, stopped at the end if the suite started it."""
    server = LocalServer.from_settings(settings)
    started_here = server.pid() is None
    server.start()
    yield server
    if started_here and not os.environ.get("KEEP_TEST_NEO4J"):
        server.stop()


@pytest.fixture(scope="session")
def runner(test_server: LocalServer, settings: Settings) -> Iterator[Runner]:
    runner = Runner.from_settings(settings)
    yield runner
    runner.close()


@pytest.fixture
def empty_db(runner: Runner) -> Runner:
    """The test database, emptied (it belongs to the test server alone, so this is safe)."""
    assert runner.driver.get_server_info().address.port == TEST_PORT
    runner.run("admin/wipe")
    _database["holds"] = None
    return runner


def other_client(runner: Runner, text: str, **params: Any) -> neo4j.EagerResult:
    """Run Cypher `text` as another client would, behind the service's back: a fixture, an edit
    by another tool, an EXPLAIN. Straight through the driver, which no service code may do (its
    queries are files run by the runner); on the test server only."""
    assert runner.driver.get_server_info().address.port == TEST_PORT
    return runner.driver.execute_query(text, params, database_=runner.database)


def load_fixture(runner: Runner, name: str, *, refresh: bool = True) -> None:
    """Run `tests/fixtures/<name>.cypher` (one statement) in one write transaction, then refresh
    the derived state as an import would (fixtures write relationships, not coverage flags),
    unless `refresh` is False (a graph edited by another tool)."""
    other_client(runner, (FIXTURES / f"{name}.cypher").read_text(encoding="utf-8"))
    if refresh:
        derived.refresh_all(runner)


@pytest.fixture
def small_street(empty_db: Runner) -> Runner:
    """The hand-built street of tests/fixtures/small-street.cypher, in an emptied database."""
    load_fixture(empty_db, "small-street")
    return empty_db


@pytest.fixture(scope="session")
def sample_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample roster folder (CSV files and planted.json), generated once per session."""
    folder = tmp_path_factory.mktemp("sample") / "roster"
    generate(folder)
    return folder


@pytest.fixture(scope="session")
def planted(sample_roster: Path) -> dict[str, Any]:
    """The sample's planted imperfections (planted.json)."""
    loaded: dict[str, Any] = json.loads((sample_roster / "planted.json").read_text("utf-8"))
    return loaded


@pytest.fixture
def sample_db(runner: Runner, sample_roster: Path) -> Runner:
    """The test database holding exactly the sample network (loaded once, reloaded if emptied)."""
    return _holding(runner, "sample", sample_roster)


def _holding(runner: Runner, name: str, roster: Path) -> Runner:
    """The test database holding exactly `roster`, loaded unless it is what was loaded last."""
    assert runner.driver.get_server_info().address.port == TEST_PORT
    if _database["holds"] != name:
        runner.run("admin/wipe")
        import_roster(runner, roster)
        _database["holds"] = name
    return runner


@pytest.fixture
def scratch_sample_db(sample_db: Runner) -> Iterator[Runner]:
    """The sample network, for a test that changes it: it is reloaded for the next user."""
    _database["holds"] = None
    yield sample_db


@pytest.fixture(scope="session")
def other_street_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another street's roster folder (tests/other_street.py), written once per session."""
    folder = tmp_path_factory.mktemp("other-street") / "roster"
    write_other_street(folder)
    return folder


@pytest.fixture
def other_street_db(runner: Runner, other_street_roster: Path) -> Runner:
    """The test database holding exactly the other street (loaded once, reloaded if emptied)."""
    return _holding(runner, "other street", other_street_roster)


@pytest.fixture(scope="session")
def accounts(settings: Settings) -> AccountStore:
    """The suite's accounts file (the apps of the suite read the same one)."""
    return AccountStore(settings.state_dir / "accounts.sqlite3")


@pytest.fixture(scope="session")
def analyst_headers(accounts: AccountStore) -> dict[str, str]:
    """`Authorization` for the suite's city analyst (created here, once)."""
    accounts.add(ANALYST, "city_analyst", ANALYST_PASSWORD)
    return {"Authorization": f"Bearer {accounts.create_token(ANALYST, label='suite').secret}"}


@pytest.fixture(scope="session")
def role_headers(accounts: AccountStore) -> Callable[..., dict[str, str]]:
    """`role_headers(role, scope)`: `Authorization` for an account of that role and scope,
    made the first time it is asked for (named after both, e.g. `community_secretary-CM1`)."""
    made: dict[str, dict[str, str]] = {}

    def headers(role: str, scope: str | None = None) -> dict[str, str]:
        name = f"{role}-{scope.partition(':')[2]}" if scope else role
        if name not in made:
            accounts.add(name, role, "Suite-role-2026", scope)
            token = accounts.create_token(name, label="suite").secret
            made[name] = {"Authorization": f"Bearer {token}"}
        return made[name]

    return headers


@pytest.fixture(scope="session")
def importer_headers(accounts: AccountStore) -> dict[str, str]:
    """`Authorization` for the suite's roster importer (analysts may not import)."""
    accounts.add("importer", "roster_importer", "Suite-loader-2026")
    return {"Authorization": f"Bearer {accounts.create_token('importer', label='suite').secret}"}


@pytest.fixture(scope="session")
def importer_client(client: TestClient, importer_headers: dict[str, str]) -> TestClient:
    """The app of `client` (its lifespan already running), as the suite's roster importer."""
    return TestClient(client.app, headers=importer_headers)


@pytest.fixture(scope="session")
def client(
    runner: Runner, settings: Settings, analyst_headers: dict[str, str]
) -> Iterator[TestClient]:
    """The API in-process, against the test server, as the suite's analyst."""
    with TestClient(create_app(settings), headers=analyst_headers) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(
    runner: Runner, settings: Settings, analyst_headers: dict[str, str]
) -> Iterator[str]:
    """The API served for real by uvicorn on a free port (for notebooks, browsers, clients),
    with the analyst's token in GRAPH_SERVICE_TOKEN (the client and notebooks read it)."""
    os.environ["GRAPH_SERVICE_TOKEN"] = analyst_headers["Authorization"].removeprefix("Bearer ")
    with serving(create_app(settings)) as url:
        yield url
    os.environ.pop("GRAPH_SERVICE_TOKEN", None)


@pytest.fixture
def explorer_db(empty_db: Runner) -> Runner:
    """The explorer's small hand-built network (tests/fixtures/explorer-small.cypher)."""
    load_fixture(empty_db, "explorer-small")
    return empty_db


@pytest.fixture
def explorer_street_scale(empty_db: Runner) -> Runner:
    """A synthetic street at full scale (tests/fixtures/explorer-street-scale.cypher)."""
    load_fixture(empty_db, "explorer-street-scale")
    return empty_db
