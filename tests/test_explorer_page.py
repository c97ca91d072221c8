"""The explorer page in a real headless Chromium (Debian's `chromium`, driven by Playwright),
served by a real uvicorn server against the test Neo4j holding the small hand-built network.
The server is this module's own (not the session's `live_server`): the search index is cached
per app for a minute, and other modules load other networks.

Without Chromium these tests fail and say how to install it: they never skip.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ANALYST, ANALYST_PASSWORD, load_fixture
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, sync_playwright

from graph_service.auth.accounts import AccountStore
from graph_service.db.runner import Runner

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# The stairwells the page's what-if overlay marks as going dark, once its result is in.
GOES_DARK = """[...(window.explorer.overlayData.ready('whatif')?.marks ?? [])]
  .filter(([, category]) => category === 'goesDark').map(([key]) => key)"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser tests need Debian's chromium "
            "package (and fonts-noto-cjk): run `make browser-deps` or "
            "`apt-get install chromium fonts-noto-cjk`"
        )
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    if "Noto Sans CJK" not in fonts:
        pytest.fail("no CJK font: Chinese would render as boxes; apt-get install fonts-noto-cjk")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Console:
    """Errors the page reported: console.error messages and uncaught exceptions."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))


def open_explorer(
    browser: Browser, url: str, lang: str = "zh", query: str = ""
) -> tuple[Page, Console]:
    """A fresh page (own storage) on the explorer, once the overview is drawn."""
    # Playwright evaluates its wait conditions as strings, which the page's CSP forbids (no
    # eval): these contexts ignore the CSP; the sign-in test runs under it.
    context = browser.new_context(
        viewport={"width": 1400, "height": 860}, accept_downloads=True, bypass_csp=True
    )
    # Only a first visit starts in `lang`; afterwards the page's own choice must stick.
    context.add_init_script(
        f"if (!localStorage.getItem('quhua-explorer-lang'))"
        f" localStorage.setItem('quhua-explorer-lang', '{lang}')"
    )
    signed_in = context.request.post(
        f"{url}/api/v1/session", data={"name": ANALYST, "password": ANALYST_PASSWORD}
    )
    assert signed_in.ok, signed_in.text()
    page = context.new_page()
    console = Console(page)
    page.goto(f"{url}/{query}")
    page.wait_for_function("window.explorer && window.explorer.ready === true", timeout=20000)
    return page, console


def displayed(page: Page) -> list[dict[str, Any]]:
    """What sigma draws: each node's label (type), id and its reduced colour, unless hidden."""
    return page.evaluate(
        """() => {
          const { graph, sigma } = window.explorer;
          return graph.mapNodes((key, attrs) => {
            const shown = sigma.getNodeDisplayData(key);
            return { key, label: attrs.label, color: shown && shown.color,
                     hidden: !shown || !!shown.hidden };
          });
        }"""
    )


def unexplained_colours(page: Page) -> set[str]:
    """Colours drawn on nodes that no legend swatch explains (compared as computed rgb)."""
    return set(
        page.evaluate(
            """() => {
              const probe = document.createElement('span');
              document.body.append(probe);
              const rgb = (c) => { probe.style.color = ''; probe.style.color = c;
                                   return getComputedStyle(probe).color; };
              const legend = new Set([...document.querySelectorAll('#legend .swatch')]
                .map((s) => rgb(s.style.background)));
              const { graph, sigma } = window.explorer;
              const drawn = new Set(graph.mapNodes((k) => sigma.getNodeDisplayData(k))
                .filter((d) => d && !d.hidden).map((d) => rgb(d.color)));
              probe.remove();
              return [...drawn].filter((c) => !legend.has(c));
            }"""
        )
    )


