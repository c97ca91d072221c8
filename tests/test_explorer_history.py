"""The explorer's history panel in headless Chromium, on the hand-built street with two months
(tests/history_rosters.py): the trend has a point per snapshot, the diff shows the stairwell
moved from P2 to P5 (in the list and marked on the graph), the ledger lists the cases worked
out in tests/test_ledger.py and a case opens its place on the graph."""

from __future__ import annotations

from pathlib import Path

import history_rosters as rosters
import pytest
from playwright.sync_api import Browser
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
