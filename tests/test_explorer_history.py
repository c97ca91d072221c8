"""The explorer's history panel in headless Chromium, on the hand-built street with two months
(tests/history_rosters.py): the trend has a point per snapshot, the diff shows the stairwell
moved from P2 to P5 (in the list and marked on the graph), the ledger lists the cases worked
out in tests/test_ledger.py and a case opens its place on the graph. With the third month, the
diff on the graph: ghosts for what is gone, the changed links marked, and nothing moves."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import history_rosters as rosters
import pytest
from playwright.sync_api import Browser, Page
from test_explorer_page import ARTIFACTS, browser, open_explorer, unexplained_colours

from graph_service.db.runner import Runner

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the module-scoped Chromium fixture, shared with the page tests


@pytest.fixture
def two_months(empty_db: Runner, tmp_path: Path) -> Runner:
    rosters.import_two_months(empty_db, tmp_path)
    return empty_db


def test_trend_diff_and_ledger_panels(
    browser: Browser, live_server: str, two_months: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    page.wait_for_function("() => !!window.Plotly")

    page.click("#history-tabs button[data-tab=trend]")
    page.wait_for_selector("#history-body[data-ready=trend]")
    assert page.get_attribute("#history-trend", "data-points") == "2"  # July and August
    assert page.locator("#history-trend .main-svg").count() > 0

    page.click("#history-tabs button[data-tab=diff]")
    page.wait_for_selector("#history-body[data-ready=diff]")
    changes = page.locator("#history-diff li").all_inner_texts()
    assert any("P2 → P5" in text and "S3" in text for text in changes)  # the reassignment
    assert any("S5" in text or "西1幢3单元" in text for text in changes)  # the new stairwell
    page.click("#history-diff-graph")  # the same changes marked on the graph
    page.wait_for_function("() => !!window.explorer.overlayData.ready('diff')")
    marks = dict(page.evaluate("[...window.explorer.overlayData.ready('diff').marks]"))
    assert marks == {
        "Stairwell:S5": "added",
        "Stairwell:S3": "reassigned",
        "Stairwell:S4": "linkAdded",
        "Grid:G2": "linkAdded",
    }
    assert "diff=" in page.url  # the view, link and all
    assert unexplained_colours(page) == set()  # every colour drawn is in the legend

    page.click("#history-tabs button[data-tab=ledger]")
    page.wait_for_selector("#history-body[data-ready=ledger]")
    open_cases = page.locator("#history-cases tr").evaluate_all(
        "rows => rows.map(r => r.dataset.case)"
    )
    assert sorted(open_cases, key=int) == ["3", "4", "5", "6", "7"]
    # Case 7, the uncovered S5, asks who could take it: the API's best three, by name.
    assert page.locator("#history-cases tr[data-case='3'] .case-candidates").count() == 0
    page.click("#history-cases tr[data-case='7'] .case-candidates button")
    page.wait_for_selector("#history-cases tr[data-case='7'] .case-candidates div")
    asked = page.request.get(f"{live_server}/api/v1/candidates?place=Stairwell:S5").json()
    best = [c["name"] for c in asked["places"][0]["candidates"][:3]]
    shown = page.locator("#history-cases tr[data-case='7'] .case-candidates a").all_inner_texts()
    assert best and shown == best
    page.select_option("#history-status", "rectified")
    page.wait_for_function(
        "() => document.querySelectorAll('#history-cases tr').length === 2"
        " && document.querySelector('#history-body').dataset.ready === 'ledger'"
    )
    page.click("#history-cases tr[data-case='2'] a.node-link")  # uncovered S4, fixed in August
    page.wait_for_function("() => window.explorer.view.selected === 'Stairwell:S4'")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-history.png"))
    assert console.errors == []
    page.context.close()


# What the page draws of the diff on the graph: ghosts shown, live nodes marked added or removed,
# and every marked edge shown, by the entities at its ends (a ghost read as what it stands for).
PICTURE = """() => {
  const { graph, sigma, overlayData, view } = window.explorer;
  const of = (key) => key.replace(/^ghost:/, '');
  const shown = (key) => { const d = sigma.getNodeDisplayData(key); return d && !d.hidden; };
  const marks = overlayData.ready('diff')?.marks ?? new Map();
  const edgeShown = (e) => { const d = sigma.getEdgeDisplayData(e); return d && !d.hidden; };
  const edges = graph.filterEdges(edgeShown).map((e) => {
      const [s, t] = graph.extremities(e);
      const mark = overlayData.edgeStyleOf(view, s, t);
      return mark ? [of(s), of(t), mark.category, !!graph.getEdgeAttribute(e, 'ghost')] : null;
    }).filter(Boolean);
  return {
    ghosts: graph.filterNodes((k, a) => a.ghost && shown(k)).map(of),
    ghostNames: Object.fromEntries(graph.filterNodes((k, a) => a.ghost)
      .map((k) => [of(k), sigma.getNodeDisplayData(k)?.label ?? null])),
    marked: [...marks].filter(([k]) => !k.startsWith('ghost:') && shown(k)),
    edges,
    legend: [...document.querySelectorAll('#legend .legend-row')].map((r) => r.textContent),
  };
}"""
POSITIONS = "() => Object.fromEntries(window.explorer.graph.mapNodes((k, a) => [k, [a.x, a.y]]))"


def expected_picture(body: dict[str, Any]) -> dict[str, Any]:
    """The diff API's answer as the picture should show it."""
    links: set[tuple[str, str, str, bool]] = set()
    for link in body["links"]:
        target = f"{link['target_label']}:{link['target']}"
        kind = link["source_label"]
        if link["change"] == "reassigned":
            links.add((f"{kind}:{link['from_source']}", target, "reassignedFrom", True))
            links.add((f"{kind}:{link['to_source']}", target, "reassigned", False))
        else:
            category = {"added": "linkAdded", "removed": "linkRemoved"}[link["change"]]
            gone = link["change"] == "removed"
            links.add((f"{kind}:{link['source']}", target, category, gone))
    entities = [(e["change"], f"{e['label']}:{e['id']}") for e in body["entities"]]
    return {
        "ghosts": {key for change, key in entities if change == "removed"},
        "added": {key for change, key in entities if change == "added"},
        "links": links,
    }