def test_page_loads_the_overview_with_no_console_errors(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    shown = {node["key"] for node in displayed(page) if not node["hidden"]}
    assert shown == {
        "Street:ST1",
        "Community:C1",
        "Community:C2",
        "Grid:G1",
        "Grid:G2",
        "Grid:G3",
    }
    page.wait_for_function("() => !!window.Plotly")
    assert page.locator("#chart-coverage-community .main-svg").count() > 0
    assert console.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-overview.png"))
    page.context.close()


def test_page_is_utf8_and_assets_are_served_locally(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    page, _ = open_explorer(browser, live_server)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.reload()
    assert response is not None
    assert "charset=utf-8" in response.headers["content-type"]
    page.wait_for_function("window.explorer && window.explorer.ready === true")
    assert requested and all(url.startswith(live_server) for url in requested)
    page.context.close()


def test_double_click_opens_a_grid_down_to_its_buildings(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    page.evaluate("window.explorer.openChildren('Grid:G1')")
    page.wait_for_function("window.explorer.graph.hasNode('Building:B2')")
    assert "open=Grid%3AG1" in page.url
    # Opening fits the camera to what opened (an animation); look elsewhere once it is done.
    page.wait_for_function("!window.explorer.sigma.getCamera().isAnimated()")
    page.evaluate("window.explorer.sigma.getCamera().setState({x: 0.3, y: 0.6, ratio: 0.25})")
    page.wait_for_function("window.location.search.includes('cam=')")
    # The link names the area shown in graph coordinates; it reopens the same view, looking at
    # the same spot.
    area = page.evaluate("window.explorer.graphView.shownArea()")
    again, _ = open_explorer(browser, live_server, query=page.url[len(live_server) + 1 :])
    keys = {node["key"] for node in displayed(again)}
    assert {"Building:B1", "Building:B2"} <= keys
    shown = again.evaluate("window.explorer.graphView.shownArea()")
    assert shown == pytest.approx(area, rel=1e-3, abs=1e-3)
    camera = again.evaluate("window.explorer.sigma.getCamera().getState()")
    assert (round(camera["x"], 3), round(camera["y"], 3), round(camera["ratio"], 3)) == (
        0.3,
        0.6,
        0.25,
    )
    assert console.errors == []
    page.context.close()
    again.context.close()


def test_language_switch_changes_the_labels_and_is_remembered(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server, lang="zh")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("#lang").inner_text() == "English"
    assert page.locator("[data-i18n='legend']").text_content() == "图例"
    assert page.get_by_placeholder("按名称搜索…").count() == 1
    page.locator("#lang").click()
    assert page.locator("[data-i18n='legend']").text_content() == "Legend"
    assert page.locator("#lang").inner_text() == "中文"
    assert page.get_by_placeholder("Search by name…").count() == 1
    assert "Stairwell coverage" in page.locator("#legend").inner_text()
    assert page.evaluate("localStorage.getItem('quhua-explorer-lang')") == "en"
    page.reload()
    page.wait_for_function("window.explorer && window.explorer.ready === true")
    assert page.locator("[data-i18n='legend']").text_content() == "Legend"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-overview-en.png"))
    assert console.errors == []
    page.context.close()


def test_png_and_csv_export_the_view(
    browser: Browser, live_server: str, explorer_db: Runner, tmp_path: Path
) -> None:
    page, console = open_explorer(browser, live_server)
    with page.expect_download() as png:
        page.locator("#export-png").click()
    png_path = tmp_path / "view.png"
    png.value.save_as(png_path)
    picture = png_path.read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "explorer-export.png").write_bytes(picture)
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    # the legend, title, date and filters sit in a band below the graph, not over it
    graph_height = page.evaluate(
        "window.explorer.sigma.getDimensions().height * (window.devicePixelRatio || 1)"
    )
    assert int.from_bytes(picture[20:24], "big") > graph_height + 60
    with page.expect_download() as briefing:  # the current scope's briefing, one click
        page.locator("#report-pdf").click()
    assert briefing.value.path().read_bytes()[:5] == b"%PDF-"
    assert briefing.value.suggested_filename.startswith("briefing-Street-")
    with page.expect_download() as csv:
        page.locator("#export-csv").click()
    text = csv.value.path().read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("key,label,id,name")
    assert len(lines) == 1 + 6  # the six nodes of the overview
    assert any(
        line.startswith("Grid:G1,Grid,G1,百灵一网格,百灵社区,3,2,6,0.667,red") for line in lines
    )
    assert console.errors == []
    page.context.close()
    shutil.rmtree(tmp_path, ignore_errors=True)


def marked_keys(page: Page, overlay_id: str) -> set[str]:
    """Nodes sigma draws in the overlay's colour (what an analyst sees marked)."""
    return set(
        page.evaluate(
            """(id) => {
              const { graph, sigma } = window.explorer;
              const colour = window.explorer.overlayColour(id);
              return graph.filterNodes((key) => {
                const shown = sigma.getNodeDisplayData(key);
                return shown && !shown.hidden && shown.color === colour;
              });
            }""",
            overlay_id,
        )
    )


def test_uncovered_overlay_marks_exactly_the_stairwells_the_api_returns(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    api = page.request.get(f"{live_server}/api/v1/analyses/uncovered-stairwells").json()
    api_keys = {row["node_key"] for row in api["rows"]}
    assert api_keys == {"Stairwell:W2", "Stairwell:W5", "Stairwell:W9"}  # by hand
    assert marked_keys(page, "uncovered") == set()
    page.locator("[data-overlay='uncovered'] input").check()
    page.wait_for_function("window.explorer.overlayData.get('uncovered')?.status === 'ready'")
    marked = marked_keys(page, "uncovered")
    assert len(marked) == api["total"]
    assert marked == api_keys
    assert f"({api['total']})" in page.locator("#legend").inner_text()
    # Everything else fades, so the marks stand out.
    rest = [n for n in displayed(page) if n["key"] not in marked and not n["hidden"]]
    assert rest and all(n["color"] == "#e3e6ea" for n in rest)
    assert "ov=uncovered" in page.url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-uncovered-stairwells.png"))
    assert console.errors == []
    page.context.close()


def test_leaderless_overlay_reopens_from_its_link(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    # G1 has a grid head but no party-group leader, G2 nobody; G3 is dedicated (not checked).
    page, console = open_explorer(browser, live_server, query="?ov=leaderless")
    page.wait_for_function("window.explorer.overlayData.get('leaderless')?.status === 'ready'")
    assert marked_keys(page, "leaderless") == {"Grid:G1", "Grid:G2"}
    assert console.errors == []
    page.context.close()


@pytest.mark.bench
def test_bench_more_than_5000_elements_on_screen(
    browser: Browser, live_server: str, explorer_street_scale: Runner
) -> None:
    """Opens the whole street down to stairwells and liaisons; prints load, redraw and frame
    rate (software WebGL here: no GPU in headless Chromium). Asserts what is drawn, no timing."""
    page, console = open_explorer(browser, live_server)
    page.evaluate("window.explorer.openSubtree('Street:ST1')")
    page.wait_for_function("window.explorer.graph.order > 2000", timeout=60000)
    elements = page.evaluate("window.explorer.countOnScreen()")
    drawn = page.evaluate(
        """() => window.explorer.graph.filterNodes((k) => {
             const d = window.explorer.sigma.getNodeDisplayData(k);
             return d && !d.hidden;
           }).length"""
    )
    assert elements > 5000
    assert drawn == page.evaluate("window.explorer.graph.order")
    numbers = page.evaluate(
        """async () => {
          const { sigma } = window.explorer;
          const redraws = [];
          for (let i = 0; i < 10; i++) {
            const t0 = performance.now();
            sigma.refresh({ skipIndexation: true });
            redraws.push(performance.now() - t0);
          }
          let frames = 0;
          const t0 = performance.now();
          const camera = sigma.getCamera();
          let moving = true;
          const counting = () => { frames += 1; if (moving) requestAnimationFrame(counting); };
          requestAnimationFrame(counting);
          await camera.animate({ ratio: 0.35, angle: 0.6 }, { duration: 1500 });
          await camera.animate({ ratio: 1, angle: 0 }, { duration: 1500 });
          moving = false;
          const seconds = (performance.now() - t0) / 1000;
          redraws.sort((a, b) => a - b);
          return { load_ms: window.explorer.lastLoadMs, redraw_median_ms: redraws[5],
                   fps: frames / seconds };
        }"""
    )
    print(
        f"\nexplorer bench: {elements} elements on screen; load+merge {numbers['load_ms']:.0f} ms;"
        f" full redraw median {numbers['redraw_median_ms']:.1f} ms;"
        f" {numbers['fps']:.1f} frames/s while the camera moves (software WebGL)"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-5000-elements.png"))
    assert console.errors == []
    page.context.close()


def test_search_finds_a_stairwell_by_name_and_shows_it(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    assert not page.evaluate("window.explorer.graph.hasNode('Stairwell:W2')")
    page.locator("#search").fill("百灵1幢")  # the building, then its two stairwells
    result = page.locator("#search-results li[data-key='Stairwell:W2']")
    result.wait_for()
    assert "百灵1幢2单元" in result.inner_text()
    found = page.request.get(f"{live_server}/api/v1/search", params={"q": "百灵1幢"}).json()
    keys = [r["key"] for r in found["results"]]
    assert keys[0] == "Building:B1" and "Stairwell:W2" in keys
    # Chosen with the keyboard: down to it (one past, and back up), then Enter.
    for key in ["ArrowDown"] * (keys.index("Stairwell:W2") + 2) + ["ArrowUp"]:
        page.keyboard.press(key)
    assert page.locator("#search-results li.active").get_attribute("data-key") == "Stairwell:W2"
    page.keyboard.press("Enter")
    page.wait_for_function("window.explorer.view.selected === 'Stairwell:W2'")
    shown = {n["key"]: n for n in displayed(page)}
    assert not shown["Stairwell:W2"]["hidden"]
    # It arrives in context: its building, under its grid.
    assert page.evaluate("window.explorer.graph.hasEdge('Building:B1', 'Grid:G1')")
    assert page.locator("#details-body h3").inner_text() == "百灵1幢2单元"
    assert "sel=Stairwell%3AW2" in page.url
    assert console.errors == []
    page.context.close()


def test_what_if_darkens_the_stairwells_a_removed_liaison_leaves(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    # P1 is the only liaison of W1 and W3: removing P1 leaves both uncovered.
    page, console = open_explorer(browser, live_server)
    page.evaluate("window.explorer.openChildren('Building:B1')")
    page.wait_for_function("window.explorer.graph.hasNode('Stairwell:W1')")
    page.evaluate("window.explorer.openChildren('Stairwell:W1')")
    page.wait_for_function("window.explorer.graph.hasNode('Person:P1')")
    page.evaluate("window.explorer.select('Person:P1')")
    page.get_by_role("button", name="移除后看哪里断联").click()
    page.wait_for_function(f"{GOES_DARK}.length > 0")
    dark = page.evaluate(GOES_DARK)
    assert set(dark) == {"Stairwell:W1", "Stairwell:W3"}
    colours = {n["key"]: n["color"] for n in displayed(page)}
    assert colours["Stairwell:W1"] == colours["Stairwell:W3"] == "#5c0a0a"
    assert "rm=Person%3AP1" in page.url
    assert console.errors == []
    page.context.close()


def test_filters_by_community_and_node_type(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    page.locator("#community-filter").select_option("Community:C2")
    shown = {n["key"] for n in displayed(page) if not n["hidden"]}
    assert shown == {"Street:ST1", "Community:C2", "Grid:G3"}
    assert "c=Community%3AC2" in page.url
    page.locator("#community-filter").select_option("")
    page.locator("#type-filters input[data-type='Grid']").uncheck()
    shown = {n["key"] for n in displayed(page) if not n["hidden"]}
    assert shown == {"Street:ST1", "Community:C1", "Community:C2"}
    assert "hide=Grid" in page.url
    assert console.errors == []
    page.context.close()


def test_expanding_a_neighbourhood_brings_the_grid_leader(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    # P3 LEADS_GRID G1, which the overview shows without its people.
    page, console = open_explorer(browser, live_server)
    page.evaluate("window.explorer.select('Grid:G1')")
    page.get_by_role("button", name="展开邻域").click()
    page.wait_for_function("window.explorer.graph.hasNode('Person:P3')")
    assert page.evaluate("window.explorer.graph.hasEdge('Person:P3', 'Grid:G1')")
    assert "nb=Grid%3AG1" in page.url
    assert console.errors == []
    page.context.close()


# On the Quhua sample network (conftest's `sample_db`): run last, together, like every sample test.


@pytest.mark.sample
def test_sample_overview_shows_every_community_and_grid(
    browser: Browser, live_server: str, sample_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    counts = page.request.get(f"{live_server}/api/v1/stats").json()["nodes"]
    shown = [n for n in displayed(page) if not n["hidden"]]
    by_label = {
        label: sum(1 for n in shown if n["label"] == label) for label in ("Community", "Grid")
    }
    assert by_label == {"Community": counts["Community"], "Grid": counts["Grid"]}, page.locator(
        "#message"
    ).text_content()
    page.wait_for_function("() => !!window.Plotly")
    page.wait_for_function("() => document.querySelectorAll('#charts .main-svg').length >= 5")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-overview.png"))
    page.set_viewport_size({"width": 1400, "height": 1900})  # every dashboard, unscrolled
    page.wait_for_timeout(500)
    page.locator("#right").screenshot(path=str(ARTIFACTS / "explorer-sample-dashboards.png"))
    assert console.errors == []
    page.context.close()


@pytest.mark.sample
def test_sample_uncovered_overlay_marks_as_many_stairwells_as_the_api(
    browser: Browser, live_server: str, sample_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server, query="?ov=uncovered")
    page.wait_for_function(
        "window.explorer.overlayData.get('uncovered')?.status === 'ready'", timeout=60000
    )
    api = page.request.get(
        f"{live_server}/api/v1/analyses/uncovered-stairwells", params={"limit": 10000}
    ).json()
    assert api["total"] > 0
    marked = marked_keys(page, "uncovered")
    assert unexplained_colours(page) == set()
    assert all(key.startswith("Stairwell:") for key in marked)
    assert len(marked) == api["total"]
    assert marked == {row["node_key"] for row in api["rows"]}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-uncovered.png"))
    assert console.errors == []
    page.context.close()


@pytest.mark.sample
def test_sample_every_overlay_loads_and_marks_what_its_analysis_names(
    browser: Browser, live_server: str, sample_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    analyses = {
        "leaderless": "leaderless-grids",
        "overloaded": "overloaded-liaisons",
        "wartime": "wartime-coverage",
        "unpartnered": "unpartnered-communities",
        "brokenchains": "broken-chains",
        "brokers": "brokers",
        "partnerships": "partnerships",
    }
    for overlay, analysis in analyses.items():
        page.locator(f"[data-overlay='{overlay}'] input").check()
        page.wait_for_function(
            f"['ready', 'failed'].includes(window.explorer.overlayData.get('{overlay}')?.status)",
            timeout=60000,
        )
        data = page.evaluate(
            f"""(() => {{ const d = window.explorer.overlayData.get('{overlay}');
                 return {{ status: d.status, error: d.error,
                          marks: d.marks ? [...d.marks.keys()] : [] }}; }})()"""
        )
        assert data["status"] == "ready", data
        rows = page.request.get(
            f"{live_server}/api/v1/analyses/{analysis}", params={"limit": 10000}
        ).json()["rows"]
        if overlay == "partnerships":
            named = {r["partner_key"] for r in rows} | {r["community_key"] for r in rows}
        else:
            named = {r["node_key"] for r in rows}
        assert rows and set(data["marks"]) == named, overlay
        page.locator(f"[data-overlay='{overlay}'] input").uncheck()
    page.locator("[data-overlay='fivecolour'] input").check()
    grid_colours = page.evaluate(
        """() => {
          const { graph, sigma } = window.explorer;
          return graph.filterNodes((k, a) => a.label === 'Grid')
            .map((k) => [graph.getNodeAttribute(k, 'colour'), sigma.getNodeDisplayData(k).color]);
        }"""
    )
    five = {"red": "#d7301f", "orange": "#f08c2e", "yellow": "#e8c930", "blue": "#3a7bd5"}
    five["green"] = "#2e9e57"
    assert grid_colours and all(five[cls] == shown for cls, shown in grid_colours)
    assert unexplained_colours(page) == set()  # the legend says what every colour means
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-five-colour.png"))
    assert console.errors == []
    page.context.close()


@pytest.mark.sample
@pytest.mark.bench
def test_sample_street_down_to_stairwells_is_over_5000_elements(
    browser: Browser, live_server: str, sample_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    street = page.evaluate(
        "window.explorer.graph.filterNodes((key, attrs) => attrs.label === 'Street')[0]"
    )
    page.evaluate(f"window.explorer.openSubtree('{street}')")
    page.wait_for_function("window.explorer.graph.order > 2000", timeout=60000)
    elements = page.evaluate("window.explorer.countOnScreen()")
    load_ms = page.evaluate("window.explorer.lastLoadMs")
    print(f"\nexplorer on the sample: {elements} elements on screen, load+merge {load_ms:.0f} ms")
    assert elements > 5000
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-street.png"))
    assert console.errors == []
    page.context.close()


@pytest.mark.sample
def test_sample_single_point_of_failure_goes_dark_as_what_if_says(
    browser: Browser, live_server: str, sample_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server, query="?ov=spof")
    page.wait_for_function(
        "window.explorer.overlayData.get('spof')?.status === 'ready'", timeout=60000
    )
    worst = page.locator("ol[data-overlay='spof'] li").first
    key = worst.get_attribute("data-key")
    assert key
    worst.click()
    page.wait_for_function(f"{GOES_DARK}.length > 0", timeout=60000)
    api = page.request.get(f"{live_server}/api/v1/what-if", params={"remove": key}).json()
    expected = {s["key"] for s in api["stairwells"]}
    assert expected and set(page.evaluate(GOES_DARK)) == expected
    colours = {n["key"]: n["color"] for n in displayed(page) if not n["hidden"]}
    assert {k for k, colour in colours.items() if colour == "#5c0a0a"} == expected
    assert colours[key] == "#111111"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-what-if.png"))
    assert console.errors == []
    page.context.close()


@pytest.mark.sample
def test_sample_rebalancing_plan_marks_the_stairwells_that_move(
    browser: Browser, live_server: str, sample_db: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    page.locator("[data-overlay='rebalance'] input").check()
    page.wait_for_function("window.explorer.overlayData.ready('rebalance') !== null", timeout=60000)
    csrf = {c["name"]: c["value"] for c in page.context.cookies()}["gs_csrf"]
    plan = page.request.post(
        f"{live_server}/api/v1/plans/rebalance",
        data={"scope": "grid"},
        headers={"X-CSRF-Token": csrf},
    )
    moved = {move["stairwell_key"] for move in plan.json()["moves"]}
    assert moved
    colours = {n["key"]: n["color"] for n in displayed(page) if not n["hidden"]}
    assert {k for k, colour in colours.items() if colour == "#1f78b4"} == moved
    page.wait_for_function("() => !!document.querySelector('#chart-rebalance .main-svg')")
    assert "plan=1" in page.url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-rebalance.png"), full_page=True)
    assert console.errors == []
    page.context.close()


def test_sign_in_page_opens_the_explorer_and_sign_out_leaves_it(
    browser: Browser, live_server: str, explorer_db: Runner
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    context.add_init_script("localStorage.setItem('quhua-explorer-lang', 'en')")
    page = context.new_page()
    console = Console(page)
    page.goto(f"{live_server}/")
    assert page.url == f"{live_server}/sign-in"  # not signed in: sent to sign in first
    assert page.locator("h1").inner_text() == "Sign in to the Three Links network"
    page.fill("#name", ANALYST)
    page.fill("#password", "Not-the-password-1")
    page.click("#sign-in-submit")
    page.wait_for_selector("#sign-in-message:not([hidden])")
    assert "wrong account name" in page.locator("#sign-in-message").inner_text()
    page.fill("#password", ANALYST_PASSWORD)
    page.click("#sign-in-submit")
    # Under the page's Content-Security-Policy: the graph, the charts and the header draw.
    page.wait_for_selector("#chart-coverage-community .main-svg", timeout=20000)
    page.wait_for_selector("#sign-out:not([hidden])")
    assert int(page.locator("#element-count").inner_text()) > 0
    assert page.locator("#session-account").inner_text().startswith(f"{ANALYST} · ")
    page.click("#sign-out")
    page.wait_for_url(f"{live_server}/sign-in")
    page.goto(f"{live_server}/")
    assert page.url == f"{live_server}/sign-in"
    assert [e for e in console.errors if "401" not in e] == []  # the failed try logs a 401
    assert not [e for e in console.errors if "Content Security Policy" in e]
    context.close()


def test_a_community_secretary_sees_only_the_community(
    browser: Browser, live_server: str, explorer_db: Runner, accounts: AccountStore
) -> None:
    if "secretary-c1" not in {account.name for account in accounts.all()}:
        accounts.add("secretary-c1", "community_secretary", "Baili-community-2026", "Community:C1")
    context = browser.new_context(viewport={"width": 1400, "height": 860}, bypass_csp=True)
    signed_in = context.request.post(
        f"{live_server}/api/v1/session",
        data={"name": "secretary-c1", "password": "Baili-community-2026"},
    )
    assert signed_in.ok, signed_in.text()
    page = context.new_page()
    page.goto(f"{live_server}/")
    page.wait_for_function("window.explorer && window.explorer.ready === true", timeout=20000)
    shown = {node["key"] for node in displayed(page) if not node["hidden"]}
    assert shown == {"Community:C1", "Grid:G1", "Grid:G2"}  # not the street, not 航埠社区
    page.locator("#search").fill("百灵")
    page.wait_for_selector("#search-results li")
    assert "百灵" in page.locator("#search-results").inner_text()
    answer = page.request.get(f"{live_server}/api/v1/search", params={"q": "航埠"}).json()
    assert answer["results"] == []  # the other community is not found at all
    context.close()


@pytest.fixture
def drill_street(empty_db: Runner) -> Runner:
    """The drill's hand-built street (tests/fixtures/drill-street.cypher)."""
    load_fixture(empty_db, "drill-street")
    return empty_db


def test_a_drill_runs_in_the_explorer_and_exports_the_assignment_table(
    browser: Browser, live_server: str, drill_street: Runner
) -> None:
    # Recalling D1 and D2 darkens S1, S4, S5, B2, B3, K1, K2 (worked out in tests/test_drill.py);
    # the page must show what the API says and export the same table.
    page, console = open_explorer(browser, live_server)
    page.wait_for_selector("#drill-departments input[value='Department:D1']")
    page.locator("#drill-departments input[value='Department:D1']").check()
    page.locator("#drill-departments input[value='Department:D2']").check()
    page.locator("#drill-run").click()
    page.wait_for_selector("#drill-summary")
    api = page.request.get(f"{live_server}/api/v1/drill?recall=Department:D1,Department:D2").json()
    summary = page.locator("#drill-summary").inner_text()
    assert f"撤出人员 {api['people_out']}" in summary
    assert f"{api['dark']['households']} 户" in summary
    rows = page.locator("#drill-result .drill-table tbody tr[data-key]")
    shown = {rows.nth(i).get_attribute("data-key") for i in range(rows.count())}
    assert shown == {a["place_key"] for a in api["cover"]} | {
        u["place_key"] for u in api["uncovered"]
    }
    with page.expect_download() as download:
        page.locator("#drill-export").click()
    saved = ARTIFACTS / "drill-assignments.xlsx"
    ARTIFACTS.mkdir(exist_ok=True)
    download.value.save_as(saved)
    sheet = load_workbook(saved)["包干表"]
    exported = {row[4]: row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported == {
        **{a["place_key"]: a["name"] for a in api["cover"]},
        **{u["place_key"]: None for u in api["uncovered"]},
    }
    rows.first.click()  # a row shows its place on the graph
    first = rows.first.get_attribute("data-key")
    page.wait_for_function(f"window.explorer.view.selected === '{first}'")
    page.screenshot(path=str(ARTIFACTS / "explorer-drill.png"), full_page=True)
    assert console.errors == []
    page.context.close()


def test_a_stairwell_shows_who_could_take_it(
    browser: Browser, live_server: str, drill_street: Runner
) -> None:
    page, console = open_explorer(browser, live_server)
    page.evaluate("window.explorer.reveal('Stairwell:S1')")
    page.wait_for_selector("#candidates .candidates-table")
    api = page.request.get(f"{live_server}/api/v1/candidates?place=Stairwell:S1").json()
    rows = page.locator("#candidates .candidates-table tbody tr")
    assert [rows.nth(i).get_attribute("data-key") for i in range(rows.count())] == [
        c["person_key"] for c in api["places"][0]["candidates"]
    ]
    assert "住在本楼道的党员" in rows.first.inner_text()
    assert console.errors == []
    page.context.close()
