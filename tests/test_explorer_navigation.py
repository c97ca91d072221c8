"""Moving about the explorer: fold a node's children away and back, undo the last step, zoom
with the buttons, and a link that reopens the same view in the same language in a new browser.

On tests/fixtures/explorer-small.cypher: grid G1 holds buildings B1 and B2; B1 holds stairwells
W1 and W2; W1's liaison is P1 (who also looks after W3, in B2).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from test_explorer_page import browser, displayed, open_explorer  # noqa: F401 (fixture)

from graph_service.db.runner import Runner

pytestmark = pytest.mark.browser


def shown(page: Page) -> set[str]:
    return {node["key"] for node in displayed(page) if not node["hidden"]}


def ratio(page: Page) -> float:
    page.wait_for_function("!window.explorer.sigma.getCamera().isAnimated()")
    return float(page.evaluate("window.explorer.sigma.getCamera().ratio"))


def test_fold_undo_zoom_and_a_link_with_its_language(
    browser: Browser,  # noqa: F811
    live_server: str,
    explorer_db: Runner,
) -> None:
    page, console = open_explorer(browser, live_server)
    assert page.locator("#undo").is_disabled()  # nothing to undo yet
    page.evaluate("window.explorer.openChildren('Grid:G1')")
    page.wait_for_function("window.explorer.graph.hasNode('Building:B1')")
    page.evaluate("window.explorer.openChildren('Building:B1')")
    page.wait_for_function("window.explorer.graph.hasNode('Stairwell:W1')")
    page.evaluate("window.explorer.openChildren('Stairwell:W1')")
    page.wait_for_function("window.explorer.graph.hasNode('Person:P1')")
    below = {"Building:B1", "Building:B2", "Stairwell:W1", "Stairwell:W2", "Person:P1"}
    assert below <= shown(page)

    # Fold G1: everything below it goes, the grid and the rest stay.
    page.evaluate("window.explorer.select('Grid:G1')")
    page.get_by_role("button", name="收起下级").click()
    page.wait_for_function("window.explorer.view.collapsed.includes('Grid:G1')")
    assert not below & shown(page)
    assert {"Grid:G1", "Grid:G2", "Community:C1"} <= shown(page)
    assert "fold=Grid%3AG1" in page.url

    # Undo brings them back (one step back, not out of the page); so does unfolding.
    page.click("#undo")
    page.wait_for_function("window.explorer.view.collapsed.length === 0")
    assert below <= shown(page)
    assert "fold=" not in page.url
    page.evaluate("window.explorer.collapse('Grid:G1')")
    page.evaluate("window.explorer.openChildren('Grid:G1')")
    page.wait_for_function("window.explorer.view.collapsed.length === 0")
    assert below <= shown(page)

    # Zoom buttons: in by the step, out by the step, and the whole graph again.
    page.click("#zoom-fit")
    assert ratio(page) == pytest.approx(1)
    page.click("#zoom-in")
    assert ratio(page) == pytest.approx(1 / 1.5)
    page.click("#zoom-out")
    page.click("#zoom-out")
    assert ratio(page) == pytest.approx(1.5)

    # The language is part of the link: a new browser whose own choice is Chinese opens it in
    # English, with the same view.
    page.evaluate("window.explorer.select('Stairwell:W1')")
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.wait_for_function("location.search.includes('lang=en')")
    link = page.url[len(live_server) + 1 :]
    assert "sel=Stairwell%3AW1" in link
    again, again_console = open_explorer(browser, live_server, lang="zh", query=link)
    assert again.evaluate("document.documentElement.lang") == "en"
    assert again.locator("#reset").inner_text() == page.locator("#reset").inner_text()
    assert again.evaluate("window.explorer.view.selected") == "Stairwell:W1"
    assert shown(again) == shown(page)
    assert console.errors == [] and again_console.errors == []
    again.context.close()
    page.context.close()


def test_questions_lead_to_the_views_that_answer_them(
    browser: Browser,  # noqa: F811
    live_server: str,
    explorer_db: Runner,
) -> None:
    # Covered by hand: 百灵社区 (C1) 3 of 5 stairwells; 航埠社区 (C2) has none to cover.
    page, console = open_explorer(browser, live_server)
    page.click("#questions button[data-question='thin']")
    page.wait_for_function("window.explorer.view.table === 'uncovered'")
    assert page.evaluate("window.explorer.view.community") == "Community:C1"
    assert page.evaluate("[...window.explorer.view.overlays]") == ["uncovered"]
    page.click("#questions button[data-question='overloaded']")
    page.wait_for_function("window.explorer.view.table === 'overloaded'")
    page.click("#questions button[data-question='unpartnered']")
    page.wait_for_function("window.explorer.view.table === 'unpartnered'")
    assert page.locator("#questions").inner_text().startswith("常问：")
    assert console.errors == []
    page.context.close()


@pytest.mark.sample
def test_sample_the_recall_question_recalls_the_department_most_depended_on(
    browser: Browser,  # noqa: F811
    live_server: str,
    sample_db: Runner,
) -> None:
    page, console = open_explorer(browser, live_server)
    rows = page.request.get(f"{live_server}/api/v1/analyses/wartime-dependence").json()["rows"]
    page.click("#questions button[data-question='recall']")
    page.wait_for_function("window.explorer.view.table === 'whatif'")
    assert page.evaluate("window.explorer.view.removed") == [rows[0]["node_key"]]
    page.wait_for_function(
        "window.explorer.overlayData.get('whatif')?.status === 'ready'", timeout=60000
    )
    held = set(rows[0]["place_keys"])
    listed = set(
        page.eval_on_selector_all("#findings tbody tr", "(rows) => rows.map((r) => r.dataset.key)")
    )
    assert held and held <= listed  # every place only it holds is in the list of what goes dark
    assert console.errors == []
    page.context.close()
