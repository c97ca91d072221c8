"""How soon the explorer shows the graph on the sample network, and how long opening the whole
street down to its stairwells and liaisons takes, measured in the browser.

The budgets (first graph within 1.5 s of asking for the page, whole street within 3 s) are the
page's promise; on a shared machine the figures vary with its load, so the tests record them in
test-artifacts/explorer-timings.json and print them, and assert what makes them possible: the
graph is drawn before the 4.8 MB charting library is even fetched, and the whole street is one
request merged in one step.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser
from test_explorer_page import ARTIFACTS, browser, open_explorer  # noqa: F401 (fixture)

from graph_service.db.runner import Runner

pytestmark = [pytest.mark.browser, pytest.mark.sample]

PLOTLY = "/static/vendor/plotly.min.js"


def record(name: str, value: float) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "explorer-timings.json"
    timings = json.loads(path.read_text()) if path.exists() else {}
    timings[name] = round(value)
    path.write_text(json.dumps(timings, indent=2, sort_keys=True))
    print(f"\n{name}: {value:.0f} ms")


def test_sample_graph_comes_before_the_charts_and_the_whole_street_opens_in_one_step(
    browser: Browser,  # noqa: F811
    live_server: str,
    sample_db: Runner,
) -> None:
    page, console = open_explorer(browser, live_server)
    page.wait_for_selector("#chart-coverage-community .main-svg", timeout=60000)
    first_graph = page.evaluate("window.explorer.firstGraphMs")
    charts_fetched = page.evaluate(
        f"performance.getEntriesByType('resource').filter((e) => e.name.endsWith('{PLOTLY}'))"
        ".map((e) => e.startTime)"
    )
    record("first_graph_ms", first_graph)
    assert len(charts_fetched) == 1 and charts_fetched[0] >= first_graph
    assert page.evaluate("window.explorer.graph.order") > 50  # street, communities, grids

    street = page.evaluate(
        "window.explorer.graph.filterNodes((key, attrs) => attrs.label === 'Street')[0]"
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    took = page.evaluate(
        f"""async () => {{
          const started = performance.now();
          // Resolves once merged and drawn (sigma draws on refresh); then one paint.
          await window.explorer.openSubtree('{street}');
          await new Promise((painted) => requestAnimationFrame(painted));
          return performance.now() - started;
        }}"""
    )
    record("whole_street_ms", took)
    record("whole_street_fetch_and_merge_ms", page.evaluate("window.explorer.lastLoadMs"))
    slices = [url for url in requests if "/api/v1/graph/" in url]
    assert len(slices) == 1 and "/subtree/" in slices[0], slices
    stairwells = page.evaluate(
        "window.explorer.graph.filterNodes((key, attrs) => attrs.label === 'Stairwell').length"
    )
    total = page.request.get(f"{live_server}/api/v1/stats").json()["nodes"]["Stairwell"]
    assert total - 10 <= stairwells <= total  # all but the few whose chain is broken
    assert console.errors == []
    page.context.close()
