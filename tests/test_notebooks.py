"""The analyst notebooks run unchanged on two rosters of different shapes, and what each found
is checked against the API's own answers, outside the notebook.

The rosters: the sample street (eight communities, 60 grids) and another street
(tests/other_street.py: three communities, 23 grids, one community with no partner at all).
Each notebook is run by nbclient with its parameters set after its `parameters` cell (the
service's URL and a `RESULTS` file), and a check per notebook compares the figures it kept with
the API's answers for the same roster, by a second route where there is one (a count against a
list, a ranking against a what-if). The sample's runs are then turned into the static pages,
which a browser opens from the service with no request leaving it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import ANALYST, ANALYST_PASSWORD
from fastapi.testclient import TestClient
from nbclient.exceptions import CellExecutionError
from nbformat import NotebookNode
from playwright.sync_api import Browser
from test_explorer_page import Console, browser  # noqa: F401 (fixture)
from test_offline_pages import requests_of

from graph_service.auth.accounts import AccountStore
from graph_service.client import ServiceClient
from graph_service.db.runner import Runner
from graph_service.notebooks.pages import (
    parameter_names,
    run_notebook,
    with_parameters,
    write_pages,
)
from graph_service.settings import Settings

FOLDER = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("[0-9]*.ipynb"))
NAMES = [path.stem for path in NOTEBOOKS]
Check = Callable[[dict[str, Any], ServiceClient, str], None]

# The sample's runs, kept for the pages test (a run takes seconds: each notebook runs once).
_sample_runs: dict[str, NotebookNode] = {}


# Parameters the other street's runs set besides the URL: a limit its members reach.
OTHER_STREET = {"02-overloaded-liaisons": {"STAIRWELL_LIMIT": 1, "PLAN_SCOPE": "community"}}


def run(
    path: Path, url: str, folder: Path, **parameters: Any
) -> tuple[NotebookNode, dict[str, Any]]:
    results = folder / f"{path.stem}.json"
    notebook = run_notebook(path, {"SERVICE_URL": url, "RESULTS": str(results), **parameters})
    found: dict[str, Any] = json.loads(results.read_text("utf-8"))
    return notebook, found


# --- what every notebook is ----------------------------------------------------------------


def test_there_are_notebooks_to_run() -> None:
    assert {"01-coverage-review", "03-partnerships", "07-network-structure"} <= set(NAMES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_a_notebook_starts_with_its_parameters_and_asserts_nothing(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assert [cell for cell in code if "parameters" in cell.metadata.get("tags", [])] == [code[0]]
    assert {"SERVICE_URL", "TOKEN", "RESULTS"} <= set(parameter_names(notebook))
    assert [cell.source for cell in code if "assert" in cell.source] == []
    assert all(not cell.get("outputs") for cell in code), "notebooks are kept without outputs"


def test_a_misspelt_parameter_is_refused() -> None:
    notebook = nbformat.read(NOTEBOOKS[0], as_version=4)
    with pytest.raises(ValueError, match="no parameter named SERVICE_ULR"):
        with_parameters(notebook, {"SERVICE_ULR": "http://127.0.0.1:1"})
    injected = with_parameters(notebook, {"RESULTS": "out.json"})
    at = next(i for i, c in enumerate(injected.cells) if "parameters" in c.metadata.get("tags", []))
    assert injected.cells[at + 1].source == "RESULTS = 'out.json'"
    assert len(injected.cells) == len(notebook.cells) + 1


# --- each notebook's figures against the API --------------------------------------------


def check_coverage_review(found: dict[str, Any], quhua: ServiceClient, roster: str) -> None:
    communities = quhua.run("coverage-rollup", level="community")
    weakest = communities.sort_values(["covered_share", "area_id"]).iloc[0]
    assert found["community_id"] == weakest["area_id"]
    uncovered = quhua.run("uncovered-stairwells", community_id=weakest["area_id"])
    # Two routes to one count: the roll-up's difference, and the list of stairwells.
    missing = int(weakest["stairwells"] - weakest["covered_stairwells"])
    assert found["uncovered_stairwells"] == missing == len(uncovered)
    assert found["uncovered_households"] == int(uncovered["households"].sum())
    assert found["grids"] == sorted(quhua.children("Community", weakest["area_id"])["id"])
    grids = quhua.run("coverage-rollup", level="grid")
    grids = grids[grids["area_id"].isin(found["grids"])]
    thinnest = grids.sort_values(["covered_share", "area_id"]).iloc[0]
    assert found["thinnest_grid_id"] == thinnest["area_id"]
    leaders = quhua.run("grid-leaders", community_id=weakest["area_id"]).set_index("grid_id")
    assert found["thinnest_grid_heads"] == leaders.loc[thinnest["area_id"], "grid_heads"]


def check_overloaded_liaisons(found: dict[str, Any], quhua: ServiceClient, roster: str) -> None:
    defaults = quhua.analyses().set_index("name").loc["overloaded-liaisons", "parameters"]
    limit = dict(defaults)
    if roster == "other street":
        limit["stairwell_limit"] = OTHER_STREET["02-overloaded-liaisons"]["STAIRWELL_LIMIT"]
    assert found["stairwell_limit"] == limit["stairwell_limit"]
    load = quhua.run("liaison-load")
    over = sorted(load.loc[load["stairwells"] > limit["stairwell_limit"], "person_id"])
    assert found["over_stairwell_limit"] == over == found["flagged_for_stairwells"]
    flagged = quhua.run("overloaded-liaisons", stairwell_limit=limit["stairwell_limit"])
    assert found["flagged"] == sorted(flagged["person_id"])
    scope = "grid" if roster == "sample" else "community"
    plan = quhua.rebalance(scope=scope, stairwell_limit=limit["stairwell_limit"])
    # Each move in words, from the nodes' own names (a second route to the plan's names).
    expected = [
        f"楼道 {quhua.node('Stairwell', s.split(':')[1])['name']}: "
        f"from {quhua.node('Person', f.split(':')[1])['name']} "
        f"to {quhua.node('Person', t.split(':')[1])['name']}"
        for s, f, t in zip(
            plan["moves"]["stairwell_key"],
            plan["moves"]["from_key"],
            plan["moves"]["to_key"],
            strict=True,
        )
    ]
    assert found["moves"] == expected
    assert found["highest_after"] == (int(plan["after"]["load"].max()) if len(plan["after"]) else 0)
    assert found["unresolved"] == sorted(plan["unresolved"]["person_key"])
    if roster == "other street":  # two members hold two stairwells, everyone else one: at a
        # limit of one nobody can take a stairwell, so both stay over it and nothing moves
        assert len(over) == 2 and found["moves"] == []
        assert found["unresolved"] == [f"Person:{person}" for person in over]
    else:
        assert found["moves"] and found["unresolved"] == []


def check_partnerships(found: dict[str, Any], quhua: ServiceClient, roster: str) -> None:
    lacking = quhua.run("unpartnered-communities")
    assert found["lacking"] == {
        row["community_id"]: sorted(row["missing"]) for _, row in lacking.iterrows()
    }
    suggestions = quhua.run("pairing-suggestions")
    assert sum(len(keys) for kinds in found["suggested"].values() for keys in kinds.values()) == (
        len(suggestions)
    )
    pairs = quhua.run("partnerships")
    assert found["attendances"] == int(pairs["attendances"].sum())
    paired = set(zip(pairs["community_id"], pairs["partner_key"], strict=True))
    for community, kinds in found["suggested"].items():
        assert set(kinds) <= set(found["lacking"][community])
        for keys in kinds.values():
            assert keys and not {(community, key) for key in keys} & paired
    if roster == "other street":  # its community CM05 was stripped of every partner
        assert found["lacking"]["CM05"] == ["co_building_unit", "organ_branch", "service_team"]
        assert set(found["suggested"]["CM05"]) == {
            "co_building_unit",
            "organ_branch",
            "service_team",
        }


def check_reconciliation(found: dict[str, Any], quhua: ServiceClient, roster: str) -> None:
    stats = quhua.stats().set_index("name")["count"]
    figures = found["figures"]
    assert figures["社区 Communities"] == stats["Community"]
    assert figures["楼道 Stairwells"] == stats["Stairwell"]
    assert figures["卡点 Checkpoints"] == stats["Checkpoint"]
    assert found["grids_with_stairwells"] == len(quhua.run("coverage-rollup", level="grid"))
    teams = quhua.run("partnerships", community_id=None)
    teams = teams[teams["partner_kind"] == "service_team"]
    assert (found["team_events"], found["team_attendances"]) == (
        int(teams["events"].sum()),
        int(teams["attendances"].sum()),
    )
    if roster == "sample":  # the sample reproduces every figure of the report
        assert len(found["matching"]) == len(figures) == 12
        assert found["grid_kinds"] == {"dedicated": 15, "residential": 45}
        assert found["alias_finds"] == ["衢化集团"]
        assert (found["team_events"], found["team_attendances"]) == (832, 1769)
    else:  # three of the eight communities were kept
        assert figures["社区 Communities"] == 3
        assert "社区 Communities" not in found["matching"]


def check_wartime_readiness(found: dict[str, Any], quhua: ServiceClient, roster: str) -> None:
    gaps = quhua.run("wartime-coverage")
    assert found["buildings_with_nobody"] == sorted(
        gaps.loc[gaps["kind"] == "building", "node_key"]
    )
    assert found["checkpoints_with_nobody"] == sorted(
        gaps.loc[gaps["kind"] == "checkpoint", "node_key"]
    )
    dependence = quhua.run("wartime-dependence")
    if dependence.empty:
        assert found["worst_department"] is None
        return
    worst = dependence.iloc[0]
    assert found["worst_department"] == worst["node_key"]
    assert found["worst_places"] == len(worst["place_keys"])
    # Recalling the department darkens at least every place that depends on it alone.
    recalled = quhua.what_if(worst["node_key"])
    assert found["recalled_dark"] == sorted(place["key"] for place in recalled["wartime_places"])
    assert set(worst["place_keys"]) <= set(found["recalled_dark"])


def check_rectification(found: dict[str, Any], quhua: ServiceClient, roster: str) -> None:
    street = quhua.run("coverage-rollup", level="street").iloc[0]
    assert found["scope"] == street["node_key"]
    cases = quhua.ledger(scope=street["node_key"])
    open_cases = int(cases["status"].isin(["new", "in_progress"]).sum()) if len(cases) else 0
    assert (found["total"], found["cases"], found["open"]) == (len(cases), len(cases), open_cases)
    assert found["snapshots"] == len(quhua.snapshots())
    # The trend's latest point is what the roll-up says of the graph now.
    assert found["latest_stairwell_coverage"] == pytest.approx(street["covered_share"], abs=1e-4)


def check_network_structure(found: dict[str, Any], quhua: ServiceClient, roster: str) -> None:
    assert found["brokers"] == list(quhua.run("brokers", top=10)["node_key"])
    assert found["organisation_brokers"] == list(
        quhua.run("brokers", top=10, kind="organisation")["node_key"]
    )
    single = quhua.run("single-points-of-failure")
    assert found["single_points"] == len(single) > 0
    assert found["worst_single_point"] == single.iloc[0]["node_key"]
    # A second route: losing that one person or department in a what-if.
    lost = quhua.what_if(found["worst_single_point"])
    assert found["worst_households"] == lost["uncovered_households"] > 0
    clusters = quhua.run("collaboration-clusters")
    assert found["clusters"] == len(clusters) > 0
    assert found["nmi"] == clusters["nmi_with_formal"].iloc[0]


CHECKS: dict[str, Check] = {
    "01-coverage-review": check_coverage_review,
    "02-overloaded-liaisons": check_overloaded_liaisons,
    "03-partnerships": check_partnerships,
    "04-reconciliation": check_reconciliation,
    "05-wartime-readiness": check_wartime_readiness,
    "06-rectification-progress": check_rectification,
    "07-network-structure": check_network_structure,
}


def test_every_notebook_has_a_check() -> None:
    assert set(CHECKS) == set(NAMES)


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_on_another_street(
    path: Path, other_street_db: Runner, live_server: str, tmp_path: Path
) -> None:
    _, found = run(path, live_server, tmp_path, **OTHER_STREET.get(path.stem, {}))
    with ServiceClient(live_server) as quhua:
        CHECKS[path.stem](found, quhua, "other street")


@pytest.mark.sample
@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_on_the_sample(
    path: Path, sample_db: Runner, live_server: str, tmp_path: Path
) -> None:
    notebook, found = run(path, live_server, tmp_path)
    _sample_runs[path.stem] = notebook
    with ServiceClient(live_server) as quhua:
        CHECKS[path.stem](found, quhua, "sample")


# --- the pages ---------------------------------------------------------------------------


@pytest.mark.notebook
def test_an_account_that_may_not_see_people_runs_no_notebook(
    other_street_db: Runner, live_server: str, accounts: AccountStore, tmp_path: Path
) -> None:
    # A dashboard reads counts only: the notebook stops at its first person-level question,
    # saying which permission it lacks, before any name reaches it.
    accounts.add("notebook-screen", "dashboard", "Suite-screen-2026")
    token = accounts.create_token("notebook-screen", label="suite").secret
    parameters = {"SERVICE_URL": live_server, "TOKEN": token, "RESULTS": str(tmp_path / "r")}
    with pytest.raises(CellExecutionError) as refused:
        run_notebook(NOTEBOOKS[0], parameters)
    assert "403" in str(refused.value) and "analyses:run" in str(refused.value)
    assert not (tmp_path / "r").exists()
    with ServiceClient(live_server) as analyst:
        heads = {name for names in analyst.run("grid-leaders")["grid_heads"] for name in names}
    assert heads and not [name for name in heads if name in str(refused.value)]


def test_the_pages_are_for_accounts_that_may_run_analyses(
    client: TestClient, accounts: AccountStore
) -> None:
    accounts.add("pages-screen", "dashboard", "Suite-screen-2026")
    token = accounts.create_token("pages-screen", label="suite").secret
    refused = client.get("/notebooks/", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403 and "analyses:run" in refused.json()["detail"]
    anonymous = client.get("/notebooks/", headers={"Authorization": ""}, follow_redirects=False)
    assert (anonymous.status_code, anonymous.headers["location"]) == (
        303,
        "/sign-in?next=/notebooks/",
    )


def test_a_missing_page_says_how_to_make_it(client: TestClient) -> None:
    answer = client.get("/notebooks/no-such-notebook.html")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert "make notebooks-html" in answer.json()["detail"]
    assert client.get("/notebooks/secrets.py").status_code == 422


@pytest.mark.sample
@pytest.mark.notebook
@pytest.mark.browser
def test_pages_open_with_no_request_leaving_the_service(
    browser: Browser,  # noqa: F811
    sample_db: Runner,
    live_server: str,
    settings: Settings,
    tmp_path: Path,
) -> None:
    executed = {
        path.stem: _sample_runs.get(path.stem) or run(path, live_server, tmp_path)[0]
        for path in NOTEBOOKS
    }
    write_pages(executed, settings.notebook_pages)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/notebooks/")
    assert page.url.startswith(f"{live_server}/sign-in")  # the pages are for accounts
    signed_in = context.request.post(
        f"{live_server}/api/v1/session", data={"name": ANALYST, "password": ANALYST_PASSWORD}
    )
    assert signed_in.ok, signed_in.text()
    console = Console(page)
    requests = requests_of(page)
    page.goto(f"{live_server}/notebooks")
    links = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert links == [f"{name}.html" for name in NAMES]
    assert "网络结构" in page.inner_text("body")
    charts = {}
    for link in links:
        page.goto(f"{live_server}/notebooks/{link}")
        page.wait_for_load_state("networkidle")
        charts[link] = page.locator("div.plotly-figure").count()
        drawn = page.locator("div.plotly-figure .main-svg").count()
        assert drawn >= charts[link], (link, charts[link], drawn)  # Plotly draws 2+ svgs each
    assert charts["07-network-structure.html"] >= 2 and sum(charts.values()) >= 10
    assert requests and [url for url in requests if not url.startswith(live_server)] == []
    assert not [e for e in console.errors if "Content Security Policy" in e], console.errors
    context.close()