def diff_on_page(page: Page) -> dict[str, Any]:
    page.wait_for_function("() => !!window.explorer.overlayData.ready('diff')")
    drawn = page.evaluate(PICTURE)
    return {
        "ghosts": set(drawn["ghosts"]),
        "added": {key for key, category in drawn["marked"] if category == "added"},
        "links": {tuple(edge) for edge in drawn["edges"]},
        "names": drawn["ghostNames"],
        "legend": drawn["legend"],
    }


@pytest.fixture
def three_months(two_months: Runner, tmp_path: Path) -> Runner:
    rosters.import_third_month(two_months, tmp_path)
    return two_months


def test_a_diff_on_the_graph_draws_ghosts_and_changed_links_and_moves_nothing(
    browser: Browser, live_server: str, three_months: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    page.evaluate("window.explorer.openSubtree('Street:ST1')")  # the street as it is now
    page.wait_for_function("() => window.explorer.graph.hasNode('Stairwell:S5')")
    before = page.evaluate(POSITIONS)
    page.click("#history-tabs button[data-tab=diff]")
    page.wait_for_selector("#history-body[data-ready=diff]")
    assert page.input_value("#history-from") == "2" and page.input_value("#history-to") == "3"
    page.click("#history-diff-graph")
    drawn = diff_on_page(page)
    api = page.request.get(f"{live_server}/api/v1/diff?from=2&to=3&scope=Street:ST1").json()
    expected = expected_picture(api)
    # Worked out by hand from the rosters' docstring, and equal to the API's answer.
    assert expected["ghosts"] == {"Person:P1", "Stairwell:S4"}
    assert expected["added"] == {"Person:P6"}
    assert expected["links"] == {
        ("Person:P1", "Stairwell:S1", "reassignedFrom", True),
        ("Person:P3", "Stairwell:S1", "reassigned", False),
        ("Person:P1", "Stairwell:S2", "linkRemoved", True),
        ("Person:P2", "Stairwell:S4", "linkRemoved", True),
        ("Person:P6", "Stairwell:S5", "linkAdded", False),
    }
    assert {k: drawn[k] for k in ("ghosts", "added", "links")} == expected
    assert drawn["names"]["Person:P1"] == "P1"  # a person by id only, as the diff gives them
    counts = {
        "已移除（虚影） (2)",
        "新增的地点或人员 (1)",
        "新增联系 (1)",
        "已移除的联系（虚影） (2)",
    }
    assert counts <= set(drawn["legend"])
    assert unexplained_colours(page) == set()
    # Ghosts beside what they belonged to: S4 by its building, P1 by its stairwells; none
    # overlaps a node on screen.
    shown = page.evaluate(
        """() => window.explorer.graph.filterNodes((k) => {
             const d = window.explorer.sigma.getNodeDisplayData(k); return d && !d.hidden; })
           .map((k) => { const d = window.explorer.sigma.getNodeDisplayData(k);
             const a = window.explorer.graph.getNodeAttributes(k);
             return [k, a.x, a.y, d.size]; })"""
    )
    at = {key: (x, y, size) for key, x, y, size in shown}
    near = lambda a, b: math.dist(at[a][:2], at[b][:2])  # noqa: E731
    assert near("ghost:Stairwell:S4", "Building:B2") < 4
    assert min(near("ghost:Person:P1", s) for s in ("Stairwell:S1", "Stairwell:S2")) < 4
    for ghost in ("ghost:Stairwell:S4", "ghost:Person:P1"):
        for other, (_, _, size) in at.items():
            if other != ghost:
                assert near(ghost, other) >= at[ghost][2] + size, (ghost, other)
    placed = page.evaluate(POSITIONS)
    assert {k: placed[k] for k in before} == before  # switching on moved nothing

    page.click("#history-diff-graph")  # off: the ghosts go, nothing moves
    page.wait_for_function("() => !window.explorer.overlayData.get('diff')")
    assert page.evaluate(PICTURE)["ghosts"] == []
    assert page.evaluate(POSITIONS) == placed
    page.click("#history-diff-graph")  # on again, then other snapshots: still nothing moves
    assert diff_on_page(page)["ghosts"] == drawn["ghosts"]
    page.select_option("#history-from", "1")
    page.wait_for_function("() => window.explorer.view.diff.startsWith('1..3')")
    wider = diff_on_page(page)
    api = page.request.get(f"{live_server}/api/v1/diff?from=1&to=3&scope=Street:ST1").json()
    assert {k: wider[k] for k in ("ghosts", "added", "links")} == expected_picture(api)
    again = page.evaluate(POSITIONS)
    assert {k: again[k] for k in placed} == placed
    assert "diff=1..3" in page.url
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.explorer.graphView.fit(['Building:B2', 'ghost:Stairwell:S4'])")
    page.wait_for_timeout(500)  # the camera's animation
    page.screenshot(path=str(ARTIFACTS / "explorer-diff.png"))
    assert console.errors == []
    page.context.close()
